resource "aws_sns_topic" "test" {
  name = "tf-acc-test-tags"

  tags = {
    key1 = "value1"
  }
}
