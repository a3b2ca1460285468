resource "terraform_data" "a" { input = "after" }
output "o" { value = terraform_data.a.output }
