resource "aws_sns_topic" "test" {
  name              = "tf-acc-test-encryption"
  kms_master_key_id = "alias/aws/sns"
  signature_version = 2
}
