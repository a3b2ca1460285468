provider "aws" {
  default_tags {
    tags = null
  }
  ignore_tags {
    keys = ["resourcekey1"]
  }
}

resource "aws_accessanalyzer_analyzer" "test" {
  analyzer_name = "tf-acc-test-igresource"

  tags = {
    resourcekey1 = "resourcevalue1"
    resourcekey2 = "resourcevalue2"
  }
}
