/* full */
  bb_87 =bb[0] 
     // full
    foo_bar_88   = 1e3
