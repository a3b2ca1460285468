data "aws_region" "test" {
  name = "us-west-1"
}
