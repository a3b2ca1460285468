provider "aws" {
  default_tags {
    tags = {
      overlapkey1 = "providervalue1"
      overlapkey2 = "providervalue2"
    }
  }
}

resource "aws_accessanalyzer_analyzer" "test" {
  analyzer_name = "tf-acc-test-dtover"

  tags = {
    overlapkey1 = "resourcevalue1"
    overlapkey2 = "resourcevalue2"
  }
}
