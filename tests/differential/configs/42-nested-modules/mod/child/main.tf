variable "x" { type = number }
resource "terraform_data" "leaf" { input = var.x + 1 }
output "y" { value = terraform_data.leaf.input }
