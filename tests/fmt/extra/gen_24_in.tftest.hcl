     𝒜_155   =   { "k"  =(  {

	} ),(if)   :   bb.*.id} 
     in_156=   provider::   p::fn(count) # cmt
    foo_bar  "l"    {
x-y_157   = {for k, v in {for k, v in 1.5 : k => v...} : k => v...}[!𝒜.*.id] # cmt
     a	 ""	 {   in = ""	}
     tags  { # c
  count_158=[for  x in "${ "${ /* b */
1e3
}"	}"   : <<EOT
    }
$x
text
  EOT
 if x]

a   ""  /* c */ "x"  {
bb_159   =  "$ ${   {for k, v in tags.in : k => v} ?𝒜(   1,  for[0],  true ):"${	1   }" }%{for v in bb}${v}%{ endfor }" # cmt
     é_160 =   f(<<-EOF
 EOF
...  ) 
}
     }
 foo_bar lab   {
  # full
     null_161   = null
  foo_bar	 {
   é_162   ="%{ if f(-1	?	null   : foo_bar[0]... ) }yes%{ else }no%{ endif }$$🇬🇧"
  count_163	=   [  [  ][[
   null,
true,
 1, # cmt
]],	(  if[*].id ),	null]
   null_164	= (  provider   :: p::fn({	in   : count.é,   "k"  =   1.5   })   )
 𝒜_165	="${ "%{for v in null ?null : 1.5}${v}%{ endfor }%{   for v in 1.5 +	if.*.id }${v}%{ endfor }%{for v in [for  x in 1.5 : 1.5 if x] }${v}%{ endfor }"  }" # cmt
     var_166=	{for k, v in {for k, v in for(  ) : k => v...} : k => v...}
if_167 = {

  }

  } # after
null_168 = "${ 
[for  x in [    ]   : {for k, v in 1e3 : k => v...} if x] /* b */
}" // c2

 }
x-y_169   =1.5

    } # after
   variable v {
 type	=   "set"
}
