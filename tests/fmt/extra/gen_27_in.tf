     null "l" {
    count_190=  f(-1...) /* b */
    # full
// full
     } # after
   count  "l"	 {
 # full
    tags_191	=  {	"k"	:  "${

"${

true
}" # cmt
}" } /* b */
  null	 { # c
  # full
 // full
  }
   é	 { # c
  count   lab  {
     count_192	=  in[0]

   if_193 =   true 
  }
    if_194 = {for k, v in "${tags.foo_bar  }" : k => v...}
     true /* c */ "x" {
    var_195= -   <<EOF

  {
EOF

  é_196   =   "%{ for v in !𝒜.0 }${v}%{ endfor }%%{y}%{ for v in "${ /* b */
"s" // c2
}" }${v}%{ endfor }"
x-y_197 =   {for k, v in for.0 ?  count  : [   a.*.id,	1e3,	1e3] : k => v}
     count_198 = {
	(if)="%{	for v in [for   x in -1 :   1e3] }${v}%{ endfor }" # cmt
 (in)	=  [
 if[0], /* b */
] // c2
	"k"	= "${
"${ { 
"k"  :"${  in.*.id }"

  (true)  :bb.é, # cmt
 (tags)	=	{ /* b */
if	:   é, 
   x-y =   1, // c2
},

 }   }% ${   <<EOF
EOF
 }" 
}"
   } # cmt
     } # after
     𝒜    "l"   {  var = f(1.5...   ) }
   true_199  = tags.0 # cmt
   }
   } # after
