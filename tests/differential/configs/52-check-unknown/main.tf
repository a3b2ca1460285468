resource "terraform_data" "a" { input = "x" }
check "id_set" {
  assert {
    condition     = terraform_data.a.id != ""
    error_message = "No id."
  }
}
