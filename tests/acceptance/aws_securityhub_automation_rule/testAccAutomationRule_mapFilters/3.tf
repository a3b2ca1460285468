resource "aws_securityhub_account" "test" {}

resource "aws_securityhub_automation_rule" "test" {
  description = "test description"
  rule_name   = "tf-acc-test-automation-rule"
  rule_order  = 1

  actions {
    finding_fields_update {
      user_defined_fields = {
        key = "value"
      }
    }
    type = "FINDING_FIELDS_UPDATE"
  }

  criteria {
    resource_details_other {
      comparison = "CONTAINS"
      key        = "key2"
      value      = "value2"
    }
  }

  depends_on = [aws_securityhub_account.test]
}
