resource "aws_securityhub_account" "test" {
  control_finding_generator = "SECURITY_CONTROL"
  auto_enable_controls      = true
}
