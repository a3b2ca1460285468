variable "name" { type = string }
variable "replicas" { type = number }
resource "terraform_data" "r" {
  count = var.replicas
  input = "${var.name}-${count.index}"
}
output "names" { value = terraform_data.r[*].output }
