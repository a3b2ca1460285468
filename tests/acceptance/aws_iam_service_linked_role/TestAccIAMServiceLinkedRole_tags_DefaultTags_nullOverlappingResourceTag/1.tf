provider "aws" {
  default_tags {
    tags = {
      key1 = "providervalue1"
    }
  }
}

resource "aws_iam_service_linked_role" "test" {
  aws_service_name = "autoscaling.amazonaws.com"
  custom_suffix    = "tf-acc-test-dtnullover"

  tags = {
    key1 = null
  }
}
