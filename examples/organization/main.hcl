# Amazon Inspector for a whole AWS Organization, run from a delegated administrator account.
#
# The article set Inspector up account by account. In an organization, one account (here the
# "security" account) is made Inspector's delegated administrator; from there it turns scanning
# on for every member and for accounts that join later, and sees all their findings. Pieces:
#
#   1. the management account designates the security account as delegated administrator,
#   2. the security account switches on auto-enable for new members (organization configuration),
#   3. it associates the existing member accounts,
#   4. it enables EC2, ECR and Lambda scanning in itself and in those members.
#
# Two providers: the default one runs with the management account's credentials (only the
# management account may designate a delegated administrator); `aws.security` assumes a role in
# the security account for everything else. Delegated administration is regional: run this per
# region (--var region=...), or copy the resources with for_each over a set of regions.
#
#   baseline plan examples/organization   # with management account credentials
#
# On the sandbox, the security account is simulated in a file of its own beside the default one
# (state/sandbox-111122223333.json):
#
#   baseline apply examples/organization --sandbox --auto-approve

variable "region" {
  type        = string
  default     = "ap-northeast-1"
  description = "Region where Amazon Inspector is administered."
}

variable "security_account_id" {
  type        = string
  default     = "111122223333"
  description = "The account that becomes Amazon Inspector's delegated administrator."
}

variable "member_account_ids" {
  type        = set(string)
  default     = ["444455556666", "777788889999"]
  description = "Member accounts already in the organization, scanned from the security account."
}

variable "security_role_name" {
  type        = string
  default     = "OrganizationAccountAccessRole"
  description = "Role in the security account that baseline assumes (created by AWS Organizations for new accounts)."
}

# Management account: the credentials baseline runs with.
provider "aws" {
  region = var.region
}

# Security (delegated administrator) account, reached by assuming a role in it.
provider "aws" {
  alias  = "security"
  region = var.region

  assume_role {
    role_arn     = "arn:aws:iam::${var.security_account_id}:role/${var.security_role_name}"
    session_name = "baseline"
  }
}

# 1. Only the management account may designate the delegated administrator, one per region.
#    Inspector v2 creates its service-linked role in the security account as a result.
resource "aws_inspector2_delegated_admin_account" "security" {
  account_id = var.security_account_id
}

# 2. Accounts that join the organization later get these scan types switched on
#    automatically. Only the delegated administrator may set this, so it waits for step 1.
resource "aws_inspector2_organization_configuration" "this" {
  provider = aws.security

  auto_enable {
    ec2    = true
    ecr    = true
    lambda = true
  }

  depends_on = [aws_inspector2_delegated_admin_account.security]
}

# 3. Accounts that were members before auto-enable was on must be associated explicitly, one
#    association per account. Removing an id from the set disassociates that account.
resource "aws_inspector2_member_association" "member" {
  for_each   = var.member_account_ids
  provider   = aws.security
  account_id = each.key

  depends_on = [aws_inspector2_delegated_admin_account.security]
}

# 4. Turn scanning on in the security account itself and in every associated member. Auto-enable
#    (step 2) covers future accounts only; this covers the existing ones. Destroying it turns
#    the listed scan types off again in those accounts.
resource "aws_inspector2_enabler" "members" {
  provider       = aws.security
  account_ids    = concat([var.security_account_id], tolist(var.member_account_ids))
  resource_types = ["EC2", "ECR", "LAMBDA"]

  depends_on = [aws_inspector2_member_association.member]
}
