provider "aws" {
  default_tags {
    tags = {
      overlapkey1 = "providervalue1"
    }
  }
}

resource "aws_iam_service_linked_role" "test" {
  aws_service_name = "autoscaling.amazonaws.com"
  custom_suffix    = "tf-acc-test-dtover"

  tags = {
    overlapkey1 = "resourcevalue2"
  }
}
