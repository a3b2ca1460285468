resource "aws_inspector2_filter" "test" {
  name        = "tf-acc-test-fdate"
  action      = "SUPPRESS"
  description = "TestDescription_2"
  reason      = "TestReason_2"
  filter_criteria {
    ecr_image_pushed_at {
      start_inclusive = "2026-01-01T10:06:00Z"
      end_inclusive   = "2026-01-01T10:10:00Z"
    }
  }
}
