resource "aws_kms_key" "test" {
  description             = "tf-acc-test-dsaliasid"
  deletion_window_in_days = 7
}

resource "aws_kms_alias" "test" {
  name          = "alias/tf-acc-test-dsaliasid"
  target_key_id = aws_kms_key.test.id
}

data "aws_kms_key" "test" {
  key_id = aws_kms_alias.test.id
}
