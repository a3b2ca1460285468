resource "aws_guardduty_detector" "test" {
  tags = null
}
