provider "aws" {
  default_tags {
    tags = {
      key2 = "value2"
    }
  }
}

resource "aws_inspector2_filter" "test" {
  name   = "tf-acc-test-dtprov"
  action = "NONE"
  filter_criteria {
    aws_account_id {
      comparison = "EQUALS"
      value      = "111222333444"
    }
  }

  tags = null
}
