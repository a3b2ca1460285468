locals {
  a = [for x in var.list : upper(x) if x != ""]
  b = { for k, v in var.map : k => v... }
  c = [for x in [1, 2, 3] : x * 2]
  d = {
    for k, v in var.m :
    k => v
    if v != null
  }
  e = [for i, x in local.a : "${i}-${x}"]
}
