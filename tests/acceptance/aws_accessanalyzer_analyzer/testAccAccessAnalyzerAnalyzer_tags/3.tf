resource "aws_accessanalyzer_analyzer" "test" {
  analyzer_name = "tf-acc-test-tags"

  tags = {
    key1 = "value1updated"
    key2 = "value2"
  }
}
