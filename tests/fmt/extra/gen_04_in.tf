    𝒜_25=<<-EOT
EOT

     bb  lab	 {
    tags_26	= {  "k"  : [for    x in "s"  :   1.5 if x][bb]	}
  var_27 ={  "k"   :	f(true... ), (bb)  = (	"${
null // c2
}" )	}
 // full
     } # after
   a_28  =f(if[0] >=  1...   )

for_29   =	x-y[*].id

