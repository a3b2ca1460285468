locals {
  d = var.a
}
