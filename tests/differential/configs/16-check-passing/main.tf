resource "terraform_data" "a" { input = 5 }
check "positive" {
  assert {
    condition     = terraform_data.a.input > 0
    error_message = "Input must be positive."
  }
}
