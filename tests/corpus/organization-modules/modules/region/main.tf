variable "region" {
  type = string
}

variable "prefix" {
  type = string
}

variable "suppressions" {
  type = map(object({
    severity = string
    reason   = optional(string, "Suppressed by the baseline.")
  }))
}

resource "aws_inspector2_enabler" "this" {
  region         = var.region
  account_ids    = ["123456789012"]
  resource_types = ["EC2", "ECR"]
}

module "suppression" {
  source   = "./modules/suppression"
  for_each = var.suppressions

  name       = "${var.prefix}-${title(each.key)}-${var.region}"
  region     = var.region
  severity   = each.value.severity
  reason     = each.value.reason
  depends_on = [aws_inspector2_enabler.this]
}

output "filter_arns" {
  value = sort([for s in module.suppression : s.arn])
}
