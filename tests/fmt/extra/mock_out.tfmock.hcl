mock_resource "aws_instance" {
  defaults = {
    id  = "i-123"
    arn = "arn"
  }
}
override_data {
  target = data.x.y
  values = { a = 1 }
}
