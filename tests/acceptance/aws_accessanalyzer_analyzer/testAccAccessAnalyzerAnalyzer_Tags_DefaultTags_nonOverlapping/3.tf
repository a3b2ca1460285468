provider "aws" {
  default_tags {
    tags = {
      providerkey1 = "providervalue1updated"
    }
  }
}

resource "aws_accessanalyzer_analyzer" "test" {
  analyzer_name = "tf-acc-test-dtnonover"

  tags = {
    resourcekey1 = "resourcevalue1updated"
    resourcekey2 = "resourcevalue2"
  }
}
