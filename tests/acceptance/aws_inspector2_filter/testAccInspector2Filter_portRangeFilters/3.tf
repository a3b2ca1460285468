resource "aws_inspector2_filter" "test" {
  name        = "tf-acc-test-fport"
  action      = "SUPPRESS"
  description = "TestDescription_2"
  reason      = "TestReason_2"
  filter_criteria {
    port_range {
      begin_inclusive = 101
      end_inclusive   = 200
    }
  }
}
