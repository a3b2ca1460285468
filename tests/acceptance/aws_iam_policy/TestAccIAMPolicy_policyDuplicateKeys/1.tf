
resource "aws_iam_policy" "test" {
  name = "tf-acc-test-dupkeys"

  policy = <<EOF
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "s3:PutObject",
      "Resource": "*",
      "Condition": {
        "StringEquals": {
          "s3:prefix": ["one/", "two/"]
        },
        "StringEquals": {
          "s3:versionid": "abc123"
        }
      }
    }
  ]
}
EOF
}
