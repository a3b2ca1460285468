resource "aws_inspector2_enabler" "this" {
  account_ids    = ["123456789012"]
  resource_types = sort(tolist(var.resource_types))
}

resource "aws_inspector2_filter" "suppress" {
  for_each = local.active

  name        = each.value.name
  action      = "SUPPRESS"
  description = "Suppressed by the baseline: ${lower(each.key)}"
  reason      = each.value.reason
  tags        = local.common_tags

  filter_criteria {
    dynamic "severity" {
      for_each = toset(each.value.severities)
      content {
        comparison = "EQUALS"
        value      = severity.value
      }
    }

    dynamic "finding_type" {
      for_each = each.value.types
      iterator = t
      content {
        comparison = "EQUALS"
        value      = t.value
      }
    }
  }

  depends_on = [aws_inspector2_enabler.this]
}

resource "aws_iam_role" "events" {
  name               = local.role_name
  assume_role_policy = templatefile("${path.module}/policies/trust.json.tftpl", { services = ["events.amazonaws.com"] })
  tags               = local.common_tags
}

resource "aws_iam_role_policy" "start" {
  name   = "StartAssessment"
  role   = aws_iam_role.events.id
  policy = file("${path.module}/policies/start-assessment.json")
}

# The role was called `inspector_events` before this configuration was split into files.
moved {
  from = aws_iam_role.inspector_events
  to   = aws_iam_role.events
}
