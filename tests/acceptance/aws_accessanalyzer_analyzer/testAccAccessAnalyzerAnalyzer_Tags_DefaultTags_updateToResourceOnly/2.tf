resource "aws_accessanalyzer_analyzer" "test" {
  analyzer_name = "tf-acc-test-dttores"

  tags = {
    key1 = "value1"
  }
}
