variable "items" {
  type = list(string)
}

output "upper" { value = [for i in var.items : upper(i)] }
output "both" { value = { items = var.items, count = length(var.items) } }
