count "é" "l" {
  # full
  // full
  bb { # c

  }
}
for_138     = true("\u00e9")
bb "l" { if = 1e3 // c2
}
in_139 = { for k, v in "%{for v in if.x-y % null}${v}%{endfor}" : k => v }
