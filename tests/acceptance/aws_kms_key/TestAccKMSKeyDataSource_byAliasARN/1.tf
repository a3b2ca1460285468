resource "aws_kms_key" "test" {
  description             = "tf-acc-test-dsaliasarn"
  deletion_window_in_days = 7
}

resource "aws_kms_alias" "test" {
  name          = "alias/tf-acc-test-dsaliasarn"
  target_key_id = aws_kms_key.test.id
}

data "aws_kms_key" "test" {
  key_id = aws_kms_alias.test.arn
}
