provider "aws" {
  default_tags {
    tags = {
      providerkey1 = "providervalue1"
    }
  }
  ignore_tags {
    keys = ["providerkey1"]
  }
}

resource "aws_accessanalyzer_analyzer" "test" {
  analyzer_name = "tf-acc-test-igdefault"

  tags = {
    resourcekey1 = "resourcevalue1"
  }
}
