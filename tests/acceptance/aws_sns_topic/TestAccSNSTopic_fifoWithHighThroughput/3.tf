resource "aws_sns_topic" "test" {
  name                  = "tf-acc-test-throughput.fifo"
  fifo_topic            = true
  fifo_throughput_scope = "MessageGroup"
}
