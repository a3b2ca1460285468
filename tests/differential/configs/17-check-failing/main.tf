locals { limit = 3 }
resource "terraform_data" "a" { input = 5 }
check "small" {
  assert {
    condition     = local.limit > 10
    error_message = "The limit is too small."
  }
}
output "o" { value = terraform_data.a.input }
