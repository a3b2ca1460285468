resource "aws_accessanalyzer_analyzer" "test" {
  analyzer_name = "tf-acc-test-tags"

  tags = null
}
