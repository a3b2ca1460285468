resource "terraform_data" "a" { input = "x" }
output "o" {
  value      = "constant"
  depends_on = [terraform_data.a]
}
