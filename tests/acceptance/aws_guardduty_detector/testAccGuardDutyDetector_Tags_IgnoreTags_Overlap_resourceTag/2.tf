provider "aws" {
  default_tags {
    tags = null
  }
  ignore_tags {
    keys = ["resourcekey1"]
  }
}

resource "aws_guardduty_detector" "test" {
  tags = {
    resourcekey1 = "resourcevalue1updated"
    resourcekey2 = "resourcevalue2"
  }
}
