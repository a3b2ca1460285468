resource "aws_sns_topic" "test" {
  name = "tf-acc-test-email"
}

resource "aws_sns_topic_subscription" "test" {
  topic_arn = aws_sns_topic.test.arn
  protocol  = "email"
  endpoint  = "tf-acc-test@example.com"
}
