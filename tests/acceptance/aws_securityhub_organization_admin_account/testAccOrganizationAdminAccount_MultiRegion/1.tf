provider "aws" {
  alias  = "awsalternate"
  region = "us-east-1"
}

provider "aws" {
  alias  = "awsthird"
  region = "us-east-2"
}

data "aws_caller_identity" "current" {}

data "aws_partition" "current" {}

data "aws_organizations_organization" "test" {}

resource "aws_securityhub_account" "test" {}

resource "aws_securityhub_organization_admin_account" "test" {
  depends_on = [data.aws_organizations_organization.test]

  admin_account_id = data.aws_caller_identity.current.account_id
}

resource "aws_securityhub_organization_admin_account" "alternate" {
  provider = aws.awsalternate

  depends_on = [data.aws_organizations_organization.test]

  admin_account_id = data.aws_caller_identity.current.account_id
}

resource "aws_securityhub_organization_admin_account" "third" {
  provider = aws.awsthird

  depends_on = [data.aws_organizations_organization.test]

  admin_account_id = data.aws_caller_identity.current.account_id
}
