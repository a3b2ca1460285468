provider "aws" {
  default_tags {
    tags = {
      key1 = "providervalue1"
    }
  }
}

resource "aws_guardduty_detector" "test" {
  tags = {
    key1 = null
  }
}
