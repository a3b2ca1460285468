provider "aws" {
  default_tags {
    tags = null
  }
  ignore_tags {
    keys = ["resourcekey1"]
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
