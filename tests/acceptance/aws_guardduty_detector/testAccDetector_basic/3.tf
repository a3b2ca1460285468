resource "aws_guardduty_detector" "test" {
  enable = false
}
