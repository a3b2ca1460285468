if {
  𝒜_224 = "%{if - é(1.5, if.0, a.*.id)}yes%{else}no%{endif}" /* b */
}              # after
tags_225 = var # cmt
foo_bar "" "l" {
  in_226 = a.*.id # cmt
  for "a b" "l" {
    a_227 = 1 # cmt
  }           # after
  true {
    tags_228 = if[0]
    tags_229 = {
    }[""]
  }
  a_230 = true
  𝒜_231 = 1
}              # after
x-y_232 = true // c2
if_233 = null("${if[0]}", "%{for v in ["s", "s", 1.5]}${v}%{endfor}${"${
  1.5 * 1.5 // c2
}"}") == "${[é.0]}"
