é_200  = "%{for v in é.*.id < null}${v}%{endfor}\"$ "
if_201 = { é = bb.0 }
variable "v" {
  type = list(string)
}
var "x" {
  é_202 = [for x in "${ // c2
    "${
      -1
    }"
  }" : x-y[*].id if x]
  é "a b" "l" { # c
    // full
    for "é" "lab" { in = {

      "k" : é[*].id // c2
      for : true,
      null = var, // c2
    } }
    true "" "x" {               # c
      x-y_203 = { for k, v in [ // c2
        1,

        -bb[*].id,
        (-1),
      ] : k => v }

      𝒜_204 = !provider::p::fn(var.*.id) ? provider::p::fn(1e3) : true[1] /* b */
      foo_bar_205 = {
      } // c2
      for_206 = x-y.*.id /* b */
      for_207 = provider::p::fn(!"${- 1}%{if "%{if["%{if { for k, v in {} : k => v... } }yes%{else}no%{endif}", "", "%{for v in <<EOF
    EOTX
EOF
        }${v}%{endfor}"]}yes%{else}no%{endif}%{if <<EOT
   $x
%{if x}y%{endif}
 EOT
      }yes%{else}no%{endif}"}yes%{else}no%{endif}${true}") // c2
    }
    var_208 = -{
      count = 1 ? -1 : true.tags
      é : tags.null,
    }                                                                                                    # cmt
    bb_209 = "%{for v in { for k, v in 𝒜[0] : k => v } }${v}%{endfor}$${x}%{if 1e3}yes%{else}no%{endif}" // c2
    in "é" "l" {
      bb_210 = 1
    }
  }
  var_211 = { for k, v in { for k, v in [for x in "s" : null if x] : k => v } : k => v } /* b */
  true {
    é_212 = "${1 <= "${ { for k, v in(a.*.id) : k => v } }"}$${x}${é[0]}"
    tags_213 = {

      count : -1[null],
      (for) = null[bb],
      }["${/* b */
        { for k, v in true : k => v } # cmt
    }"]

    if "é" { # c
      count_214 = var(1e3["${1e3}"])
      if_215    = bb // c2
      𝒜_216 = [

        true.*.id % in[0] ? { for k, v in 𝒜.*.id : k => v } : provider::p::fn(if.*.id),
      ] // c2
      foo_bar_217 = "%{if foo_bar[0]}yes%{else}no%{endif}"
    } # after
  }   # after
}     # after
