module "outer" {
  source = "./mod"
  x      = 4
}
output "y" { value = module.outer.y }
