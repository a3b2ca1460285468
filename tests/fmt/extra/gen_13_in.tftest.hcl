     variable "v" {
  type ="string"
}
