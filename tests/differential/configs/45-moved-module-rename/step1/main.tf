module "old" { source = "./mod" }
