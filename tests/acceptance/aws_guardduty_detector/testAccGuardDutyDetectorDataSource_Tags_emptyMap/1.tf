data "aws_guardduty_detector" "test" {
  id = aws_guardduty_detector.test.id
}

resource "aws_guardduty_detector" "test" {
  tags = {}
}
