resource "terraform_data" "x" {
  input = "x"
}
module "grand" {
  source   = "./grand"
  for_each = toset(["k2", "k1", "10"])
}
