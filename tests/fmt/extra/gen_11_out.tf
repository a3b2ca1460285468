var_77 = <<-END_X
${"${[null, true.a, ]["$ "]}${(f(var.tags...))}"}
 END_X

x-y {
  bb "l" {}
  var_78 = x-y.foo_bar

  foo_bar "x" { # c
    é "x" {
      null_79 = { a : -1 ? 𝒜 : "s", tags = {} } && x-y.*.id
      true_80 = <<-EOF
 EOF

    } # after
  }   # after

  bb_81 = null /* b */
  null "l" "l" {                                                          # c
    if_82 = { for k, v in 𝒜[*].id : k => v }[a("s", 1e3, tags.0)] && null # cmt
    bb "l" {}
    a_83 = "${true}" || true[["%{for v in foo_bar(null, in[*].id, 1)}${v}%{endfor}${"${
      f(-1...)
      }"}\"", "", <<EOF
    ${var.*.id}
 a = b
  EOTX
EOF
    ]] # cmt
    // full
    tags_84 = ({ (foo_bar) = null })
  }
} # after
if_85 = ("${true.*.id}") ? "${~for()~}%{for v in "s" ? 𝒜[0] : é.0}${v}%{endfor}" : { for k, v in { for k, v in x-y[0] : k => v... } : k => v } /* b */
in_86 = "${!""}" ? {
} : "" # cmt
