if "l" "é" {
  var_140 = (null ? -1 : 1.5 > "\"") // c2

  true_141 = "🇬🇧${~"${~foo_bar({

    "k" : 1.5,
    }, -1)~}\n${"%{for v in 1e3}${v}%{endfor}%{if "${
    if(1)
  }"}yes%{else}no%{endif}"}"~}" // c2
  é_142 = [
    "%{for v in null}${v}%{endfor}",
    [f(null...), (true.*.id), 𝒜.0, ],
  ] // c2
  for_143 = [{

  }, ]
  é_144 = tags.0 # cmt
}                # after
for_145 = (f("${ { var = "s" ? null : 1.5 } }${ { in : count(in[*].id, foo_bar.*.id, var[*].id) } }%{for v in <<-END_X
 EOTX
  {
   END_X
}${v}%{endfor}"...))
𝒜_146 = ["", 𝒜.0]

in_147 = "" /* b */
var { # c
  true "lab" "" {
    count_148 = -1     // c2
    a_149     = null() // c2
    in "l" "x" {       # c
      var_150 = { é : [

        "${"${
          (𝒜.*.id)
        }"}%{if tags()}yes%{else}no%{endif}%{for v in [1e3, true, ]}${v}%{endfor}",
        "",

      ], 𝒜 : in[*].id, null = [in, 1e3, null, ][foo_bar] }
    }        # after
  }          # after
  é_151 = -1 // c2
}
