provider "aws" {
  default_tags {
    tags = {
      providerkey1 = "providervalue1"
    }
  }
}

resource "aws_sns_topic" "test" {
  name = "tf-acc-test-dtnullnonover"

  tags = {
    resourcekey1 = null
  }
}
