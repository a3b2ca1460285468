
data "aws_iam_policy_document" "test" {
  source_policy_documents = ["{"]
}
