for_95 = [ // c2
  [for x in - 1 : count[*].id if x],
  true || "s",
] ? [[null, null, ], { for k, v in 1.5 : k => v... }, ] : 1e3
variable "v" {
  type = map(string)
}
