provider "aws" {
  default_tags {
    tags = {
      key1 = ""
    }
  }
}

resource "aws_guardduty_detector" "test" {
  tags = null
}
