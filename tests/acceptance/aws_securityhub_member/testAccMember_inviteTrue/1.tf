resource "aws_securityhub_account" "test" {}

resource "aws_securityhub_member" "test" {
  depends_on = [aws_securityhub_account.test]
  account_id = "111111111111"
  email      = "no-reply@hashicorp.com"
  invite     = true
}
