resource "terraform_data" "first" { input = "first" }
resource "terraform_data" "second" {
  input      = "second"
  depends_on = [terraform_data.first]
}
output "o" {
  value = terraform_data.second.input
}
