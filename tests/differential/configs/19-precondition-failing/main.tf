variable "env" { default = "staging" }
resource "terraform_data" "a" {
  input = var.env
  lifecycle {
    precondition {
      condition     = contains(["dev", "prod"], var.env)
      error_message = "Unknown environment."
    }
  }
}
