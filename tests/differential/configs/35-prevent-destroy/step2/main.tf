resource "terraform_data" "a" {
  triggers_replace = "v2"
  lifecycle {
    prevent_destroy = true
  }
}
