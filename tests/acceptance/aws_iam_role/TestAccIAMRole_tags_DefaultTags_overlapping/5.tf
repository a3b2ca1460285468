provider "aws" {
  default_tags {
    tags = {
      overlapkey1 = "providervalue1"
    }
  }
}

resource "aws_iam_role" "test" {
  name = "tf-acc-test-dtover"

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
    overlapkey1 = "resourcevalue2"
  }
}

data "aws_partition" "current" {}
