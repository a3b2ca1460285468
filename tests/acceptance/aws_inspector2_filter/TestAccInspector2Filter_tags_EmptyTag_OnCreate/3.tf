resource "aws_inspector2_filter" "test" {
  name   = "tf-acc-test-tagsempty"
  action = "NONE"
  filter_criteria {
    aws_account_id {
      comparison = "EQUALS"
      value      = "111222333444"
    }
  }

  tags = null
}
