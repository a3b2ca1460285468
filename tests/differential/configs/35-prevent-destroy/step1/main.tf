resource "terraform_data" "a" {
  triggers_replace = "v1"
  lifecycle {
    prevent_destroy = true
  }
}
