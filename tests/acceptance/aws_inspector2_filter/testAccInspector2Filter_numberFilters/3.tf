resource "aws_inspector2_filter" "test" {
  name        = "tf-acc-test-fnumber"
  action      = "SUPPRESS"
  description = "TestDescription_2"
  reason      = "TestReason_2"
  filter_criteria {
    epss_score {
      lower_inclusive = "1"
      upper_inclusive = "101"
    }
  }
}
