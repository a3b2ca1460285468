resource "aws_accessanalyzer_analyzer" "test" {
  analyzer_name = "tf-acc-test-tagsnull"

  tags = null
}
