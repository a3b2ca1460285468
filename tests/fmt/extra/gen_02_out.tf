# full
var "é" { # c
  foo_bar_12 = (provider::p::fn("${"s"}"))
  in_13 = {

    𝒜   = -1,
    "k" = true, # cmt
  } /* b */
  é_14 = [ # cmt
    "${~1~}${~"" + ["s", "s"]~}", /* b */
  ]
  # full
  é_15 = foo_bar
} # after
var_16 = (<<-END_X
 END_X
[null(in.count)])
true_17 = count(tags[0])

