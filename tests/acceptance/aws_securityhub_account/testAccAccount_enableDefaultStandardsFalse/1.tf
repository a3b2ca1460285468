resource "aws_securityhub_account" "test" {
  enable_default_standards = false
}
