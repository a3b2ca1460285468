output "filter_arns" {
  description = "ARN of each suppression filter, by key."
  value       = { for k, f in aws_inspector2_filter.suppress : k => f.arn }
}

output "filter_names" {
  value = sort([for f in values(aws_inspector2_filter.suppress) : f.name])
}

output "reasons" {
  value = local.reasons
}

output "role_arn" {
  value = aws_iam_role.events.arn
}

output "summary" {
  value = <<-EOT
    Suppressions in ${var.region}:
    %{~ for k, s in local.active }
      - ${k}: ${join(", ", s.severities)}
    %{~ endfor }
  EOT
}
