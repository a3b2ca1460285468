resource "aws_sns_topic" "test" {
  name                        = "tf-acc-test-dedup.fifo"
  fifo_topic                  = true
  content_based_deduplication = false
}
