provider "aws" {
  default_tags {
    tags = {
      overlapkey1 = "providervalue1"
    }
  }
}

resource "aws_iam_policy" "test" {
  name = "tf-acc-test-dtover"

  policy = <<EOF
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Action": [
        "ec2:Describe*"
      ],
      "Effect": "Allow",
      "Resource": "arn:${data.aws_partition.current.partition}:ec2:${data.aws_region.current.region}:${data.aws_caller_identity.current.account_id}:*"
    }
  ]
}
EOF

  tags = {
    overlapkey1 = "resourcevalue2"
  }
}

data "aws_partition" "current" {}
data "aws_region" "current" {}
data "aws_caller_identity" "current" {}
