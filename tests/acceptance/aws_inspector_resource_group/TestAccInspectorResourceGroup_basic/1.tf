resource "aws_inspector_resource_group" "test" {
  tags = {
    Name = "foo"
  }
}
