resource "aws_iam_service_linked_role" "test" {
  aws_service_name = "custom-resource.application-autoscaling.amazonaws.com"
}
