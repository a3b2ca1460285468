variable "x" { type = number }
module "child" {
  source = "./child"
  x      = var.x * 10
}
output "y" { value = module.child.y }
