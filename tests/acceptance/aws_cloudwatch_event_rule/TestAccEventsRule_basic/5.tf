resource "aws_cloudwatch_event_rule" "test" {
  name                = "tf-acc-test-rulebasic2"
  schedule_expression = "rate(1 hour)"
  event_bus_name      = "default"
}
