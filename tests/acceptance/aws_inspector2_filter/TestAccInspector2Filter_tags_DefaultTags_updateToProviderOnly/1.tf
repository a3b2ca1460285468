resource "aws_inspector2_filter" "test" {
  name   = "tf-acc-test-dttoprov"
  action = "NONE"
  filter_criteria {
    aws_account_id {
      comparison = "EQUALS"
      value      = "111222333444"
    }
  }

  tags = {
    key1 = "value1"
  }
}
