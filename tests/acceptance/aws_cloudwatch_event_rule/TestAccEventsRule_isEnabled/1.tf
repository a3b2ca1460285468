resource "aws_cloudwatch_event_rule" "test" {
  name                = "tf-acc-test-ruleenabled"
  schedule_expression = "rate(1 hour)"
  is_enabled          = false
}
