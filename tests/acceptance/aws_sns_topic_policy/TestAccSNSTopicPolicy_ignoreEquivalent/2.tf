resource "aws_sns_topic" "test" {
  name = "tf-acc-test-policyequiv"
}

resource "aws_sns_topic_policy" "test" {
  arn = aws_sns_topic.test.arn
  policy = jsonencode({
    Version = "2012-10-17"
    Id      = "default"
    Statement = [{
      Sid    = "tf-acc-test-policyequiv"
      Effect = "Allow"
      Principal = {
        AWS = ["*"]
      }
      Action = [
        "SNS:SetTopicAttributes",
        "SNS:RemovePermission",
        "SNS:DeleteTopic",
        "SNS:AddPermission",
        "SNS:GetTopicAttributes",
      ]
      Resource = [aws_sns_topic.test.arn]
    }]
  })
}
