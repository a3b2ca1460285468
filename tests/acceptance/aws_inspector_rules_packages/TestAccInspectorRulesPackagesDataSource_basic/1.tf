data "aws_inspector_rules_packages" "test" {}
