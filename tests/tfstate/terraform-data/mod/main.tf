variable "n" {}
resource "terraform_data" "inner" {
  input = var.n
}
