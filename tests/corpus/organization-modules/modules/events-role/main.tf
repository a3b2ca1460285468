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

resource "aws_iam_role" "this" {
  name               = var.name
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "events.amazonaws.com" } }]
  })
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
