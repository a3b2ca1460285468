resource "aws_inspector2_filter" "test" {
  name        = "tf-acc-test-fnumber"
  action      = "NONE"
  description = "TestDescription_1"
  reason      = "TestReason_1"
  filter_criteria {
    epss_score {
      lower_inclusive = "0"
      upper_inclusive = "100"
    }
  }
}
