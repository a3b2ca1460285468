resource "aws_sns_topic" "test" {
  name = "tf-acc-test-dttoprov"

  tags = {
    key1 = "value1"
  }
}
