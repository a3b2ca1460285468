
resource "aws_ebs_snapshot_block_public_access" "test" {
  state = "block-new-sharing"
}
