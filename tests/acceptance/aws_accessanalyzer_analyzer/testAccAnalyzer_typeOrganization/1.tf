resource "aws_accessanalyzer_analyzer" "test" {
  analyzer_name = "tf-acc-test-aaorg"
  type          = "ORGANIZATION"
}
