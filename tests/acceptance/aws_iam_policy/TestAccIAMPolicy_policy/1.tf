
resource "aws_iam_policy" "test" {
  name   = "tf-acc-test-policy"
  policy = "not-json"
}
