resource "terraform_data" "a" {
  count = 2
  input = { name = "n${count.index}", size = count.index + 1 }
}
output "names" { value = terraform_data.a[*].input.name }
output "sizes" { value = [for r in terraform_data.a : r.input.size] }
output "total" { value = sum([for r in terraform_data.a : r.input.size]) }
