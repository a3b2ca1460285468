resource "aws_iam_role" "test" {
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

  name                 = "tf-acc-test-boundary"
  path                 = "/"
  permissions_boundary = "arn:aws:iam::aws:policy/AdministratorAccess"
}
