provider "aws" {
  default_tags {
    tags = {
      key1 = "providervalue1"
    }
  }
}

resource "aws_accessanalyzer_analyzer" "test" {
  analyzer_name = "tf-acc-test-dtnullover"

  tags = {
    key1 = null
  }
}
