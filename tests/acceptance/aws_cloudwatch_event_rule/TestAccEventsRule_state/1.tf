resource "aws_cloudwatch_event_rule" "test" {
  name                = "tf-acc-test-rulestate"
  schedule_expression = "rate(1 hour)"
  state               = "DISABLED"
}
