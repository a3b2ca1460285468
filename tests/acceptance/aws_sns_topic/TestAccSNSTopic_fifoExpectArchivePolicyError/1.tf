resource "aws_sns_topic" "test" {
  name           = "tf-acc-test-archive-error"
  archive_policy = <<EOF
{
  "MessageRetentionPeriod": "30"
}
EOF
}
