provider "aws" {
  alias = "awsalternate"

  assume_role {
    role_arn = "arn:aws:iam::210987654321:role/OrganizationAccountAccessRole"
  }
}

data "aws_caller_identity" "member" {
  provider = aws.awsalternate
}

resource "aws_securityhub_organization_admin_account" "test" {
  admin_account_id = data.aws_caller_identity.member.account_id
}

resource "aws_securityhub_finding_aggregator" "test" {
  provider = aws.awsalternate

  linking_mode = "ALL_REGIONS"

  depends_on = [aws_securityhub_organization_admin_account.test]
}

resource "aws_securityhub_organization_configuration" "test" {
  provider = aws.awsalternate

  auto_enable           = false
  auto_enable_standards = "NONE"
  organization_configuration {
    configuration_type = "CENTRAL"
  }

  depends_on = [aws_securityhub_finding_aggregator.test]
}

resource "aws_securityhub_configuration_policy" "test" {
  provider = aws.awsalternate

  name = "ControlCustomParametersPolicy"

  configuration_policy {
    service_enabled = true
    enabled_standard_arns = [
      "arn:aws:securityhub:us-west-2::standards/aws-foundational-security-best-practices/v/1.0.0"
    ]

    security_controls_configuration {
      disabled_control_identifiers = []

      security_control_custom_parameter {
        security_control_id = "DocumentDB.2"

        parameter {
          name       = "minimumBackupRetentionPeriod"
          value_type = "CUSTOM"
          int {
            value = 20
          }
        }
      }
    }
  }

  depends_on = [aws_securityhub_organization_configuration.test]
}
