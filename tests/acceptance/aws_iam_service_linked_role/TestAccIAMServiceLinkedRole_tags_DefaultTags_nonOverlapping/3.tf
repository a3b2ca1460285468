provider "aws" {
  default_tags {
    tags = {
      providerkey1 = "providervalue1updated"
    }
  }
}

resource "aws_iam_service_linked_role" "test" {
  aws_service_name = "autoscaling.amazonaws.com"
  custom_suffix    = "tf-acc-test-dtnonover"

  tags = {
    resourcekey1 = "resourcevalue1updated"
    resourcekey2 = "resourcevalue2"
  }
}
