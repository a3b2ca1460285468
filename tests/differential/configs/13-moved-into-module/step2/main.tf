module "m" { source = "./mod" }
moved {
  from = terraform_data.r
  to   = module.m.terraform_data.r
}
