data "aws_kms_alias" "test" {
  name = "alias/aws/s3"
}
