resource "terraform_data" "a" {
  input = "one"
  lifecycle {
    ignore_changes = [input]
  }
}
