   count_234   =	𝒜[*].id
    in    lab    {
  var_235 =   "${ # cmt
{   (null)   =  { # cmt
  "k" =   x-y[*].id, # cmt
 },"k" = -1,"k" : tags[*].id	} 
}" 
     x-y_236   =  -var[0] # cmt
    } # after
