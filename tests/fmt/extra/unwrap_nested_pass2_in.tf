locals {
  d = "${var.a}"
}
