module "m" { source = "./mod" }
resource "terraform_data" "after" {
  input      = "after"
  depends_on = [module.m]
}
module "n" {
  source     = "./mod"
  depends_on = [terraform_data.after]
}
output "v" { value = module.n.v }
