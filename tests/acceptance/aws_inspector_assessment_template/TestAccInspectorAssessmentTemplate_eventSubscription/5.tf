data "aws_inspector_rules_packages" "available" {}

resource "aws_inspector_resource_group" "test" {
  tags = {
    Name = "tf-acc-test-tplsub"
  }
}

resource "aws_inspector_assessment_target" "test" {
  name               = "tf-acc-test-tplsub"
  resource_group_arn = aws_inspector_resource_group.test.arn
}

resource "aws_sns_topic" "test" {
  name = "tf-acc-test-tplsub"
}

data "aws_iam_policy_document" "test" {
  statement {
    effect = "Allow"

    principals {
      type        = "AWS"
      identifiers = ["*"]
    }

    actions = [
      "SNS:Publish"
    ]

    resources = [aws_sns_topic.test.arn]
  }
}

resource "aws_sns_topic_policy" "test" {
  arn    = aws_sns_topic.test.arn
  policy = data.aws_iam_policy_document.test.json
}

resource "aws_inspector_assessment_template" "test" {
  name       = "tf-acc-test-tplsub"
  target_arn = aws_inspector_assessment_target.test.arn
  duration   = 3600

  rules_package_arns = data.aws_inspector_rules_packages.available.arns

  event_subscription {
    event     = "ASSESSMENT_RUN_STARTED"
    topic_arn = aws_sns_topic.test.arn
  }

  event_subscription {
    event     = "ASSESSMENT_RUN_STATE_CHANGED"
    topic_arn = aws_sns_topic.test.arn
  }
}
