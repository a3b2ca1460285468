# A module with optional parts of types baseline cannot manage yet, as public modules write
# them: off by default (`count = 0`), referenced through splats and conditionals.
provider "aws" {
  region = "eu-west-1"
}

variable "create_kms_key" {
  type    = bool
  default = false
}

resource "aws_kms_key" "topic" {
  count                   = var.create_kms_key ? 1 : 0
  description             = "alerts topic"
  deletion_window_in_days = 7
  enable_key_rotation     = true
  policy                  = data.aws_iam_policy_document.key.json
}

resource "aws_kms_alias" "topic" {
  count         = var.create_kms_key ? 1 : 0
  name          = "alias/alerts"
  target_key_id = aws_kms_key.topic[0].key_id
}

resource "aws_securityhub_account" "this" {
  for_each                  = toset([])
  enable_default_standards  = false
  control_finding_generator = "SECURITY_CONTROL"
}

data "aws_iam_policy_document" "key" {
  statement {
    sid       = "Root"
    actions   = ["kms:*"]
    resources = ["*"]
    principals {
      type        = "AWS"
      identifiers = ["*"]
    }
  }
}

resource "aws_sns_topic" "alerts" {
  name              = "alerts"
  kms_master_key_id = var.create_kms_key ? aws_kms_key.topic[0].arn : null
}

# Another provider's type, also optional.
resource "random_id" "suffix" {
  count       = var.create_kms_key ? 1 : 0
  byte_length = 4
  keepers = {
    key = one(aws_kms_key.topic[*].arn)
  }
}

output "suffix" {
  value = one(random_id.suffix[*].hex)
}

output "key_arn" {
  value = one(aws_kms_key.topic[*].arn)
}
