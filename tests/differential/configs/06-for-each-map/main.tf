locals {
  m = { one = 1, two = 2, three = 3 }
}
resource "terraform_data" "a" {
  for_each = local.m
  input    = each.value * 2
}
output "doubled" { value = { for k, v in terraform_data.a : k => v.input } }
