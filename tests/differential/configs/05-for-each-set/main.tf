resource "terraform_data" "a" {
  for_each = toset(["b", "a", "c"])
  input    = "${each.key}=${each.value}"
}
output "keys" { value = keys(terraform_data.a) }
output "inputs" { value = [for k, v in terraform_data.a : v.input] }
