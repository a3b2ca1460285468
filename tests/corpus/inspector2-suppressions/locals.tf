locals {
  common_tags = merge(var.tags, {
    ManagedBy = "baseline"
    Workspace = terraform.workspace
  })

  # Only the suppressions that are switched on, with their full names.
  active = {
    for key, s in var.suppressions : key => merge(s, {
      name = format("%s-Suppress-%s", var.name_prefix, join("", [for part in split("-", key) : title(part)]))
    }) if s.enabled
  }

  reasons = { for key, s in local.active : s.reason => key... }

  role_name = "${var.name_prefix}-InspectorEvents-${var.region}"
}
