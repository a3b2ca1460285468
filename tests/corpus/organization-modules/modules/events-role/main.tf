terraform {
  required_providers {
    aws = {
      source                = "hashicorp/aws"
      configuration_aliases = [aws.secondary]
    }
  }
}

variable "name" {
  type = string
}

data "aws_iam_policy_document" "trust" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["events.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "this" {
  name               = var.name
  assume_role_policy = data.aws_iam_policy_document.trust.json
  path = "/${path.module == "" ? "" : "baseline/"}"
}

resource "aws_cloudwatch_event_rule" "weekly" {
  provider            = aws.secondary
  name                = "${var.name}-Weekly"
  schedule_expression = "cron(0 9 ? * SUN *)"
}

output "role_arn" {
  value = aws_iam_role.this.arn
}
