resource "aws_kms_key" "test" {
  description             = "tf-acc-test-aliasmultiple"
  deletion_window_in_days = 7
  enable_key_rotation     = true
}

resource "aws_kms_alias" "test" {
  name          = "alias/tf-acc-test-aliasmultiple-1"
  target_key_id = aws_kms_key.test.key_id
}

resource "aws_kms_alias" "test2" {
  name          = "alias/tf-acc-test-aliasmultiple-2"
  target_key_id = aws_kms_key.test.key_id
}
