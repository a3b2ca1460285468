resource "aws_inspector2_filter" "test" {
  name        = "tf-acc-test-fstring"
  action      = "NONE"
  description = "TestDescription_1"
  reason      = "TestReason_1"
  filter_criteria {
    code_vulnerability_detector_name {
      comparison = "EQUALS"
      value      = "TestValue1"
    }
  }
}
