terraform {
  required_version = ">= 1.0"
  backend "s3" {}
}
provider "aws" {
  alias  = "west"
  region = "us-west-2"
}
resource "null_resource" "x" {
  count      = var.enabled ? 1 : 0
  for_each   = toset(["a"])
  depends_on = [aws_instance.web, ]
  provisioner "local-exec" {
    command = "echo ${self.id}"
  }
  dynamic "setting" {
    for_each = var.settings
    content {
      name  = setting.key
      value = setting.value
    }
  }
}
moved {
  from = a.b
  to   = a.c
}
import {
  to = a.b
  id = "x"
}
check "c" {
  assert {
    condition     = true
    error_message = "m"
  }
}
