resource "aws_accessanalyzer_analyzer" "test" {
  analyzer_name = "tf-acc-test-ardisappears"
}

resource "aws_accessanalyzer_archive_rule" "test" {
  analyzer_name = aws_accessanalyzer_analyzer.test.analyzer_name
  rule_name     = "tf-acc-test-ardisappears"

  filter {
    criteria = "isPublic"
    eq       = ["false"]
  }
}
