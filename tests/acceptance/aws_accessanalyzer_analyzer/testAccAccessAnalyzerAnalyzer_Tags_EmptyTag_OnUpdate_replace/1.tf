resource "aws_accessanalyzer_analyzer" "test" {
  analyzer_name = "tf-acc-test-tagsemptyrepl"

  tags = {
    key1 = "value1"
  }
}
