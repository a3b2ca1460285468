resource "aws_inspector2_filter" "test" {
  name        = "tf-acc-test-fdisappears"
  action      = "NONE"
  description = "TestDescription_1"
  reason      = "TestReason_1"
  filter_criteria {
    aws_account_id {
      comparison = "EQUALS"
      value      = "111222333444"
    }
  }
}
