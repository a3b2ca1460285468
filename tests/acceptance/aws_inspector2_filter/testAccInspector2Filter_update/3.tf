resource "aws_inspector2_filter" "test" {
  name        = "tf-acc-test-fupdate"
  action      = "SUPPRESS"
  description = "TestDescription_2"
  reason      = "TestReason_2"
  filter_criteria {
    aws_account_id {
      comparison = "NOT_EQUALS"
      value      = "444333222111"
    }
  }
}
