resource "aws_accessanalyzer_analyzer" "test" {
  analyzer_name = "tf-acc-test-aaorgunused"
  type          = "ORGANIZATION_UNUSED_ACCESS"

  configuration {
    unused_access {
      unused_access_age = 180
      analysis_rule {
        exclusion {
          account_ids = [
            "123456789012",
            "234567890123",
          ]
        }
        exclusion {
          resource_tags = [
            { key1 = "value1" },
            { key2 = "value2" },
          ]
        }
      }
    }
  }
}
