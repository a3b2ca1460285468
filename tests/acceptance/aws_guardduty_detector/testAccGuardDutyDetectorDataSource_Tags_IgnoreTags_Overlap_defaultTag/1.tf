provider "aws" {
  default_tags {
    tags = {
      providerkey1 = "providervalue1"
    }
  }
  ignore_tags {
    keys = ["providerkey1"]
  }
}

data "aws_guardduty_detector" "test" {
  id = aws_guardduty_detector.test.id
}

resource "aws_guardduty_detector" "test" {
  tags = {
    resourcekey1 = "resourcevalue1"
  }
}
