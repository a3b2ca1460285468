data "aws_partition" "test" {}

data "aws_region" "test" {
  endpoint = "ec2.ap-southeast-2.${data.aws_partition.test.dns_suffix}"
  region   = "ap-southeast-2"
}
