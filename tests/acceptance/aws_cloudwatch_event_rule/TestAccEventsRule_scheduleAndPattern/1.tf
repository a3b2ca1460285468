resource "aws_cloudwatch_event_rule" "test" {
  name                = "tf-acc-test-rulesched"
  schedule_expression = "rate(1 hour)"
  event_pattern       = <<PATTERN
	{"source":["aws.ec2"]}
PATTERN
}
