resource "terraform_data" "a" {
  input = { list = [1, 2], name = "n" }
}
resource "terraform_data" "b" {
  input = terraform_data.a.output.name
}
output "a" { value = terraform_data.a.output }
output "b" { value = terraform_data.b.output }
output "known" { value = terraform_data.a.input.list }
