resource "aws_iam_role" "test" {
  name = "tf-acc-test-tags"

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
    key1 = "value1updated"
    key2 = "value2"
  }
}

data "aws_partition" "current" {}
