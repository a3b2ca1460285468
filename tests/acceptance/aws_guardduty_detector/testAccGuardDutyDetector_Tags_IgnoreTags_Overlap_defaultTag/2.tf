provider "aws" {
  default_tags {
    tags = {
      providerkey1 = "providervalue1updated"
    }
  }
  ignore_tags {
    keys = ["providerkey1"]
  }
}

resource "aws_guardduty_detector" "test" {
  tags = {
    resourcekey1 = "resourcevalue1"
  }
}
