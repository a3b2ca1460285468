resource "terraform_data" "a" {
  for_each = toset(["y", "z"])
  input    = each.key
}
