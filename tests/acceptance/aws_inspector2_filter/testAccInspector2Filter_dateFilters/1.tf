resource "aws_inspector2_filter" "test" {
  name        = "tf-acc-test-fdate"
  action      = "NONE"
  description = "TestDescription_1"
  reason      = "TestReason_1"
  filter_criteria {
    ecr_image_pushed_at {
      start_inclusive = "2026-01-01T10:00:00Z"
      end_inclusive   = "2026-01-01T10:05:00Z"
    }
  }
}
