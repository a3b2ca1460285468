𝒜_1       = 𝒜[*].id /* b */
bb_2      = [true.*.id, ]
true_3    = { "k" = -1, "k" : null } % "%{if "% %{for v in 1[1]}${v}%{endfor}${1.5 ? é.*.id : 1.5[for[0]]}"}yes%{else}no%{endif}" [[1, provider::p::fn(1.5), "", ]] // c2
foo_bar_4 = x-y.count

