# Held-out: for_each over a map of objects with optional attributes and defaults.
variable "accounts" {
  type = map(object({
    email   = string
    regions = optional(list(string), ["us-east-1"])
    enabled = optional(bool, true)
  }))
  default = {
    audit = { email = "audit@example.com" }
    logs  = { email = "logs@example.com", regions = ["eu-west-1", "us-east-1"], enabled = false }
  }
}
locals {
  pairs = flatten([for name, a in var.accounts : [for r in a.regions : { key = "${name}/${r}", name = name, region = r } if a.enabled]])
}
resource "terraform_data" "enrol" {
  for_each = { for p in local.pairs : p.key => p }
  input    = { account = each.value.name, region = each.value.region }
}
output "keys" { value = keys(terraform_data.enrol) }
output "regions" { value = { for k, a in var.accounts : k => a.regions } }
