resource "aws_iam_role" "test" {
  name = "tf-acc-test-rulerole"

  assume_role_policy = <<POLICY
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Action": "sts:AssumeRole",
      "Principal": {
        "Service": "events.amazonaws.com"
      },
      "Effect": "Allow",
      "Sid": ""
    }
  ]
}
POLICY
}

resource "aws_cloudwatch_event_rule" "test" {
  name                = "tf-acc-test-rulerole"
  schedule_expression = "rate(1 hour)"
  role_arn            = aws_iam_role.test.arn
}
