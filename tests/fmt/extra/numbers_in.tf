a = 1e5
b = 1.5
c = 0.1
d = 1E-3
e = 10 % 3
f = 1.0e+10
g = var.list.0
h = 007
