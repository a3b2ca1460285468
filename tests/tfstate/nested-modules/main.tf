# Modules three deep, with count and for_each at each level: `state list` orders shallower
# modules first (Terraform's AbsResourceInstance.Less), not depth-first.
module "a" {
  source = "./child"
  count  = 2
}
module "z" {
  source = "./child"
}
resource "terraform_data" "root" {
  input = "root"
}
