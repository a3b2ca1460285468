resource "aws_cloudwatch_event_rule" "test" {
  name_prefix         = "tf-acc-test-prefix-"
  schedule_expression = "rate(5 minutes)"
}
