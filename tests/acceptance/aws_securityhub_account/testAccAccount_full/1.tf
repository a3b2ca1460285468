resource "aws_securityhub_account" "test" {
  control_finding_generator = "STANDARD_CONTROL"
  auto_enable_controls      = false
}
