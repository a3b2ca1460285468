provider "aws" {
  default_tags {
    tags = {
      key1 = "providervalue1"
    }
  }
}

resource "aws_iam_role" "test" {
  name = "tf-acc-test-dtnullover"

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
    key1 = null
  }
}

data "aws_partition" "current" {}
