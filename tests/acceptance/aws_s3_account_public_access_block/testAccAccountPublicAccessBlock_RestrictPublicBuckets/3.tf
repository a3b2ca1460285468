
resource "aws_s3_account_public_access_block" "test" {
  restrict_public_buckets = false
}
