data "aws_partition" "current" {}

resource "aws_securityhub_account" "test" {
  enable_default_standards = false
}

resource "aws_securityhub_standards_subscription" "test" {
  standards_arn = "arn:${data.aws_partition.current.partition}:securityhub:::ruleset/cis-aws-foundations-benchmark/v/1.2.0"
  depends_on    = [aws_securityhub_account.test]
}

resource "aws_securityhub_standards_control_association" "test" {
  security_control_id = "IAM.1"
  standards_arn       = aws_securityhub_standards_subscription.test.standards_arn
  association_status  = "ENABLED"
}
