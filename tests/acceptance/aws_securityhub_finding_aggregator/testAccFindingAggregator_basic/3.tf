resource "aws_securityhub_account" "example" {}

resource "aws_securityhub_finding_aggregator" "test_aggregator" {
  linking_mode      = "SPECIFIED_REGIONS"
  specified_regions = ["eu-west-1", "eu-west-2", "us-east-1"]

  depends_on = [aws_securityhub_account.example]
}
