resource "terraform_data" "a" {
  triggers_replace = "v2"
  lifecycle {
    create_before_destroy = true
  }
}
