data "aws_partition" "test" {}

data "aws_region" "test" {
  endpoint = "ec2.eu-west-1.${data.aws_partition.test.dns_suffix}"
}
