resource "aws_sns_topic" "test" {
  name = "tf-acc-test-dttores"

  tags = {
    key1 = "value1"
  }
}
