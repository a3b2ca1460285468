locals {
  a = -1
  b = 1 - -1
  c = [-1, -2, -var.x]
  d = var.x - 1
  e = (-var.y)
  f = { k = -1 }
  g = var.a ? -1 : -2
  h = max(-1, -2)
  i = 3 * -1
  j = -1 + -var.z
  k = !var.b
  l = var.x == -1
  m = var.q-1
  n = -1
}
