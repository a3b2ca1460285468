
resource "aws_s3_account_public_access_block" "test" {
  ignore_public_acls = true
}
