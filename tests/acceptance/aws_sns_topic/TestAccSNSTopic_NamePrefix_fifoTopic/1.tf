resource "aws_sns_topic" "test" {
  name_prefix = "tf-acc-test-prefix-"
  fifo_topic  = true
}
