variable "secret" {
  type      = string
  default   = "hunter2"
  sensitive = true
}
resource "terraform_data" "a" { input = "x" }
output "secret" {
  value     = var.secret
  sensitive = true
}
output "plain" { value = "plain" }
