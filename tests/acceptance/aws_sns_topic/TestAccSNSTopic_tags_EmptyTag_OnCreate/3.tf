resource "aws_sns_topic" "test" {
  name = "tf-acc-test-tagsempty"

  tags = null
}
