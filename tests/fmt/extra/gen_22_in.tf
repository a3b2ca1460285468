    if_152 =  foo_bar[0] 

