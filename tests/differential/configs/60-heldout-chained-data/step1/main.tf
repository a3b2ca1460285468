# Held-out: a value chained through resources, then changed (update and replacement).
resource "terraform_data" "a" {
  input = "v1"
}
resource "terraform_data" "b" {
  input            = "${terraform_data.a.output}-b"
  triggers_replace = [terraform_data.a.output]
}
output "b" { value = terraform_data.b.output }
