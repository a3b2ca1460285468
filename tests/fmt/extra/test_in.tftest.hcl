variables {
bucket_prefix="test"
}
mock_provider "aws" {
  mock_resource "aws_s3_bucket" {
defaults = {
arn = "arn"
}
}
}
run "valid" {
command=plan
variables {
x = "${var.y}"
}
assert {
condition=aws_s3_bucket.b.bucket=="test-bucket"
error_message="bad"
}
expect_failures = [
var.x,
]
}
