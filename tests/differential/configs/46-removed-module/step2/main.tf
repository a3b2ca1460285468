resource "terraform_data" "stay" { input = 1 }
removed {
  from = module.gone
  lifecycle {
    destroy = false
  }
}
