resource "aws_sns_topic" "test" {
  name = "tf-acc-test-tagsadd"

  tags = {
    key1 = "value1"
  }
}
