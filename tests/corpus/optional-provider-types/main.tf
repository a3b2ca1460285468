# A module with optional parts of types baseline cannot manage yet, as public modules write
# them: off by default (`count = 0`), referenced through splats and conditionals.
provider "aws" {
  region = "eu-west-1"
}

variable "create_trail" {
  type    = bool
  default = false
}

resource "aws_cloudtrail" "this" {
  count                         = var.create_trail ? 1 : 0
  name                          = "alerts"
  s3_bucket_name                = "alerts-trail"
  is_multi_region_trail         = true
  include_global_service_events = true
}

resource "aws_cloudwatch_log_group" "trail" {
  count             = var.create_trail ? 1 : 0
  name              = "/trail/${aws_cloudtrail.this[0].name}"
  retention_in_days = 90
}

resource "aws_config_configuration_recorder" "this" {
  for_each = toset([])
  name     = "default"
  role_arn = "arn:aws:iam::123456789012:role/config"
}

resource "aws_sns_topic" "alerts" {
  name = "alerts"
  tags = var.create_trail ? { trail = aws_cloudtrail.this[0].name } : {}
}

# Another provider's type, also optional.
resource "random_id" "suffix" {
  count       = var.create_trail ? 1 : 0
  byte_length = 4
  keepers = {
    trail = one(aws_cloudtrail.this[*].arn)
  }
}

output "suffix" {
  value = one(random_id.suffix[*].hex)
}
