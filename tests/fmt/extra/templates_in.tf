locals {
a = "hello ${ var.name }!"
b = "%{ for x in var.l ~}${x}, %{ endfor ~}"
c = "esc $${not} %%{not}"
d = "dollar $ percent % brace { }"
e = "nested ${ format("%s", "${var.x}") } done"
f = "back\\slash \"quote\" \n \t \u00e9"
g = "${a}${b}${ c } ${d}"
}
