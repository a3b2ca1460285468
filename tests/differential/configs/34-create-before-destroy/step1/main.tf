resource "terraform_data" "a" {
  triggers_replace = "v1"
  lifecycle {
    create_before_destroy = true
  }
}
