resource "aws_sns_topic" "test" {
  name           = "tf-acc-test-archive.fifo"
  fifo_topic     = true
  archive_policy = "\n{\n  \"MessageRetentionPeriod\": \"45\"\n}\n"
}
