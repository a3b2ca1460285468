module "m" {
  source   = "./mod"
  for_each = { a = "1", b = "2" }
  v        = each.value
}
