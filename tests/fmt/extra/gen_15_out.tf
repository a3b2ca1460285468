variable "v" {
  type = map(any)
}
count_96 = true.*.id // c2
𝒜 "a b" "" {         # c
  count_97 = x-y({ count = in.*.id, (x-y) = "${
    a[0]

  }", "k" = null[*].id[-1] }, "%{if - { for k, v in bb.0 : k => v... } }yes%{else}no%{endif}\u00e9") /* b */
  in_98 = count[*].id

  x-y { # c
    var_99 = <<END_X
   }
  END_X


    tags_100 = provider::p::fn([
      x-y[*].id, // c2
      a.*.id,
      null, // c2
      ]) ? 1.5 : "${

      (1)
    }"
    in_101 = for[0]
    tags_102 = "abc%{if { /* b */
      } }yes%{else}no%{endif}${provider::p::fn("${"${
        in[*].id
    }" <= var[0] ? null : -1}")}"
    null_103 = []
  }
  a_104 = null # cmt
  𝒜_105 = {
  }

} # after
variable "v" {
  type = map(string)
}
x-y { # c
  var_106 = (f(["s", bb[*].id, ]...))

  true_107 = (true(var) ? <<-EOT
  a = b
   EOT
  : true.*.id) /* b */
  é_108 = {
  } // c2
  null_109 = provider::p::fn("%{if 1.5}yes%{else}no%{endif}%{for v in [1, -1, 1e3]}${v}%{endfor}")
  bb_110   = true()
  in_111 = provider::p::fn(𝒜 * 1) && [

    "${ // c2
      "s"
    }",
    "s" [foo_bar[*].id],

    var(true),
  ]
}
/* full */
