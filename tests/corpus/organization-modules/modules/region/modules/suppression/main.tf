variable "name" {
  type = string
}

variable "region" {
  type = string
}

variable "severity" {
  type = string
  validation {
    condition     = contains(["INFORMATIONAL", "LOW", "MEDIUM"], var.severity)
    error_message = "Only INFORMATIONAL, LOW or MEDIUM findings may be suppressed."
  }
}

variable "reason" {
  type = string
}

resource "aws_inspector2_filter" "this" {
  region = var.region
  name   = var.name
  action = "SUPPRESS"
  reason = var.reason

  filter_criteria {
    severity {
      comparison = "EQUALS"
      value      = var.severity
    }
  }
}

output "arn" {
  value = aws_inspector2_filter.this.arn
}
