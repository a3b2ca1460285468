resource "aws_inspector2_filter" "test" {
  name        = "tf-acc-test-fstring"
  action      = "SUPPRESS"
  description = "TestDescription_2"
  reason      = "TestReason_2"
  filter_criteria {
    code_vulnerability_detector_name {
      comparison = "NOT_EQUALS"
      value      = "TestValue_2"
    }
  }
}
