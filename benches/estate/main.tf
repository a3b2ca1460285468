# The estate of the scale issue: in each region a role with an inline policy, a weekly rule,
# its target, Inspector v2 enablement and a findings filter (70 resources in 14 regions).
# Read by `benches/scale.py --estate` and by the moto test that counts its refresh calls.

provider "aws" { region = "us-east-1" }

variable "regions" {
  type = set(string)
  default = [
    "us-east-1", "us-east-2", "us-west-1", "us-west-2", "eu-west-1", "eu-west-2", "eu-west-3",
    "eu-central-1", "eu-north-1", "ap-northeast-1", "ap-northeast-2", "ap-southeast-1",
    "ap-southeast-2", "ca-central-1",
  ]
}

data "aws_caller_identity" "me" {}

resource "aws_iam_role" "scan" {
  for_each           = var.regions
  name               = "scan-${each.key}"
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "events.amazonaws.com" } }] })
  inline_policy {
    name   = "start"
    policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "inspector2:ListFindings", Resource = "*" }] })
  }
}

resource "aws_cloudwatch_event_rule" "weekly" {
  for_each            = var.regions
  region              = each.key
  name                = "weekly-scan"
  schedule_expression = "cron(0 3 ? * MON *)"
}

resource "aws_cloudwatch_event_target" "scan" {
  for_each  = var.regions
  region    = each.key
  rule      = aws_cloudwatch_event_rule.weekly[each.key].name
  target_id = "scan"
  arn       = "arn:aws:sns:${each.key}:123456789012:scan"
  role_arn  = aws_iam_role.scan[each.key].arn
}

resource "aws_inspector2_enabler" "this" {
  for_each       = var.regions
  region         = each.key
  account_ids    = [data.aws_caller_identity.me.account_id]
  resource_types = ["EC2", "ECR"]
}

resource "aws_inspector2_filter" "low" {
  for_each = var.regions
  region   = each.key
  name     = "suppress-low"
  action   = "SUPPRESS"
  filter_criteria {
    severity {
      comparison = "EQUALS"
      value      = "LOW"
    }
  }
}
