
resource "aws_iam_policy" "test" {
  name   = "tf-acc-test-policy"
  policy = "{\"Statement\":[{\"Action\":[\"ec2:*\"],\"Effect\":\"Allow\",\"Resource\":\"*\"}],\"Version\":\"2012-10-17\"}"
}
