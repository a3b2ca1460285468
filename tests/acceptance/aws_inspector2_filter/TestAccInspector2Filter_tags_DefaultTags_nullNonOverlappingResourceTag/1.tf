provider "aws" {
  default_tags {
    tags = {
      providerkey1 = "providervalue1"
    }
  }
}

resource "aws_inspector2_filter" "test" {
  name   = "tf-acc-test-dtnullnonover"
  action = "NONE"
  filter_criteria {
    aws_account_id {
      comparison = "EQUALS"
      value      = "111222333444"
    }
  }

  tags = {
    resourcekey1 = null
  }
}
