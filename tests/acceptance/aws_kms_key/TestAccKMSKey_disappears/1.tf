resource "aws_kms_key" "test" {
  description             = "tf-acc-test-keydisappears"
  deletion_window_in_days = 7
}
