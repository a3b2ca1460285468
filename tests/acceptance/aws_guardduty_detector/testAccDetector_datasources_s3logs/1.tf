resource "aws_guardduty_detector" "test" {
  datasources {
    s3_logs {
      enable = true
    }
  }
}
