resource "aws_sns_topic" "test" {
  name       = "tf-acc-test-namefifo.fifo"
  fifo_topic = true
}
