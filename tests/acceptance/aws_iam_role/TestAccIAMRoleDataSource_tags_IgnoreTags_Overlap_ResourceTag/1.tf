provider "aws" {
  default_tags {
    tags = null
  }
  ignore_tags {
    keys = ["resourcekey1"]
  }
}

data "aws_iam_role" "test" {
  name = aws_iam_role.test.name
}

resource "aws_iam_role" "test" {
  name = "tf-acc-test-dsignres"

  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Action = "sts:AssumeRole",
      Principal = {
        Service = "ec2.${data.aws_partition.current.dns_suffix}",
      }
      Effect = "Allow"
      Sid    = ""
    }]
  })

  tags = {
    resourcekey1 = "resourcevalue1"
  }
}

data "aws_partition" "current" {}
