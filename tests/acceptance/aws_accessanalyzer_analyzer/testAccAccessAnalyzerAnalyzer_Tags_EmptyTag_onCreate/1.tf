resource "aws_accessanalyzer_analyzer" "test" {
  analyzer_name = "tf-acc-test-tagsempty"

  tags = {
    key1 = ""
  }
}
