provider "aws" {
  default_tags {
    tags = {
      overlapkey1 = "providervalue1"
    }
  }
}

resource "aws_guardduty_detector" "test" {
  tags = {
    overlapkey1 = "resourcevalue2"
  }
}
