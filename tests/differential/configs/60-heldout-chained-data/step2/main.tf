resource "terraform_data" "a" {
  input = "v2"
}
resource "terraform_data" "b" {
  input            = "${terraform_data.a.output}-b"
  triggers_replace = [terraform_data.a.output]
}
output "b" { value = terraform_data.b.output }
