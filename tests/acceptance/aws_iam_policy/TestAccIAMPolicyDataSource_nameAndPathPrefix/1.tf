
resource "aws_iam_policy" "test" {
  name        = "tf-acc-test-dsprefix"
  path        = "/test-path/"
  description = "My test policy"

  policy = <<EOF
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Action": [
        "ec2:Describe*"
      ],
      "Effect": "Allow",
      "Resource": "*"
    }
  ]
}
EOF
}
data "aws_iam_policy" "test" {
  name        = aws_iam_policy.test.name
  path_prefix = "/test-path/"
}
