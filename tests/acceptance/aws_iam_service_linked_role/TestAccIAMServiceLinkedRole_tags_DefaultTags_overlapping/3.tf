provider "aws" {
  default_tags {
    tags = {
      overlapkey1 = "providervalue1"
      overlapkey2 = "providervalue2"
    }
  }
}

resource "aws_iam_service_linked_role" "test" {
  aws_service_name = "autoscaling.amazonaws.com"
  custom_suffix    = "tf-acc-test-dtover"

  tags = {
    overlapkey1 = "resourcevalue1"
    overlapkey2 = "resourcevalue2"
  }
}
