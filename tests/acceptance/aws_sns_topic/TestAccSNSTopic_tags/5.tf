resource "aws_sns_topic" "test" {
  name = "tf-acc-test-tags"

  tags = {
    key2 = "value2"
  }
}
