// full
# full
count_71 = [] /* b */
for_72 = { null = "${
  in[0] // c2
}", "k" = ("${tags[0]}"), é = -1[true][[for x in count[0] : bb[*].id if x]] }
x-y_73 = "👩‍💻%{for v in null ? é.0 : 1e3}${v}%{endfor}${f(foo_bar[0]...)[!true]}" # cmt
