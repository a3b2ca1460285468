
 x-y_44 ={ 
	(in)   = ""  ?  [   bb.count,   null ,]  :	provider  :: p::fn(tags[0]) 
 } // c2
