
data "aws_ebs_default_kms_key" "current" {}
