# Held-out: module outputs consumed across for_each instances.
module "svc" {
  source   = "./mod"
  for_each = { api = 2, web = 1 }
  name     = each.key
  replicas = each.value
}
output "ids" {
  value = { for k, m in module.svc : k => m.names }
}
output "total" {
  value = sum([for m in module.svc : length(m.names)])
}
