module "m" {
  source   = "./mod"
  for_each = { b = "2", c = "3" }
  v        = each.value
}
