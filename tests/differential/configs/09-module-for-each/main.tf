module "m" {
  source   = "./mod"
  for_each = { small = 1, big = 3 }
  size     = each.value
}
output "counts" { value = { for k, m in module.m : k => m.count } }
