
resource "aws_s3_account_public_access_block" "test" {
  block_public_policy = false
}
