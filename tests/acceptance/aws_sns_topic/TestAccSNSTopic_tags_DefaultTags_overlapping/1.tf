provider "aws" {
  default_tags {
    tags = {
      overlapkey1 = "providervalue1"
    }
  }
}

resource "aws_sns_topic" "test" {
  name = "tf-acc-test-dtover"

  tags = {
    overlapkey1 = "resourcevalue1"
  }
}
