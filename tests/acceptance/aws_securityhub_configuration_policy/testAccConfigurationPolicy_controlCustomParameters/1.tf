provider "aws" {
  alias = "awsalternate"

  assume_role {
    role_arn = "arn:aws:iam::210987654321:role/OrganizationAccountAccessRole"
  }
}

data "aws_caller_identity" "member" {
  provider = aws.awsalternate
}

data "aws_caller_identity" "management" {}
