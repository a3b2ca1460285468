resource "terraform_data" "a" {
  input = "two"
  lifecycle {
    ignore_changes = [input]
  }
}
output "input" { value = terraform_data.a.input }
