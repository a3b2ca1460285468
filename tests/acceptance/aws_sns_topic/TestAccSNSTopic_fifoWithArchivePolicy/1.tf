resource "aws_sns_topic" "test" {
  name           = "tf-acc-test-archive.fifo"
  fifo_topic     = true
  archive_policy = "\n{\n  \"MessageRetentionPeriod\": \"30\"\n}\n"
}
