variable "port" { default = 8080 }
output "port" {
  value = var.port
  precondition {
    condition     = var.port > 1024
    error_message = "Port must be unprivileged."
  }
}
