resource "aws_sns_topic" "test" {
  name                        = "tf-acc-test-dedup-error"
  content_based_deduplication = true
}
