var "l" "l" { tags = [for x in null : 1 if x] }
null "l" {                    # c
  true_66 = <<-EOT
a = b
${ { # cmt
  (var) = in.0
  bb    = for[0] /* b */
} }
EOT
// c2
x-y { # c
  if_67 = <<EOT
  text
  text
 EOT
  // c2
  var_68 = [for x in provider::p::fn("${
    true
  }") : 1]
} # after
# full
}
x-y_69 = <<END_X
 text
 a = b
   }
   END_X
/* b */
bb_70 = 1e3 && f("${~"%{for v in in.0 ? bb.*.id : x-y.x-y}${v}%{endfor}" < [count[*].id, true.if]~}${"${
  [
    1.5,

  ] # cmt
}"}"...)
# full
