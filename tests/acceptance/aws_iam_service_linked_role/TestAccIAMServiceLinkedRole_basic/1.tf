resource "aws_iam_service_linked_role" "test" {
  aws_service_name = "inspector.amazonaws.com"
}
