resource "x" "y" {
a = 1
bbbb = 2
# comment breaks group
cc = 3
ddddddd = 4

eeeee = 5
f = 6
g = {
h = 1
iiii = 2
}
jjjjjjjjj = 7
kk = [
1,
]
l = 8
m = <<EOT
heredoc
EOT
nnnnn = 9
o = "${var.z}"
p = 10
}
