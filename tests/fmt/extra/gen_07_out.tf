foo_bar_65 = -f(1...) # cmt
