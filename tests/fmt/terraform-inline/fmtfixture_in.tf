  foo  =  "bar"
