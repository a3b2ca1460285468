provider "aws" {
  alias = "awsalternate"

  assume_role {
    role_arn = "arn:aws:iam::210987654321:role/OrganizationAccountAccessRole"
  }
}

resource "aws_securityhub_invite_accepter" "test" {
  master_id = aws_securityhub_member.source.master_id

  depends_on = [aws_securityhub_account.test]
}

resource "aws_securityhub_member" "source" {
  provider = aws.awsalternate

  account_id = data.aws_caller_identity.test.account_id
  email      = "no-reply@hashicorp.com"
  invite     = true

  depends_on = [aws_securityhub_account.source]
}

resource "aws_securityhub_account" "test" {}

resource "aws_securityhub_account" "source" {
  provider = aws.awsalternate
}

data "aws_caller_identity" "test" {}
