variable "a" {
  type = string
}
variable "b" {
  type    = list(any)
  default = []
}
variable "c" {
  type = "set"
}
variable "d" {
  type = map(string)
  validation {
    condition = true
    type      = "list"
  }
}
module "m" {
  variable "x" {
    type = "string"
  }
}
variable "e" {
  type = set(any)
}
variable "f" {
  type = "number"
}
variable "g" {
  type = /* c */ list(any)
}
locals {
  type = "string"
}
