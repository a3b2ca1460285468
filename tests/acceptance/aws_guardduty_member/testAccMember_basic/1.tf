resource "aws_guardduty_detector" "test" {}

resource "aws_guardduty_member" "test" {
  account_id  = "111111111111"
  detector_id = aws_guardduty_detector.test.id
  email       = "no-reply@hashicorp.com"
}
