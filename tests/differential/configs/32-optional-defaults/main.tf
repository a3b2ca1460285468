variable "svc" {
  type = object({
    name    = string
    port    = optional(number, 8080)
    tags    = optional(map(string), {})
    enabled = optional(bool)
  })
  default = { name = "api" }
}
resource "terraform_data" "a" { input = var.svc.name }
output "svc" { value = var.svc }
output "port" { value = var.svc.port }
output "enabled_null" { value = var.svc.enabled == null }
