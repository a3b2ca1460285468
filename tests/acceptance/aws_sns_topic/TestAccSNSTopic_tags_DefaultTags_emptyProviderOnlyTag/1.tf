provider "aws" {
  default_tags {
    tags = {
      key1 = ""
    }
  }
}

resource "aws_sns_topic" "test" {
  name = "tf-acc-test-dtemptyprov"

  tags = null
}
