   # just a comment
