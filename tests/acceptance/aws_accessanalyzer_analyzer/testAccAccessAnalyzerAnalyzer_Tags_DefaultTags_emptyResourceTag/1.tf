provider "aws" {
  default_tags {
    tags = {
      key1 = "value1"
    }
  }
}

resource "aws_accessanalyzer_analyzer" "test" {
  analyzer_name = "tf-acc-test-dtemptyres"

  tags = {
    key1 = ""
  }
}
