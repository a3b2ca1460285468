
resource "aws_s3_account_public_access_block" "test" {
  block_public_acls       = false
  block_public_policy     = false
  ignore_public_acls      = false
  restrict_public_buckets = false
}

data "aws_s3_account_public_access_block" "test" {
  depends_on = [aws_s3_account_public_access_block.test]
}
