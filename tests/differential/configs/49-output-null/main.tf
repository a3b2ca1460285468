resource "terraform_data" "a" {}
output "null_value" { value = null }
output "null_input" { value = terraform_data.a.input }
output "present" { value = "yes" }
