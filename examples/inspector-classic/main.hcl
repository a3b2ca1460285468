# The security baseline from the article "Amazon Inspector を CloudFormation で設定する",
# expressed for baseline. Five pieces, in the order the article builds them:
#
#   1. the service-linked role Amazon Inspector uses to read your EC2 instances,
#   2. a role EventBridge assumes to start assessment runs,
#   3. an assessment target covering all instances,
#   4. an assessment template with the region's four rules packages,
#   5. a weekly EventBridge schedule that starts the assessment.
#
# Inspector Classic reached end of support on 2026-05-20; see examples/inspector2 once it
# exists for today's service. This example runs as written on the sandbox:
#
#   baseline apply examples/inspector-classic --sandbox --auto-approve

provider "aws" {
  region = var.region
}

variable "region" {
  type        = string
  default     = "ap-northeast-1"
  description = "Region to set up. Inspector Classic's rules packages exist only in some regions."
}

variable "schedule" {
  type = string
  # As the article wrote it. EventBridge cron counts day-of-week from 1 = SUNDAY and runs in
  # UTC, so this fires every Sunday at 09:00 UTC (18:00 in Tokyo), not "every Monday 9AM" as
  # the article's comment says. `baseline plan` reads every schedule out in plain words, which
  # is how you catch this. For Monday 09:00 Tokyo time, write "cron(0 0 ? * MON *)".
  default     = "cron(0 9 ? * 1 *)"
  description = "When the assessment runs (EventBridge schedule expression, UTC)."
}

locals {
  prefix = "DefaultSecuritySettings"
}

# 1. Inspector needs this role to describe instances and network settings. An account holds
#    only one; if it exists already (another tool made it), baseline adopts it. The article
#    keeps it when the stack is deleted (DeletionPolicy: Retain): prevent_destroy does the same
#    here, so a plan that would delete it fails before anything runs.
resource "aws_iam_service_linked_role" "inspector" {
  aws_service_name = "inspector.amazonaws.com"
  description      = "A service-linked role required for Amazon Inspector to access your resources."

  lifecycle {
    prevent_destroy = true
  }
}

# 2. EventBridge assumes this role to call inspector:StartAssessmentRun on schedule.
resource "aws_iam_role" "inspector_events" {
  name = "${local.prefix}-InspectorEvents-${var.region}"

  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "events.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })

  inline_policy {
    name = "${local.prefix}-AWSEventsInspectorPolicy-${var.region}"
    policy = jsonencode({
      Version = "2012-10-17"
      Statement = [{
        Effect   = "Allow"
        Action   = "inspector:StartAssessmentRun"
        Resource = "*"
      }]
    })
  }
}

# 3. No resource group: the target covers every EC2 instance in the region. Created after the
#    service-linked role, as in the article.
resource "aws_inspector_assessment_target" "all_instances" {
  name       = "${local.prefix}-Assessment-Target-All-Instances-All-Rules"
  depends_on = [aws_iam_service_linked_role.inspector]
}

# The four rules packages (CVE, CIS benchmarks, network reachability, security best
# practices). Their ARNs differ per region; the data source reads this region's.
data "aws_inspector_rules_packages" "available" {}

# 4. One-hour assessments with every rules package.
resource "aws_inspector_assessment_template" "all_rules" {
  name               = "${local.prefix}-Assessment-Template-Default-All-Rules"
  target_arn         = aws_inspector_assessment_target.all_instances.arn
  duration           = 3600
  rules_package_arns = data.aws_inspector_rules_packages.available.arns
}

# 5. The weekly schedule and its one target: the assessment template, started with role 2.
resource "aws_cloudwatch_event_rule" "assessment" {
  name                = "Amazon_Inspector_Assessment"
  description         = "Starts the Inspector assessment every week"
  schedule_expression = var.schedule
  state               = "ENABLED"
}

resource "aws_cloudwatch_event_target" "assessment" {
  rule      = aws_cloudwatch_event_rule.assessment.name
  target_id = "InspectorAssessmentTemplate"
  arn       = aws_inspector_assessment_template.all_rules.arn
  role_arn  = aws_iam_role.inspector_events.arn
}

output "assessment_template_arn" {
  description = "ARN of the assessment template the schedule starts."
  value       = aws_inspector_assessment_template.all_rules.arn
}
