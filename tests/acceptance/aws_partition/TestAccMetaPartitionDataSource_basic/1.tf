
data "aws_partition" "test" {}
