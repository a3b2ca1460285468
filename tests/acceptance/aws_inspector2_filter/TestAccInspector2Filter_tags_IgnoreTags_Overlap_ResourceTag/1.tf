provider "aws" {
  default_tags {
    tags = null
  }
  ignore_tags {
    keys = ["resourcekey1"]
  }
}

resource "aws_inspector2_filter" "test" {
  name   = "tf-acc-test-igresource"
  action = "NONE"
  filter_criteria {
    aws_account_id {
      comparison = "EQUALS"
      value      = "111222333444"
    }
  }

  tags = {
    resourcekey1 = "resourcevalue1"
    resourcekey2 = "resourcevalue2"
  }
}
