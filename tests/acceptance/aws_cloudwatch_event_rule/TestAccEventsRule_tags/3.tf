resource "aws_cloudwatch_event_rule" "test" {
  name                = "tf-acc-test-ruletags"
  schedule_expression = "rate(1 hour)"

  tags = {
    "key1" = "value1updated"
    "key2" = "value2"
  }
}
