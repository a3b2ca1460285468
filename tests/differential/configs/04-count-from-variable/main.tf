variable "n" {
  type    = number
  default = 2
}
resource "terraform_data" "a" {
  count = var.n
  input = "item-${count.index}"
}
output "inputs" { value = terraform_data.a[*].input }
