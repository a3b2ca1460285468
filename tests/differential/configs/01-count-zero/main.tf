resource "terraform_data" "a" {
  count = 0
  input = "x"
}
output "n" { value = length(terraform_data.a) }
