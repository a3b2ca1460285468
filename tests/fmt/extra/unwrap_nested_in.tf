locals {
  d = "${"${var.a}"}"
}
