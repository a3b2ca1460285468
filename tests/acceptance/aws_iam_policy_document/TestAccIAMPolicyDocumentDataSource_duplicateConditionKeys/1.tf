
data "aws_iam_policy_document" "test" {
  statement {
    sid = "DuplicateConditionTest"

    effect = "Allow"

    principals {
      type        = "Service"
      identifiers = ["cloudtrail.amazonaws.com"]
    }

    actions = ["s3:PutObject"]

    resources = ["*"]

    condition {
      test     = "StringEquals"
      variable = "s3:prefix"
      values   = ["one/", "two/"]
    }
    condition {
      test     = "StringEquals"
      variable = "s3:prefix"
      values   = ["three/"]
    }
  }
}
