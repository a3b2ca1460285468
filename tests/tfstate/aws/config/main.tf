provider "aws" {
  region = "us-east-1"
}

provider "aws" {
  alias  = "west"
  region = "us-west-2"
}

resource "aws_sns_topic" "alerts" {
  name = "alerts"
}

resource "aws_sns_topic" "west" {
  provider = aws.west
  name     = "alerts-west"
}

resource "aws_iam_role" "events" {
  name = "events"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { Service = "events.amazonaws.com" }, Action = "sts:AssumeRole" }]
  })
}

resource "aws_cloudwatch_event_rule" "weekly" {
  name                = "weekly"
  schedule_expression = "rate(7 days)"
}

module "team" {
  source   = "./team"
  for_each = toset(["a", "b"])
  name     = each.key
}
