module "gone" { source = "./mod" }
resource "terraform_data" "stay" { input = 1 }
