variable "name" {
  type    = string
  default = "app-web"
  validation {
    condition     = startswith(var.name, "app-")
    error_message = "The name must start with app-."
  }
}
resource "terraform_data" "a" { input = var.name }
output "name" { value = var.name }
