resource "aws_instance" "web" {
}
resource "aws_instance" "db" {
}
module "mod" {
  source = "./x"
}
resource "aéA" "b\\c\"d" {
}
resource "tab\there" "nl\n" {
}
resource "c" {
}
resource "x" {
}
data "d" "" {
}
resource "uni" "😀 \u200b" {
}
