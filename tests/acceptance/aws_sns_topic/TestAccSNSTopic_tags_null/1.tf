resource "aws_sns_topic" "test" {
  name = "tf-acc-test-tagsnull"

  tags = {
    key1 = null
  }
}
