resource "aws_inspector2_filter" "test" {
  name        = "tf-acc-test-fmap"
  action      = "NONE"
  description = "TestDescription_1"
  reason      = "TestReason_1"
  filter_criteria {
    resource_tags {
      comparison = "EQUALS"
      key        = "some_key_1"
      value      = "some_value_1"
    }
  }
}
