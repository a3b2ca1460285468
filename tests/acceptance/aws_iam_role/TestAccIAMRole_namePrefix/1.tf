resource "aws_iam_role" "test" {
  name_prefix = "tf-acc-test"
  path        = "/"

  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Action = "sts:AssumeRole",
      Principal = {
        Service = "ec2.amazonaws.com",
      }
      Effect = "Allow"
      Sid    = ""
    }]
  })
}
