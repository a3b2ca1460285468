resource "aws_cloudwatch_event_rule" "test" {
  name          = "tf-acc-test-rulepattern"
  event_pattern = <<PATTERN
	{"source":["aws.ec2"]}
PATTERN
}
