variable "n" {
  type    = number
  default = "12"
}
variable "l" {
  type    = list(string)
  default = [1, true, "x"]
}
resource "terraform_data" "a" { input = var.n + 1 }
output "n" { value = var.n }
output "l" { value = var.l }
