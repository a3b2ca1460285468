# Amazon Inspector (v2) findings that matter, delivered as they happen: an EventBridge rule
# matches new findings of severity HIGH or CRITICAL and sends them to an SNS topic, which
# mails the security team. The topic's policy lets EventBridge publish, and only for this
# rule. Runs as written on the sandbox:
#
#   baseline apply examples/inspector2-findings --sandbox --auto-approve
#
# The mail subscription stays "pending confirmation" until someone clicks the link SNS sends;
# baseline does not count that as drift.

provider "aws" {
  region = "ap-northeast-1"
}

variable "notify_email" {
  type        = string
  default     = "security@example.com"
  description = "Where findings are mailed."

  validation {
    condition     = can(regex("^[^@\\s]+@[^@\\s]+$", var.notify_email))
    error_message = "notify_email must be an email address."
  }
}

variable "severities" {
  type        = list(string)
  default     = ["HIGH", "CRITICAL"]
  description = "Finding severities that are sent."
}

data "aws_caller_identity" "current" {}

resource "aws_sns_topic" "findings" {
  name         = "inspector2-findings"
  display_name = "Inspector findings"
  tags         = { Purpose = "SecurityBaseline" }
}

data "aws_iam_policy_document" "publish" {
  statement {
    sid       = "AllowEventBridgePublish"
    actions   = ["sns:Publish"]
    resources = [aws_sns_topic.findings.arn]

    principals {
      type        = "Service"
      identifiers = ["events.amazonaws.com"]
    }

    condition {
      test     = "ArnEquals"
      variable = "aws:SourceArn"
      values   = [aws_cloudwatch_event_rule.findings.arn]
    }
  }

  statement {
    sid       = "OwnerManagesTopic"
    actions   = ["sns:GetTopicAttributes", "sns:SetTopicAttributes", "sns:Subscribe", "sns:DeleteTopic"]
    resources = [aws_sns_topic.findings.arn]

    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::${data.aws_caller_identity.current.account_id}:root"]
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

resource "aws_cloudwatch_event_rule" "findings" {
  name        = "inspector2-high-findings"
  description = "New Amazon Inspector findings of severity ${join(" or ", var.severities)}"
  event_pattern = jsonencode({
    source        = ["aws.inspector2"]
    "detail-type" = ["Inspector2 Finding"]
    detail = {
      severity = var.severities
      status   = ["ACTIVE"]
    }
  })
}

resource "aws_cloudwatch_event_target" "sns" {
  rule      = aws_cloudwatch_event_rule.findings.name
  target_id = "sns"
  arn       = aws_sns_topic.findings.arn
}

output "topic_arn" {
  value = aws_sns_topic.findings.arn
}
