resource "aws_guardduty_detector" "test" {}

resource "aws_guardduty_organization_admin_account" "test" {
  admin_account_id = aws_guardduty_detector.test.account_id
}

resource "aws_guardduty_organization_configuration" "test" {
  depends_on = [aws_guardduty_organization_admin_account.test]

  auto_enable_organization_members = "ALL"
  detector_id                      = aws_guardduty_detector.test.id
}

resource "aws_guardduty_organization_configuration_feature" "test" {
  depends_on = [aws_guardduty_organization_configuration.test]

  detector_id = aws_guardduty_detector.test.id
  name        = "EKS_RUNTIME_MONITORING"
  auto_enable = "ALL"

  additional_configuration {
    name        = "EKS_ADDON_MANAGEMENT"
    auto_enable = "ALL"
  }
}
