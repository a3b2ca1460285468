resource "aws_kms_key" "test" {
  description             = "tf-acc-test-keypolicybasic"
  deletion_window_in_days = 7
}
resource "aws_kms_key_policy" "test" {
  key_id = aws_kms_key.test.id
  policy = jsonencode({
    Id = "tf-acc-test-keypolicybasic"
    Statement = [{
      Sid    = "Enable IAM User Permissions"
      Effect = "Allow"
      Principal = {
        "AWS" : "*"
      }
      Action   = "kms:*"
      Resource = "*"
    }]
    Version = "2012-10-17"
  })
}
