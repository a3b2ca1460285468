# The preamble every expression of the corpus is evaluated in: the expression becomes
# `output "v" { value = EXPR; sensitive = true }` beside this file (see ../README.md).

variable "str" {
  type    = string
  default = "hello"
}

variable "num" {
  type    = number
  default = 42
}

variable "list" {
  type    = list(string)
  default = ["a", "b", "c"]
}

variable "map" {
  type    = map(number)
  default = { a = 1, b = 2 }
}

variable "obj" {
  type    = object({ name = string, tags = list(string), n = number })
  default = { name = "x", tags = ["t1", "t2"], n = 3 }
}

variable "objects" {
  type    = list(object({ name = string, size = number }))
  default = [{ name = "a", size = 1 }, { name = "b", size = 2 }]
}

variable "secret" {
  type      = string
  default   = "s3cr3t"
  sensitive = true
}

variable "nothing" {
  type    = string
  default = null
}

variable "untyped" {
  default = ["x", 1, true]
}

locals {
  secret_upper = upper(var.secret)
  secret_list  = [var.secret]
  tuple    = [{ x = 1 }, { x = "two" }]
  greeting = "Hello, $${name}!"
  files    = "${path.module}/files"
  key      = file("${path.module}/files/key.pem")
  cipher   = trimspace(file("${path.module}/files/cipher.b64"))
}

# Its `output` is unknown until apply: expressions over it are unknown at plan time.
resource "terraform_data" "unknown" {
  input = "known"
}
