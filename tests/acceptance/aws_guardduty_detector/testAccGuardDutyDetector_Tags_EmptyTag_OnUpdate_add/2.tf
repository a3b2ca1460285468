resource "aws_guardduty_detector" "test" {
  tags = {
    key1 = "value1"
    key2 = ""
  }
}
