resource "terraform_data" "a" { input = "v" }
