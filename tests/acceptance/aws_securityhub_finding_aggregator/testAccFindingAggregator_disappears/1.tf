resource "aws_securityhub_account" "example" {}

resource "aws_securityhub_finding_aggregator" "test_aggregator" {
  linking_mode = "ALL_REGIONS"

  depends_on = [aws_securityhub_account.example]
}
