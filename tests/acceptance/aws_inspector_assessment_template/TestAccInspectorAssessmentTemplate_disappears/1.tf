data "aws_inspector_rules_packages" "available" {}

resource "aws_inspector_resource_group" "test" {
  tags = {
    Name = "tf-acc-test-tpldisappears"
  }
}

resource "aws_inspector_assessment_target" "test" {
  name               = "tf-acc-test-tpldisappears"
  resource_group_arn = aws_inspector_resource_group.test.arn
}

resource "aws_inspector_assessment_template" "test" {
  name       = "tf-acc-test-tpldisappears"
  target_arn = aws_inspector_assessment_target.test.arn
  duration   = 3600

  rules_package_arns = data.aws_inspector_rules_packages.available.arns
}
