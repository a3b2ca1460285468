bb "é" "" {
  a_18 = null /* b */
  /* full */
  foo_bar_19 = <<EOT
 $x
EOT
  // c2
  count_20 = provider::p::fn("${
    "${/* b */
      1e3 /* b */
    }"
  }") # cmt
  /* full */
  a_21 = !é.*.id
} # after
in_22 = 1 /* b */
var "a b" { é = x-y.tags }
for_23 = a[0]
if_24  = [] # cmt
