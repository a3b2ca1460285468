resource "aws_inspector2_filter" "test" {
  name        = "tf-acc-test-fmap"
  action      = "SUPPRESS"
  description = "TestDescription_2"
  reason      = "TestReason_2"
  filter_criteria {
    resource_tags {
      comparison = "EQUALS"
      key        = "some_key_2"
      value      = "some_value_2"
    }
  }
}
