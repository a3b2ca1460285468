# The intent of the article "Amazon Inspector を CloudFormation で設定する", on today's
# Amazon Inspector (v2). The article set up Inspector Classic: a service-linked role, an IAM
# role for EventBridge, an assessment target and template, and a weekly EventBridge schedule
# ("every Monday 9AM") that started the assessment (see examples/inspector-classic).
#
# Inspector v2 needs none of that plumbing. Once enabled it scans continuously: EC2 instances
# (through SSM), ECR images on push and Lambda functions on deploy. What is left to declare:
#
#   1. which scan types are enabled, per region,
#   2. the weekly CIS benchmark scan the article's schedule was really about, per region,
#   3. a suppression filter for findings you have decided not to fix, per region.
#
# Inspector v2 is regional, like Classic: every piece is declared once per region with
# for_each, and `region = each.key` places each instance. Instances are addressed like
# aws_inspector2_enabler.this["ap-northeast-1"]. Runs as written on the sandbox:
#
#   baseline apply examples/inspector2 --sandbox --auto-approve

provider "aws" {
  # Only the default; every resource below sets its own region.
  region = "ap-northeast-1"
}

variable "regions" {
  type        = set(string)
  default     = ["ap-northeast-1", "us-east-1"]
  description = "Regions where Amazon Inspector is enabled and configured."
}

variable "account_id" {
  type = string
  # There is no caller-identity data source, so the account is named here. The default is the
  # sandbox account; set it with --var account_id=... for a real one.
  default     = "123456789012"
  description = "The AWS account Amazon Inspector scans."
}

variable "cis_tag" {
  type        = map(list(string))
  default     = { "InspectorCis" = ["true"] }
  description = "Instances carrying one of these tags get the weekly CIS benchmark scan."
}

locals {
  prefix = "DefaultSecuritySettings"
}

# 1. Turn on scanning of EC2 instances, ECR container images and Lambda functions for the
#    account. This replaces the Classic article's assessment target ("all instances") and
#    template with its four rules packages: v2 picks the right checks (CVEs, network
#    reachability) by itself and keeps findings current as software changes, instead of
#    looking once a week for an hour. Inspector v2 creates its own service-linked role
#    (AWSServiceRoleForAmazonInspector2) when enabled, so there is no role to declare.
#    Destroying this disables the scan types again.
resource "aws_inspector2_enabler" "this" {
  for_each       = var.regions
  region         = each.key
  account_ids    = [var.account_id]
  resource_types = ["EC2", "ECR", "LAMBDA"]
}

# 2. What the article's weekly schedule was for: a CIS benchmark assessment of the instances'
#    operating systems, "every Monday 9AM". The Classic article wrote cron(0 9 ? * 1 *), and
#    EventBridge cron counts day-of-week from 1 = SUNDAY and runs in UTC: that fired every
#    Sunday at 09:00 UTC (18:00 in Tokyo). Inspector v2 schedules CIS scans itself, with named
#    days and an explicit time zone, so Monday 09:00 Tokyo time is written exactly as meant.
#    `baseline plan` still reads the schedule back in words under the resource header
#    ("runs every week on MON at 09:00 Asia/Tokyo"), so a slip would show in review.
#
#    CIS scans run on instances managed by SSM; the target selects this account's instances
#    that carry the tag in var.cis_tag (tag the instances you want benchmarked).
#    LEVEL_1 is the CIS baseline profile; LEVEL_2 adds the stricter checks.
resource "aws_inspector2_cis_scan_configuration" "weekly" {
  for_each       = var.regions
  region         = each.key
  scan_name      = "${local.prefix}-Weekly-CIS-${each.key}"
  security_level = "LEVEL_1"

  schedule {
    weekly {
      days = ["MON"]
      start_time {
        time_of_day = "09:00"
        time_zone   = "Asia/Tokyo"
      }
    }
  }

  targets {
    account_ids          = [var.account_id]
    target_resource_tags = var.cis_tag
  }

  tags = {
    ManagedBy = "baseline"
  }

  # Scans need the service enabled in the region first.
  depends_on = [aws_inspector2_enabler.this]
}

# 3. Findings you cannot or will not fix. Classic could only leave them in the next report
#    (the article's "exclude findings" was a manual step); v2 suppression rules hide matching
#    findings now and in the future, in the console, in Security Hub and in EventBridge
#    events. Suppressed findings are not deleted and can be reviewed by filtering on them.
#    Here: informational findings, which describe configuration rather than a vulnerability
#    and have no fix to apply. Add criteria (vulnerability_id, finding_type, resource_tags...)
#    for the specific findings your team accepts, and record why in `reason`.
resource "aws_inspector2_filter" "suppress_informational" {
  for_each    = var.regions
  region      = each.key
  name        = "${local.prefix}-Suppress-Informational"
  action      = "SUPPRESS"
  description = "Informational findings have no fix to apply."
  reason      = "Accepted by the security team: informational only."

  filter_criteria {
    severity {
      comparison = "EQUALS"
      value      = "INFORMATIONAL"
    }
  }

  depends_on = [aws_inspector2_enabler.this]
}
