resource "terraform_data" "a" {
  input            = "same"
  triggers_replace = ["rev-2"]
}
