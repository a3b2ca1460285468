a {}
b {}
c { x = 1 }
d "l" { y = var.z }
e {
}
f {

}
lifecycle { ignore_changes = [tags] }
