resource "aws_kms_key" "test" {
  description             = "tf-acc-test-aliasdisappears"
  deletion_window_in_days = 7
  enable_key_rotation     = true
}

resource "aws_kms_alias" "test" {
  name          = "alias/tf-acc-test-aliasdisappears"
  target_key_id = aws_kms_key.test.id
}
