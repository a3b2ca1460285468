provider "aws" {
  default_tags {
    tags = {
      overlapkey1 = "providervalue1"
    }
  }
}

resource "aws_accessanalyzer_analyzer" "test" {
  analyzer_name = "tf-acc-test-dtover"

  tags = {
    overlapkey1 = "resourcevalue2"
  }
}
