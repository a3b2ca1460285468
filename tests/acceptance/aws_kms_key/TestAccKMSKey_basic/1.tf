resource "aws_kms_key" "test" {}
