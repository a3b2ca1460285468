locals {
  a = concat(var.a, var.b)
  b = max(var.list...)
  c = provider::terraform::encode_tfvars({ a = 1 })
  d = format("%s-%s", var.a, var.b)
  e = merge(
    var.a,
    var.b,
  )
  f = jsonencode({
    a  = 1
    bb = [1, 2]
  })
  g = lookup(var.m, "k", null)
  h = f()
}
