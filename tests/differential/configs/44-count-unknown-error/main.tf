resource "terraform_data" "a" { input = 2 }
resource "terraform_data" "b" {
  count = length(terraform_data.a.id)
}
