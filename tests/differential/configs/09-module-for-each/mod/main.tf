variable "size" { type = number }
resource "terraform_data" "r" {
  count = var.size
  input = count.index
}
output "count" { value = length(terraform_data.r) }
