resource "aws_kms_key" "test" {
  deletion_window_in_days = 7
}
