resource "aws_accessanalyzer_analyzer" "test" {
  analyzer_name = "tf-acc-test-aaunused"
  type          = "ACCOUNT_UNUSED_ACCESS"

  configuration {
    unused_access {
      unused_access_age = 180
    }
  }
}
