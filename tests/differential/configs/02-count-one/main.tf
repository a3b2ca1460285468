resource "terraform_data" "a" {
  count = 1
  input = "x${count.index}"
}
output "first" { value = terraform_data.a[0].input }
