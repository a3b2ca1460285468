
data "aws_partition" "current" {}

data "aws_iam_policy_document" "test" {
  source_policy_documents = [<<EOF
{
    "Version": "2012-10-17",
    "Statement": [
        {
            "Sid": "RestrictAccessToSpecialTag",
            "Effect": "Deny",
            "Action": [
                "ec2:CreateTags",
                "ec2:DeleteTags"
            ],
            "Resource": "arn:${data.aws_partition.current.partition}:ec2:*:*:vpc/*",
            "Condition": {
                "Null": {
                    "aws:ResourceTag/SpecialTag": false
                },
                "StringLike": {
                    "aws:ResourceAccount": [
                        "123456"
                    ],
                    "aws:PrincipalArn": "arn:${data.aws_partition.current.partition}:iam::*:role/AWSAFTExecution"
                }
            }
        }
    ]
}
EOF
  ]
}
