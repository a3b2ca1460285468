locals {
  𝒜      = 1   # a
  bungle = "🇬🇧" # b
  m = {
    "é"   = "👩‍💻"       # c
    "한국"  = "x"       # d
    "각"   = 1         # jamo
    zebra = "striped" # e
    "कि"   = "👍🏽"       # f
  }
}
