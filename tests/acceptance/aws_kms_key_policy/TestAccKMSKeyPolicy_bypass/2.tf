data "aws_caller_identity" "current" {}

resource "aws_kms_key" "test" {
  description             = "tf-acc-test-keypolicybypass"
  deletion_window_in_days = 7
}

resource "aws_kms_key_policy" "test" {
  key_id                             = aws_kms_key.test.id
  bypass_policy_lockout_safety_check = true

  policy = jsonencode({
    Id = "tf-acc-test-keypolicybypass"
    Statement = [
      {
        Action = [
          "kms:CreateKey",
          "kms:DescribeKey",
          "kms:ScheduleKeyDeletion",
          "kms:Describe*",
          "kms:Get*",
          "kms:List*",
          "kms:TagResource",
          "kms:UntagResource",
        ]
        Effect = "Allow"
        Principal = {
          AWS = data.aws_caller_identity.current.arn
        }
        Resource = "*"
        Sid      = "Enable IAM User Permissions"
      },
    ]
    Version = "2012-10-17"
  })
}
