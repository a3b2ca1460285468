locals {
  l = "${(var.a)
+ (var.b)}"
}
