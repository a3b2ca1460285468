provider "aws" {
  default_tags {
    tags = {
      key2 = "value2"
    }
  }
}

resource "aws_guardduty_detector" "test" {
  tags = null
}
