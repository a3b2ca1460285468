provider "aws" {
  default_tags {
    tags = {
      providerkey1 = "providervalue1updated"
    }
  }
}

resource "aws_iam_role" "test" {
  name = "tf-acc-test-dtnonover"

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
    resourcekey1 = "resourcevalue1updated"
    resourcekey2 = "resourcevalue2"
  }
}

data "aws_partition" "current" {}
