resource "aws_cloudwatch_event_rule" "test" {
  name                = "tf-acc-test-ruledesc"
  description         = "description2"
  schedule_expression = "rate(1 hour)"
}
