resource "aws_kms_key" "test" {
  description             = "tf-acc-test-dskeyarn"
  deletion_window_in_days = 7
}

data "aws_kms_key" "test" {
  key_id = aws_kms_key.test.arn
}
