
data "aws_ebs_encryption_by_default" "current" {}
