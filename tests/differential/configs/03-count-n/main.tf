resource "terraform_data" "a" {
  count = 3
  input = count.index * 10
}
output "inputs" { value = terraform_data.a[*].input }
