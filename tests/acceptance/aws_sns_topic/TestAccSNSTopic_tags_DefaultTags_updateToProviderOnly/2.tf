provider "aws" {
  default_tags {
    tags = {
      key1 = "value1"
    }
  }
}

resource "aws_sns_topic" "test" {
  name = "tf-acc-test-dttoprov"

  tags = null
}
