# A configuration Terraform 1.11.4 applied (record.py): its state, as Terraform wrote it, is
# terraform.tfstate beside this file. Resources with count and for_each, a module called with
# for_each, create_before_destroy, a dependency, a sensitive attribute and outputs of several types.
variable "secret" {
  default   = "s3cr3t"
  sensitive = true
}

resource "terraform_data" "plain" {
  input = "x"
}

resource "terraform_data" "counted" {
  count = 2
  input = { secret = var.secret, n = count.index }
}

resource "terraform_data" "each" {
  for_each   = toset(["a", "b"])
  input      = each.key
  depends_on = [terraform_data.plain]
  lifecycle {
    create_before_destroy = true
  }
}

module "m" {
  source   = "./mod"
  for_each = { one = 1, two = 2 }
  n        = each.value
}

output "list" { value = tolist(["a"]) }
output "object" { value = { a = 1, b = ["x"] } }
output "secret" {
  value     = var.secret
  sensitive = true
}
