variable "name" {
  type    = string
  default = "web"
  validation {
    condition     = startswith(var.name, "app-")
    error_message = "The name must start with app-."
  }
}
resource "terraform_data" "a" { input = var.name }
