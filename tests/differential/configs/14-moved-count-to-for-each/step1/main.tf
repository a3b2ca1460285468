resource "terraform_data" "r" {
  count = 2
  input = ["a", "b"][count.index]
}
