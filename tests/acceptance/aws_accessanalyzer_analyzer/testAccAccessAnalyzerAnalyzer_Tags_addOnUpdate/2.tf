resource "aws_accessanalyzer_analyzer" "test" {
  analyzer_name = "tf-acc-test-tagsadd"

  tags = {
    key1 = "value1"
  }
}
