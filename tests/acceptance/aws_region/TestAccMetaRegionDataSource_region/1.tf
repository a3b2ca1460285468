data "aws_region" "test" {
  region = "us-gov-east-1"
}
