resource "aws_inspector2_filter" "test" {
  name        = "tf-acc-test-fport"
  action      = "NONE"
  description = "TestDescription_1"
  reason      = "TestReason_1"
  filter_criteria {
    port_range {
      begin_inclusive = 0
      end_inclusive   = 100
    }
  }
}
