locals {
a = var.x ? 1 : 2
b = var.x==1?"a":"b"
c = (
var.a
? var.b
: var.c
)
d = !var.e && var.f || !(var.g)
e = var.a>=1&&var.b<=2||var.c!=3
f = var.a%2==0
}
