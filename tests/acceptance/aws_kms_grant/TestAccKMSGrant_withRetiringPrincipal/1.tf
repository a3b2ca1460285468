resource "aws_kms_key" "test" {
  description             = "tf-acc-test-grantretiring"
  deletion_window_in_days = 7
}

data "aws_iam_policy_document" "test" {
  statement {
    effect  = "Allow"
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["ec2.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "test" {
  name               = "tf-acc-test-grantretiring"
  path               = "/service-role/"
  assume_role_policy = data.aws_iam_policy_document.test.json
}

resource "aws_kms_grant" "test" {
  name               = "tf-acc-test-grantretiring"
  key_id             = aws_kms_key.test.key_id
  grantee_principal  = aws_iam_role.test.arn
  operations         = ["ReEncryptTo", "CreateGrant"]
  retiring_principal = aws_iam_role.test.arn
}
