resource "aws_securityhub_account" "example" {}

resource "aws_securityhub_finding_aggregator" "test_aggregator" {
  linking_mode      = "ALL_REGIONS_EXCEPT_SPECIFIED"
  specified_regions = ["eu-west-1", "eu-west-2"]

  depends_on = [aws_securityhub_account.example]
}
