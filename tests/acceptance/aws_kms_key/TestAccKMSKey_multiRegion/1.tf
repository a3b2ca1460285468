resource "aws_kms_key" "test" {
  description             = "tf-acc-test-keymultiregion"
  deletion_window_in_days = 7
  enable_key_rotation     = false
  is_enabled              = true
  multi_region            = true
}
