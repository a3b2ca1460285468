output "string" { value = "s" }
output "number" { value = 1.5 }
output "int" { value = 42 }
output "bool" { value = true }
output "list" { value = [1, 2, 3] }
output "tuple" { value = ["a", 1, false] }
output "map" { value = tomap({ a = "x", b = "y" }) }
output "object" { value = { a = 1, b = "two", c = [true] } }
output "set" { value = toset(["z", "y"]) }
output "empty_list" { value = [] }
output "empty_object" { value = {} }
output "nested" { value = { l = [{ k = "v" }] } }
