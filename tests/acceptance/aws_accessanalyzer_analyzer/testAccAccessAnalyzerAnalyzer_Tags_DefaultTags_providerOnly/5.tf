provider "aws" {
  default_tags {
    tags = {
      key2 = "value2"
    }
  }
}

resource "aws_accessanalyzer_analyzer" "test" {
  analyzer_name = "tf-acc-test-dtprov"

  tags = null
}
