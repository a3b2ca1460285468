resource "aws_guardduty_detector" "test" {}

resource "aws_guardduty_organization_admin_account" "test" {
  admin_account_id = aws_guardduty_detector.test.account_id
}

resource "aws_guardduty_organization_configuration" "test" {
  depends_on = [aws_guardduty_organization_admin_account.test]

  auto_enable_organization_members = "ALL"
  detector_id                      = aws_guardduty_detector.test.id
}

resource "aws_guardduty_organization_configuration_feature" "test1" {
  depends_on = [aws_guardduty_organization_configuration.test]

  detector_id = aws_guardduty_detector.test.id
  name        = "EBS_MALWARE_PROTECTION"
  auto_enable = "NONE"
}

resource "aws_guardduty_organization_configuration_feature" "test2" {
  depends_on = [aws_guardduty_organization_configuration.test]

  detector_id = aws_guardduty_detector.test.id
  name        = "LAMBDA_NETWORK_LOGS"
  auto_enable = "NONE"
}

resource "aws_guardduty_organization_configuration_feature" "test3" {
  depends_on = [aws_guardduty_organization_configuration.test]

  detector_id = aws_guardduty_detector.test.id
  name        = "S3_DATA_EVENTS"
  auto_enable = "NONE"
}
