resource "aws_sns_topic" "test" {
  name = "tf-acc-test-tagsemptymap"

  tags = null
}
