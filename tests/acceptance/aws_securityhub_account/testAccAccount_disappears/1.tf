resource "aws_securityhub_account" "test" {}
