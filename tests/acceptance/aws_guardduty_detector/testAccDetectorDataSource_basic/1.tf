resource "aws_guardduty_detector" "test" {}

data "aws_guardduty_detector" "test" {
  depends_on = [aws_guardduty_detector.test]
}
