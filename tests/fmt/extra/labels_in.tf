resource aws_instance web {
}
resource "aws_instance" db {
}
module mod {
  source = "./x"
}
resource "a\u00e9\u0041" "b\\c\"d" {
}
resource "tab\there" "nl\n" {
}
resource "a$b" "c" {
}
resource "x" "p%%{" {
}
data "d" "" {
}
resource "uni" "\U0001F600 \u200b" {
}
