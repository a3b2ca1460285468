tags "" {
  𝒜 "l" { in = "${f(null...)}${1}👩‍💻" }
  𝒜 {               # c
    for "a b" "l" { # c
      x-y_112 = provider::p::fn(for.*.id ? "%{for v in 𝒜.x-y ? 1e3 : null}${v}%{endfor}${!𝒜[*].id}$${x}" : -1)
      if_113 = { for k, v in {
        "k" = { (foo_bar) : "s" }, # cmt
        x-y = f(null...),          # cmt
      } : k => v... }
      é_114 = [for x in("%{for v in [ // c2
        1e3,                          # cmt
        "s",
        "s",
      ]}${v}%{endfor}$ \n") : true if x]
      in_115 = "" // c2
      é_116 = ("% ${<<-EOT
   EOT
      }")
      null_117 = provider::p::fn({ for k, v in if.x-y ? null.é : 1.5 : k => v... })
    }
    x-y { x-y = null }
    é_118 = null()


    for_119 = -1
    if "" "x" { # c
      var_120 = ""

    } # after
  }   # after
  for {
    true_121 = (in[*].id)
    var "x" "a b" {
      bb_122 = [
        "${~ {} ~}${~ {
          "k" : { for k, v in true : k => v... }
          tags : é[0][] # cmt
        } ~}\"",
      ]
    }                     # after
  }                       # after
  foo_bar "lab" {         # c
    foo_bar "a b" "lab" { # c
      for_123  = null.0   # cmt
      null_124 = true
      tags_125 = foo_bar("", tags(<<END_X
${1}
  END_X
      ))
      count_126 = for.0 # cmt
    }
    /* full */
  }
  𝒜_127 = { for k, v in <<-EOT
  ${[
    "s", // c2
]}
EOT
? { for k, v in - 1 : k => v... } : 𝒜.a : k => v... }
a { # c
  x-y_128 = [for x in 1.5 : [

    [1.5, null, null[*].id, ],
  ] if x] // c2
  if_129 = ""
  null "é" "l" { bb = tags.𝒜 }
  true_130 = a  // c2
  true_131 = "" // c2
}               # after
}               # after
in_132 = 1e3

var "l" {      # c
  é_133 = bb.0 // c2
}
true_134 = { # cmt
  (é) = "s" < -1

  "k" : a.0,
  (é) : { "k" = x-y.*.id },
}[![null, null, for.bb]]
x-y_135 = foo_bar.null # cmt
