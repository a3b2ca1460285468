resource "aws_guardduty_detector" "test" {}

resource "aws_guardduty_organization_admin_account" "test" {
  admin_account_id = aws_guardduty_detector.test.account_id
}
