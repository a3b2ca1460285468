provider "aws" {
  default_tags {
    tags = {
      key1 = "providervalue1"
    }
  }
}

resource "aws_sns_topic" "test" {
  name = "tf-acc-test-dtnullover"

  tags = {
    key1 = null
  }
}
