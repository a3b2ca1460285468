variable "v" { type = string }
resource "terraform_data" "r" { input = var.v }
