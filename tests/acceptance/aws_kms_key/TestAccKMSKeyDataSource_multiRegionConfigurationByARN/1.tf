resource "aws_kms_key" "test" {
  description             = "tf-acc-test-dsmrarn"
  deletion_window_in_days = 7
  multi_region            = true
}

data "aws_kms_key" "test" {
  key_id = aws_kms_key.test.arn
}
