
data "aws_iam_policy_document" "test" {
  override_policy_documents = ["{"]
}
