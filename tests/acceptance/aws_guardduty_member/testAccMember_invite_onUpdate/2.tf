resource "aws_guardduty_detector" "test" {}

resource "aws_guardduty_member" "test" {
  account_id                 = "210987654321"
  detector_id                = aws_guardduty_detector.test.id
  disable_email_notification = true
  email                      = "security@example.com"
  invite                     = true
}
