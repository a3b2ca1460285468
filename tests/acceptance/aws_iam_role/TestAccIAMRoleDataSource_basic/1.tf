data "aws_iam_policy_document" "test" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["ec2.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "test" {
  name               = "tf-acc-test-data"
  path               = "/testpath/"
  assume_role_policy = data.aws_iam_policy_document.test.json
}

data "aws_iam_role" "test" {
  name = aws_iam_role.test.name
}
