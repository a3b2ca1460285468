locals {
a = {
b = {
c = 1
dddd = 2 # trailing
  e = [1,2,
3]
}
"quoted key" = "v"
(var.k) = 1
x : 1
yy: 2
}
list = [ {a=1}, {b = 2} ]
  mixed = [{
  k = "v"
  }, {
  k2 = "v2"
  }]
}
