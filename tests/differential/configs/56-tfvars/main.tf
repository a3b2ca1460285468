variable "names" { type = set(string) }
resource "terraform_data" "a" {
  for_each = var.names
  input    = upper(each.key)
}
output "upper" { value = sort([for r in terraform_data.a : r.input]) }
