resource "terraform_data" "a" { input = "before" }
output "o" { value = terraform_data.a.output }
