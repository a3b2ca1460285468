resource "aws_sns_topic" "test" {
  name = "tf-acc-test-tagsemptyrepl"

  tags = {
    key1 = ""
  }
}
