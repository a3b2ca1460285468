resource "aws_cloudwatch_event_rule" "test" {
  name                = "tf-acc-test-targetbasic"
  event_bus_name      = "default"
  schedule_expression = "rate(1 hour)"
}

resource "aws_cloudwatch_event_target" "test" {
  rule           = aws_cloudwatch_event_rule.test.name
  event_bus_name = aws_cloudwatch_event_rule.test.event_bus_name
  target_id      = "tf-acc-test-targetbasic"
  arn            = aws_sns_topic.test.arn
}

resource "aws_sns_topic" "test" {
  name = "tf-acc-test-targetbasic"
}
