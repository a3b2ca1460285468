# The detective security baseline of one account and region: the article's main stack turned
# on every security service of an account, with Amazon Inspector as one of them. Here:
#
#   * Amazon GuardDuty, with S3 protection and Runtime Monitoring (its agent managed on EC2 and
#     ECS Fargate),
#   * AWS Security Hub with the AWS Foundational Security Best Practices and CIS AWS
#     Foundations Benchmark standards, and a finding aggregator (this is the home region),
#   * IAM Access Analyzer for the account,
#   * Amazon Inspector (v2) scanning EC2, ECR and Lambda,
#   * the account-wide switches: EBS encryption by default, no public sharing of EBS
#     snapshots, and the S3 public access block for the whole account,
#   * the findings of all four services routed to one SNS topic encrypted with a KMS key of
#     its own, which mails the security team.
#
# Runs as written on the sandbox:
#
#   baseline apply examples/security-baseline/account --sandbox --auto-approve
#   baseline plan  examples/security-baseline/account --sandbox --detailed-exitcode   # 0: nothing to do

provider "aws" {
  region = var.region
}

variable "region" {
  type        = string
  default     = "ap-northeast-1"
  description = "The region this baseline holds in (Security Hub's home region)."
}

variable "notify_email" {
  type        = string
  default     = "security@example.com"
  description = "Where findings are mailed."
}

data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}

locals {
  account   = data.aws_caller_identity.current.account_id
  partition = data.aws_partition.current.partition
}

# ---- Amazon GuardDuty ----

resource "aws_guardduty_detector" "this" {
  enable                       = true
  finding_publishing_frequency = "FIFTEEN_MINUTES"
}

resource "aws_guardduty_detector_feature" "s3" {
  detector_id = aws_guardduty_detector.this.id
  name        = "S3_DATA_EVENTS"
  status      = "ENABLED"
}

resource "aws_guardduty_detector_feature" "runtime" {
  detector_id = aws_guardduty_detector.this.id
  name        = "RUNTIME_MONITORING"
  status      = "ENABLED"

  additional_configuration {
    name   = "EC2_AGENT_MANAGEMENT"
    status = "ENABLED"
  }
  additional_configuration {
    name   = "ECS_FARGATE_AGENT_MANAGEMENT"
    status = "ENABLED"
  }
}

# ---- AWS Security Hub ----

resource "aws_securityhub_account" "this" {
  enable_default_standards = false
  auto_enable_controls     = true
}

resource "aws_securityhub_standards_subscription" "fsbp" {
  standards_arn = "arn:${local.partition}:securityhub:${var.region}::standards/aws-foundational-security-best-practices/v/1.0.0"
  depends_on    = [aws_securityhub_account.this]
}

resource "aws_securityhub_standards_subscription" "cis" {
  standards_arn = "arn:${local.partition}:securityhub:${var.region}::standards/cis-aws-foundations-benchmark/v/3.0.0"
  depends_on    = [aws_securityhub_account.this]
}

resource "aws_securityhub_finding_aggregator" "this" {
  linking_mode = "ALL_REGIONS"
  depends_on   = [aws_securityhub_account.this]
}

# ---- IAM Access Analyzer ----

resource "aws_accessanalyzer_analyzer" "account" {
  analyzer_name = "account"
  type          = "ACCOUNT"
}

# ---- Amazon Inspector (v2) ----

resource "aws_inspector2_enabler" "this" {
  account_ids    = [local.account]
  resource_types = ["EC2", "ECR", "LAMBDA"]
}

# ---- Account-wide switches ----

resource "aws_ebs_encryption_by_default" "this" {
  enabled = true
}

resource "aws_ebs_snapshot_block_public_access" "this" {
  state = "block-all-sharing"
}

resource "aws_s3_account_public_access_block" "this" {
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

# ---- Findings to one encrypted SNS topic ----

data "aws_iam_policy_document" "key" {
  statement {
    sid       = "AccountAdministersKey"
    actions   = ["kms:*"]
    resources = ["*"]
    principals {
      type        = "AWS"
      identifiers = ["arn:${local.partition}:iam::${local.account}:root"]
    }
  }

  # EventBridge encrypts what it publishes to the topic with this key.
  statement {
    sid       = "EventBridgeEncryptsFindings"
    actions   = ["kms:GenerateDataKey*", "kms:Decrypt"]
    resources = ["*"]
    principals {
      type        = "Service"
      identifiers = ["events.amazonaws.com"]
    }
  }
}

resource "aws_kms_key" "findings" {
  description             = "Encrypts the security findings topic"
  deletion_window_in_days = 30
  enable_key_rotation     = true
  policy                  = data.aws_iam_policy_document.key.json
}

resource "aws_kms_alias" "findings" {
  name          = "alias/security-findings"
  target_key_id = aws_kms_key.findings.key_id
}

resource "aws_sns_topic" "findings" {
  name              = "security-findings"
  kms_master_key_id = aws_kms_alias.findings.arn
}

data "aws_iam_policy_document" "publish" {
  statement {
    sid       = "EventBridgePublishesFindings"
    actions   = ["sns:Publish"]
    resources = [aws_sns_topic.findings.arn]
    principals {
      type        = "Service"
      identifiers = ["events.amazonaws.com"]
    }
  }
}

resource "aws_sns_topic_policy" "findings" {
  arn    = aws_sns_topic.findings.arn
  policy = data.aws_iam_policy_document.publish.json
}

resource "aws_sns_topic_subscription" "mail" {
  topic_arn = aws_sns_topic.findings.arn
  protocol  = "email"
  endpoint  = var.notify_email
}

# One EventBridge rule per service, each matching the findings worth a person's attention.
locals {
  finding_rules = {
    guardduty = {
      description = "GuardDuty findings of severity 7 or more"
      pattern = {
        source        = ["aws.guardduty"]
        "detail-type" = ["GuardDuty Finding"]
        detail        = { severity = [{ numeric = [">=", 7] }] }
      }
    }
    securityhub = {
      description = "Security Hub findings rated HIGH or CRITICAL"
      pattern = {
        source        = ["aws.securityhub"]
        "detail-type" = ["Security Hub Findings - Imported"]
        detail        = { findings = { Severity = { Label = ["HIGH", "CRITICAL"] } } }
      }
    }
    inspector2 = {
      description = "Amazon Inspector findings rated HIGH or CRITICAL"
      pattern = {
        source        = ["aws.inspector2"]
        "detail-type" = ["Inspector2 Finding"]
        detail        = { severity = ["HIGH", "CRITICAL"], status = ["ACTIVE"] }
      }
    }
    accessanalyzer = {
      description = "Access Analyzer findings of resources shared outside the account"
      pattern = {
        source        = ["aws.access-analyzer"]
        "detail-type" = ["Access Analyzer Finding"]
        detail        = { status = ["ACTIVE"] }
      }
    }
  }
}

resource "aws_cloudwatch_event_rule" "findings" {
  for_each      = local.finding_rules
  name          = "security-findings-${each.key}"
  description   = each.value.description
  event_pattern = jsonencode(each.value.pattern)
}

resource "aws_cloudwatch_event_target" "findings" {
  for_each  = aws_cloudwatch_event_rule.findings
  rule      = each.value.name
  target_id = "sns"
  arn       = aws_sns_topic.findings.arn
}

output "detector_id" {
  value = aws_guardduty_detector.this.id
}

output "securityhub_standards" {
  value = [for s in [aws_securityhub_standards_subscription.fsbp, aws_securityhub_standards_subscription.cis] : s.standards_arn]
}

output "findings_topic" {
  value = aws_sns_topic.findings.arn
}
