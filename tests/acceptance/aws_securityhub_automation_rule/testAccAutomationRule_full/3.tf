data "aws_region" "current" {}
data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}

resource "aws_securityhub_account" "test" {}

resource "aws_securityhub_automation_rule" "test" {
  description = "test description"
  rule_name   = "tf-acc-test-automation-rule"
  rule_order  = 1

  actions {
    finding_fields_update {
      confidence  = 10
      criticality = 15
      types       = ["Software and Configuration Checks/Industry and Regulatory Standards"]

      note {
        text       = "This is a non-critical resource. Please review in due time."
        updated_by = "sechub-automation"
      }
      related_findings {
        id          = "tf-acc-test-automation-rule"
        product_arn = "arn:${data.aws_partition.current.partition}:securityhub:${data.aws_region.current.name}:${data.aws_caller_identity.current.account_id}:product/aws/inspector"
      }
      severity {
        label   = "LOW"
        product = "15.5"
      }
      user_defined_fields = {
        key = "value"
      }
      workflow {
        status = "NEW"
      }
    }
    type = "FINDING_FIELDS_UPDATE"
  }

  criteria {
    aws_account_id {
      comparison = "EQUALS"
      value      = "1234567890"
    }
    created_at {
      date_range {
        unit  = "DAYS"
        value = 10
      }
    }
  }

  depends_on = [aws_securityhub_account.test]
}
