resource "aws_guardduty_detector" "test" {
  tags = {
    key2 = "value2"
  }
}
