variable "users" {
  type = map(object({ role = string, admin = bool }))
  default = {
    alice = { role = "dev", admin = false }
    bob   = { role = "ops", admin = true }
  }
}
resource "terraform_data" "u" {
  for_each = var.users
  input    = { name = each.key, role = each.value.role, admin = each.value.admin }
}
output "admins" { value = sort([for k, u in var.users : k if u.admin]) }
output "roles" { value = { for k, r in terraform_data.u : k => r.input.role } }
