resource "terraform_data" "a" {
  input = "hello"
  lifecycle {
    postcondition {
      condition     = self.input == "bye"
      error_message = "The input is not bye."
    }
  }
}
