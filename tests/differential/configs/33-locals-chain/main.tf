locals {
  base   = "app"
  env    = "prod"
  prefix = "${local.base}-${local.env}"
  names  = [for i in range(3) : "${local.prefix}-${i}"]
  count  = length(local.names)
}
resource "terraform_data" "a" {
  count = local.count
  input = local.names[count.index]
}
output "names" { value = local.names }
