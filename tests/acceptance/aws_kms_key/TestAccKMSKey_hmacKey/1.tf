resource "aws_kms_key" "test" {
  description             = "tf-acc-test-keyhmac"
  deletion_window_in_days = 7

  key_usage                = "GENERATE_VERIFY_MAC"
  customer_master_key_spec = "HMAC_256"
}
