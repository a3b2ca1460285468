resource "aws_cloudwatch_event_rule" "test" {
  name          = "tf-acc-test-rulejsonenc"
  event_pattern = jsonencode({ "detail" : { "count" : [{ "numeric" : [">", 0, "<", 5] }] } })
}
