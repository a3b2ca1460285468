module "m" {
  source = "./mod"
  a      = null
  b      = null
}
output "a" { value = module.m.a }
output "b_is_null" { value = module.m.b_is_null }
