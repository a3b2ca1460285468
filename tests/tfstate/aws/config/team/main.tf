variable "name" {
  type = string
}

resource "aws_sns_topic" "t" {
  name = "team-${var.name}"
}
