resource "aws_accessanalyzer_analyzer" "test" {
  analyzer_name = "tf-acc-test-tagsemptyadd"

  tags = {
    key1 = "value1"
    key2 = ""
  }
}
