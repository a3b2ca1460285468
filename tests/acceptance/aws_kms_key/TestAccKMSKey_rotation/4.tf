resource "aws_kms_key" "test" {
  description             = "tf-acc-test-keyrotation"
  deletion_window_in_days = 7
  enable_key_rotation     = true
  is_enabled              = true
}
