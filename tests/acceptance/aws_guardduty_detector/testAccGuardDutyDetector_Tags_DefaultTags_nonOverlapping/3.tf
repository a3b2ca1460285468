provider "aws" {
  default_tags {
    tags = {
      providerkey1 = "providervalue1updated"
    }
  }
}

resource "aws_guardduty_detector" "test" {
  tags = {
    resourcekey1 = "resourcevalue1updated"
    resourcekey2 = "resourcevalue2"
  }
}
