resource "a" "b" {
  x  = 1
  yy = var.a
  # c
  h = <<EOT
line
EOT
}
