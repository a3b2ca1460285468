# Local tweak kept out of the shared files, as teams use override files.
resource "aws_iam_role" "events" {
  max_session_duration = 7200
}
