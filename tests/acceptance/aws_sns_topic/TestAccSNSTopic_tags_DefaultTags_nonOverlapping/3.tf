provider "aws" {
  default_tags {
    tags = {
      providerkey1 = "providervalue1updated"
    }
  }
}

resource "aws_sns_topic" "test" {
  name = "tf-acc-test-dtnonover"

  tags = {
    resourcekey1 = "resourcevalue1updated"
    resourcekey2 = "resourcevalue2"
  }
}
