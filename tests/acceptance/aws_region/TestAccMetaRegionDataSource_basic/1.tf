data "aws_region" "test" {}
