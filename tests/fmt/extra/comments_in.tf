# leading comment
// slash comment
/* block
   comment */
resource "a" "b" { # on opener
  # inside
    x = 1 // slash trailing
  yy = 2 /* block trailing */
  zzz = 3 # hash
  /* inline */ w = 4
  v = /* before value */ "${var.x}"
} # after closer

resource "a" /* between */ "c" /* after labels */ {
}
  # indented at end
/* eof comment without newline */
