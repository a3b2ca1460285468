module "m" {
  source = "./mod"
  count  = 2
  name   = "m${count.index}"
}
output "names" { value = module.m[*].name }
