locals {
  a = var.a
  b = "${var.a}b"
  c = "${var.a}${var.b}"
  e = var.a ? "x" : "y"
  f = var.a == "${var.b}" ? 1 : 2
  g = "%{if var.a}x%{endif}"
  h = { a = 1 }
  i = var.x
  j = (var.a ?
  1 : 2)
  k = (var.a ?
  1 : 2)
  m = "${var.a}" == "${var.b}"
  n = var.a
  o = "pre${var.a}"
  p = upper("x")
  q = ["${var.a}"]
  r = { k = "${var.a}" }
}
