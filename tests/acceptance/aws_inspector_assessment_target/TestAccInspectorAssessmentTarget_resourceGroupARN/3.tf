resource "aws_inspector_resource_group" "test1" {
  tags = {
    Name = "tf-acc-test-atrg1"
  }
}

resource "aws_inspector_resource_group" "test2" {
  tags = {
    Name = "tf-acc-test-atrg2"
  }
}

resource "aws_inspector_assessment_target" "test" {
  name               = "tf-acc-test-atrg"
  resource_group_arn = aws_inspector_resource_group.test2.arn
}
