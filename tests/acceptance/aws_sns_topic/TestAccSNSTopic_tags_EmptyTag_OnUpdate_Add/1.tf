resource "aws_sns_topic" "test" {
  name = "tf-acc-test-tagsemptyadd"

  tags = {
    key1 = "value1"
  }
}
