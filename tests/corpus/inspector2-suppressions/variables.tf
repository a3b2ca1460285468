variable "region" {
  description = "Region the baseline is deployed to."
  type        = string
  default     = "ap-northeast-1"

  validation {
    condition     = can(regex("^[a-z]{2}(-gov)?-[a-z]+-[0-9]$", var.region))
    error_message = "The region must be an AWS region name such as ap-northeast-1."
  }
}

variable "name_prefix" {
  description = "Prefix of every name this module creates."
  type        = string
  default     = "Baseline"

  validation {
    condition     = length(var.name_prefix) <= 20 && can(regex("^[A-Za-z][A-Za-z0-9-]*$", var.name_prefix))
    error_message = "name_prefix must start with a letter, use letters, digits and dashes, and be at most 20 characters."
  }
}

variable "suppressions" {
  description = "Findings to suppress, by rule name."
  type = map(object({
    reason     = string
    severities = optional(list(string), ["INFORMATIONAL"])
    types      = optional(list(string), [])
    enabled    = optional(bool, true)
  }))
  default = {}

  validation {
    condition = alltrue(flatten([
      for s in values(var.suppressions) : [for v in s.severities : contains(["INFORMATIONAL", "LOW", "MEDIUM", "HIGH", "CRITICAL", "UNTRIAGED"], v)]
    ]))
    error_message = "Each severity must be one of INFORMATIONAL, LOW, MEDIUM, HIGH, CRITICAL or UNTRIAGED."
  }
}

variable "resource_types" {
  type    = set(string)
  default = ["EC2", "ECR"]
}

variable "tags" {
  type    = map(string)
  default = {}
}
