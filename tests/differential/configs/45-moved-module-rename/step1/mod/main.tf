resource "terraform_data" "r" { input = "m" }
