resource "terraform_data" "r" {
  for_each = toset(["a", "b"])
  input    = each.key
}
moved {
  from = terraform_data.r[0]
  to   = terraform_data.r["a"]
}
moved {
  from = terraform_data.r[1]
  to   = terraform_data.r["b"]
}
