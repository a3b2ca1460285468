resource "terraform_data" "r" { input = "v" }
