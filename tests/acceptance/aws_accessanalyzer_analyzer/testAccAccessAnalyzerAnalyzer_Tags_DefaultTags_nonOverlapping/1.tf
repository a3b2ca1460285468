provider "aws" {
  default_tags {
    tags = {
      providerkey1 = "providervalue1"
    }
  }
}

resource "aws_accessanalyzer_analyzer" "test" {
  analyzer_name = "tf-acc-test-dtnonover"

  tags = {
    resourcekey1 = "resourcevalue1"
  }
}
