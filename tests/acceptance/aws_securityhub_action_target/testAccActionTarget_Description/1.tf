resource "aws_securityhub_account" "test" {}

resource "aws_securityhub_action_target" "test" {
  depends_on  = [aws_securityhub_account.test]
  description = "description1"
  identifier  = "testaction"
  name        = "Test action"
}
