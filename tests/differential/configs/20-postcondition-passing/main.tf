resource "terraform_data" "a" {
  input = "hello"
  lifecycle {
    postcondition {
      condition     = length(self.input) == 5
      error_message = "Wrong length."
    }
  }
}
