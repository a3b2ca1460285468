resource "terraform_data" "new" { input = "keep" }
moved {
  from = terraform_data.old
  to   = terraform_data.new
}
