output "a" {
  value = aws_instance.web[*].id
}
output "b" {
  value = aws_instance.web.*.private_ip
}
output "c" {
  value = var.list[0].name
}
output "d" {
  value = var.map["key"]
}
output "e" {
  value = var.nested[0][1][2]
}
output "f" {
  value = module.m.out[*].x
}
