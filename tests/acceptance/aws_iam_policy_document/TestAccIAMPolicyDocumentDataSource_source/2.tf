
data "aws_iam_policy_document" "test_source_blank" {
  source_policy_documents = [""]

  statement {
    sid       = "SourceJSONTest2"
    actions   = ["*"]
    resources = ["*"]
  }
}
