terraform {
  required_version = ">= 1.6"
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 6.0"
    }
  }
}

provider "aws" {
  region = "us-east-1"
}

provider "aws" {
  alias  = "security"
  region = "us-west-2"
}

variable "regions" {
  type    = set(string)
  default = ["eu-west-1", "us-east-1"]
}

variable "prefix" {
  type    = string
  default = "Org"
}

locals {
  suppressions = {
    info = { severity = "INFORMATIONAL", reason = "Nothing to fix." }
    low  = { severity = "LOW", reason = "Accepted." }
  }
}

# One instance of the regional baseline per region.
module "region" {
  source   = "./modules/region"
  for_each = var.regions

  region       = each.key
  prefix       = var.prefix
  suppressions = local.suppressions
}

# The role EventBridge assumes, in the security provider's account.
module "events_role" {
  source = "./modules/events-role"
  providers = {
    aws           = aws.security
    aws.secondary = aws
  }

  name = "${var.prefix}-InspectorEvents"
}

output "filter_arns" {
  value = { for region, m in module.region : region => m.filter_arns }
}

output "role_arn" {
  value = module.events_role.role_arn
}
