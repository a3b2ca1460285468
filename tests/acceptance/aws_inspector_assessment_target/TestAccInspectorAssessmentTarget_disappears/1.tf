resource "aws_inspector_assessment_target" "test" {
  name = "tf-acc-test-atdisappears"
}
