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

resource "aws_inspector2_filter" "test" {
  name   = "tf-acc-test-igdefault"
  action = "NONE"
  filter_criteria {
    aws_account_id {
      comparison = "EQUALS"
      value      = "111222333444"
    }
  }

  tags = {
    resourcekey1 = "resourcevalue1"
  }
}
