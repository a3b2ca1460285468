data "aws_partition" "test" {}

data "aws_region" "test" {
  endpoint = "ec2.ap-northeast-1.${data.aws_partition.test.dns_suffix}"
  name     = "ap-northeast-1"
}
