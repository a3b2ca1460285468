variable "a" {
  type     = string
  default  = "default-a"
  nullable = false
}
variable "b" {
  type    = string
  default = "default-b"
}
output "a" { value = var.a }
output "b_is_null" { value = var.b == null }
