resource "aws_cloudwatch_event_rule" "test" {
  name                = "tf-acc-test-targetdisappears"
  schedule_expression = "rate(1 hour)"
}

resource "aws_cloudwatch_event_target" "test" {
  rule      = aws_cloudwatch_event_rule.test.name
  target_id = "tf-acc-test-targetdisappears"
  arn       = aws_sns_topic.test.arn
}

resource "aws_sns_topic" "test" {
  name = "tf-acc-test-targetdisappears"
}
