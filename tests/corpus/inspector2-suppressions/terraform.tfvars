name_prefix = "Corp"

suppressions = {
  informational = {
    reason = "Informational findings have nothing to fix."
  }
  sandbox-low = {
    reason     = "Low findings in sandboxes are accepted."
    severities = ["LOW"]
    types      = ["PACKAGE_VULNERABILITY", "CODE_VULNERABILITY"]
  }
  disabled = {
    reason  = "Kept for later."
    enabled = false
  }
}

tags = {
  Owner      = "security"
  CostCenter = "1234"
}
