x1 = a[""][]
x2 = a["b"][]
x3 = a["$${x}"][]
x4 = a[<<EOT
foo
EOT
][]
x5 = { a[] = 1 }
x6 = { (a[]) = 1 }
x7 = [for v in l : v[true]]
x8 = "%{for v in l}${v[true]}%{endfor}"
x9 = [a
[]]
x10 = (a
[])
x11 = -a[]
x12 = !a[]
x13 = a[1][]
x14 = a.b[].c[]
x15 = a[*][true]
x16 = a.*.b[true]
x17 = f(a[])
x18 = provider::p::f(a[])
x19 = a[] ? b[] : c[]
x20 = a[]
x21 = a[]
x22 = a[]
x23 = a["x${y}"][true]
x24 = [for v in v[] : v]
x25 = { for k, v in l : k[true] => v[true]... if k[true] }
x26 = [for v in l : [for w in v : v[true]]]
x27 = a[<<-EOT
  foo
  EOT
][]
x28 = a["a\nb"][]
x29 = a[b][true]
x30 = a.0[]
x31 = a["%%{"][]
x32 = a[1.5][]
x33 = { a.b[] = 1 }
x34 = a[][*].b[true]
x35 = a[-1][true]
x36 = a[]
