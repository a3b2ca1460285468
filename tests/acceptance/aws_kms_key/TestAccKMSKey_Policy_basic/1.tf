resource "aws_kms_key" "test" {
  description             = "tf-acc-test-keypolicy"
  deletion_window_in_days = 7

  policy = jsonencode({
    Id = "tf-acc-test-keypolicy"
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
