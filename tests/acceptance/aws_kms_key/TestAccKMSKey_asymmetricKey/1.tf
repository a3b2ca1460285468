resource "aws_kms_key" "test" {
  description             = "tf-acc-test-keyasymmetric"
  deletion_window_in_days = 7

  key_usage                = "SIGN_VERIFY"
  customer_master_key_spec = "ECC_NIST_P384"
}
