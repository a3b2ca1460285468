resource "terraform_data" "y" {
  count = 2
  input = count.index
}
