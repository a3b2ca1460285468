locals {
  a = <<EOT
  keep   this   as is
    ${var.x}   and ${var.y}
EOT
  b = <<-EOT
      indented
      EOT
  c = [<<EOT
inside list
EOT
  , "after"]
  d = {
    k = <<EOT
%{if true}yes%{endif}
EOT
  }
  e = trimspace(<<EOT
x
EOT
  )
  ff = 1
}
