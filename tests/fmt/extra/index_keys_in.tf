x1 = a[""][true]
x2 = a["b"][true]
x3 = a["$${x}"][true]
x4 = a[<<EOT
foo
EOT
][true]
x5 = { a[true] = 1 }
x6 = { (a[true]) = 1 }
x7 = [for v in l : v[true]]
x8 = "%{for v in l}${v[true]}%{endfor}"
x9 = [a
[true]]
x10 = (a
[true])
x11 = -a[true]
x12 = !a[false]
x13 = a[1][true]
x14 = a.b[true].c[null]
x15 = a[*][true]
x16 = a.*.b[true]
x17 = f(a[true])
x18 = provider::p::f(a[true])
x19 = a[true] ? b[null] : c[false]
x20 = a[ true ]
x21 = a[/*c*/true]
x22 = a[
true
]
x23 = a["x${y}"][true]
x24 = [for v in v[true] : v]
x25 = {for k, v in l : k[true] => v[true]... if k[true]}
x26 = [for v in l : [for w in v : v[true]]]
x27 = a[<<-EOT
  foo
  EOT
][true]
x28 = a["a\nb"][true]
x29 = a[b][true]
x30 = a.0[true]
x31 = a["%%{"][true]
x32 = a[1.5][true]
x33 = { a.b[true] = 1 }
x34 = a[true][*].b[true]
x35 = a[-1][true]
x36 = "${a[true]}"
