resource "aws_cloudwatch_event_rule" "test" {
  name                = "tf-acc-test-ruledesc"
  description         = "description1"
  schedule_expression = "rate(1 hour)"
}
