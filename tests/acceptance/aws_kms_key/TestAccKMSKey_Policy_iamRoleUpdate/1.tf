resource "aws_kms_key" "test" {
  description             = "tf-acc-test-keyiamroleupdate"
  deletion_window_in_days = 7

  policy = jsonencode({
    Id = "tf-acc-test-keyiamroleupdate"
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
