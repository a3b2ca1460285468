resource "aws_kms_key" "test" {
  description             = "tf-acc-test-keypolicybasic"
  deletion_window_in_days = 7
}
