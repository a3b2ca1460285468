𝒜_74 = { for k, v in f({ # cmt
  "k" = "s",
  "k" = true[0], # cmt
  "k" : 1.5, /* b */
}...) : k => v }
foo_bar_75 = if[*].id[f(true.0...)[true[1]]]
é {

}
// full
𝒜_76 = count.*.id

