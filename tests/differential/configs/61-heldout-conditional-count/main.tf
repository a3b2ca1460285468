# Held-out: conditional resources and outputs over them.
variable "enabled" {
  type    = bool
  default = false
}
variable "names" {
  type    = set(string)
  default = ["b", "a"]
}
resource "terraform_data" "maybe" {
  count = var.enabled ? 1 : 0
  input = "on"
}
resource "terraform_data" "each" {
  for_each = var.enabled ? var.names : toset([])
  input    = each.key
}
resource "terraform_data" "always" {
  for_each = var.names
  input    = upper(each.value)
}
output "maybe" { value = one(terraform_data.maybe[*].output) }
output "count" { value = length(terraform_data.each) }
output "always" { value = [for k in sort(tolist(var.names)) : terraform_data.always[k].input] }
