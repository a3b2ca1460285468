    bb_42  =	1e3
   count_43	=  provider::	p::fn({ 
"k"	:	"s"[1e3]
 "k": a[*].id,
"k"=	"",
 }) # cmt
for {  }
