# The detective security baseline for a whole AWS Organization, run with the management
# account's credentials. The management account designates a security account as the
# delegated administrator of GuardDuty, Security Hub, Amazon Inspector and IAM Access Analyzer;
# the security account then enrols every member:
#
#   * GuardDuty: a detector in the security account, and the organization configuration that
#     turns GuardDuty on in every member (existing and new) with S3 protection and Runtime
#     Monitoring;
#   * Security Hub: the organization configuration that enables it (with its default
#     standards) in new accounts, the existing members enrolled, and a finding aggregator
#     that gathers every region's findings in this one;
#   * Amazon Inspector: auto-enable for new accounts, the existing members associated and
#     scanned (EC2, ECR, Lambda);
#   * IAM Access Analyzer: one analyzer for the whole organization.
#
# Delegated administration is regional: run this per region (--var region=...).
#
# Runs as written on the sandbox, whose organization has a management account
# (123456789012), a "security" account (210987654321) and a "workloads" account (345678901234);
# the security account is kept in a file of its own beside the default one:
#
#   baseline apply examples/security-baseline/organization --sandbox --auto-approve
#   baseline plan  examples/security-baseline/organization --sandbox --detailed-exitcode   # 0

variable "region" {
  type        = string
  default     = "ap-northeast-1"
  description = "Region the organization's security services are administered in."
}

variable "security_account_id" {
  type        = string
  default     = "210987654321"
  description = "The account that becomes the delegated administrator of every service here."
}

variable "security_role_name" {
  type        = string
  default     = "OrganizationAccountAccessRole"
  description = "Role in the security account that baseline assumes."
}

# Management account: the credentials baseline runs with.
provider "aws" {
  region = var.region
}

# The security (delegated administrator) account.
provider "aws" {
  alias  = "security"
  region = var.region

  assume_role {
    role_arn     = "arn:aws:iam::${var.security_account_id}:role/${var.security_role_name}"
    session_name = "baseline"
  }
}

data "aws_organizations_organization" "org" {}

locals {
  # The organization's active accounts other than the management and security accounts.
  members = {
    for a in data.aws_organizations_organization.org.accounts : a.id => a
    if a.status == "ACTIVE" && a.id != data.aws_organizations_organization.org.master_account_id && a.id != var.security_account_id
  }
}

# ---- 1. The management account designates the security account ----

resource "aws_guardduty_organization_admin_account" "security" {
  admin_account_id = var.security_account_id
}

resource "aws_securityhub_organization_admin_account" "security" {
  admin_account_id = var.security_account_id
}

resource "aws_inspector2_delegated_admin_account" "security" {
  account_id = var.security_account_id
}

resource "aws_organizations_delegated_administrator" "access_analyzer" {
  account_id        = var.security_account_id
  service_principal = "access-analyzer.amazonaws.com"
}

# ---- 2. GuardDuty, from the security account ----

resource "aws_guardduty_detector" "security" {
  provider                     = aws.security
  enable                       = true
  finding_publishing_frequency = "FIFTEEN_MINUTES"
}

resource "aws_guardduty_organization_configuration" "this" {
  provider                         = aws.security
  detector_id                      = aws_guardduty_detector.security.id
  auto_enable_organization_members = "ALL"
  depends_on                       = [aws_guardduty_organization_admin_account.security]
}

resource "aws_guardduty_organization_configuration_feature" "s3" {
  provider    = aws.security
  detector_id = aws_guardduty_detector.security.id
  name        = "S3_DATA_EVENTS"
  auto_enable = "ALL"
  depends_on  = [aws_guardduty_organization_configuration.this]
}

resource "aws_guardduty_organization_configuration_feature" "runtime" {
  provider    = aws.security
  detector_id = aws_guardduty_detector.security.id
  name        = "RUNTIME_MONITORING"
  auto_enable = "ALL"

  additional_configuration {
    name        = "EC2_AGENT_MANAGEMENT"
    auto_enable = "ALL"
  }
  depends_on = [aws_guardduty_organization_configuration.this]
}

# ---- 3. Security Hub, from the security account ----

resource "aws_securityhub_organization_configuration" "this" {
  provider              = aws.security
  auto_enable           = true
  auto_enable_standards = "DEFAULT"
  depends_on            = [aws_securityhub_organization_admin_account.security]
}

resource "aws_securityhub_finding_aggregator" "this" {
  provider     = aws.security
  linking_mode = "ALL_REGIONS"
  depends_on   = [aws_securityhub_organization_admin_account.security]
}

resource "aws_securityhub_member" "members" {
  for_each   = local.members
  provider   = aws.security
  account_id = each.key
  depends_on = [aws_securityhub_organization_configuration.this]
}

# ---- 4. Amazon Inspector, from the security account ----

resource "aws_inspector2_organization_configuration" "this" {
  provider = aws.security

  auto_enable {
    ec2    = true
    ecr    = true
    lambda = true
  }
  depends_on = [aws_inspector2_delegated_admin_account.security]
}

resource "aws_inspector2_member_association" "members" {
  for_each   = local.members
  provider   = aws.security
  account_id = each.key
  depends_on = [aws_inspector2_delegated_admin_account.security]
}

resource "aws_inspector2_enabler" "all" {
  provider       = aws.security
  account_ids    = concat([var.security_account_id], keys(local.members))
  resource_types = ["EC2", "ECR", "LAMBDA"]
  depends_on     = [aws_inspector2_member_association.members]
}

# ---- 5. IAM Access Analyzer for the whole organization ----

resource "aws_accessanalyzer_analyzer" "organization" {
  provider      = aws.security
  analyzer_name = "organization"
  type          = "ORGANIZATION"
  depends_on    = [aws_organizations_delegated_administrator.access_analyzer]
}

output "members" {
  value = sort(keys(local.members))
}
