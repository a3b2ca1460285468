provider "aws" {
  alias = "awsalternate"

  assume_role {
    role_arn = "arn:aws:iam::210987654321:role/OrganizationAccountAccessRole"
  }
}

resource "aws_securityhub_account" "test" {}

data "aws_caller_identity" "member" {
  provider = aws.awsalternate
}

resource "aws_securityhub_member" "test" {
  depends_on = [aws_securityhub_account.test]
  account_id = data.aws_caller_identity.member.account_id
  email      = "tf-acc-test-member@tf-acc-test-domain.com"
  invite     = false
}
