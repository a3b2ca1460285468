variable "a" {
type = "string"
}
variable "b" {
  type = list
  default = []
}
variable "c" {
  type = "set"
}
variable "d" {
  type = "map"
  validation {
    condition = true
    type = "list"
  }
}
module "m" {
  variable "x" {
    type = "string"
  }
}
variable "e" {
  type = set
}
variable "f" {
  type = "number"
}
variable "g" {
  type = /* c */ list
}
locals {
  type = "string"
}
