# What type each output is recorded with: lists and tuples, maps and objects, sets, and what
# functions, variables, `for`, splats, conditionals, resources and modules give.
variable "names" {
  type    = list(string)
  default = ["a", "b"]
}

variable "ports" {
  type    = map(number)
  default = { http = 80, https = 443 }
}

variable "rules" {
  type = list(object({ name = string, port = optional(number, 22) }))
  default = [{ name = "ssh" }]
}

variable "zones" {
  type    = set(string)
  default = ["b", "a", "b"]
}

resource "terraform_data" "n" {
  count = 2
  input = "n${count.index}"
}

resource "terraform_data" "e" {
  for_each = toset(["x", "y"])
  input    = { key = each.key }
}

module "m" {
  source = "./mod"
  items  = var.names
}

output "tolist" { value = tolist(["a", "b"]) }
output "tolist_mixed" { value = tolist(["a", 1]) }
output "tomap" { value = tomap({ a = 1, b = 2 }) }
output "toset" { value = toset(["b", "a"]) }
output "var_list" { value = var.names }
output "var_map" { value = var.ports }
output "var_objects" { value = var.rules }
output "var_set" { value = var.zones }
output "for_tuple" { value = [for n in var.names : upper(n)] }
output "for_object" { value = { for n in var.names : n => length(n) } }
output "for_grouped" { value = { for n in ["a", "b", "a"] : n => n... } }
output "splat_list" { value = var.rules[*].name }
output "splat_resources" { value = terraform_data.n[*].output }
output "resources_count" { value = [for r in terraform_data.n : r.input] }
output "resources_for_each_keys" { value = keys(terraform_data.e) }
output "split" { value = split(",", "a,b") }
output "keys_map" { value = keys(var.ports) }
output "keys_object" { value = keys({ a = 1, b = "x" }) }
output "values_map" { value = values(var.ports) }
output "concat_lists" { value = concat(var.names, tolist(["c"])) }
output "concat_tuples" { value = concat(["a"], [1]) }
output "merge_maps" { value = merge(var.ports, tomap({ ssh = 22 })) }
output "merge_objects" { value = merge({ a = 1 }, { b = "x" }) }
output "zipmap" { value = zipmap(var.names, [1, 2]) }
output "flatten" { value = flatten([var.names, ["c"]]) }
output "range" { value = range(3) }
output "setunion" { value = setunion(var.zones, ["c"]) }
output "cond_list_tuple" { value = true ? var.names : [] }
output "cond_set_tuple" { value = true ? var.zones : [] }
output "cond_map_object" { value = true ? var.ports : { a = 1 } }
output "jsondecode" { value = jsondecode("{\"a\": [1, 2]}") }
output "module_list" { value = module.m.upper }
output "module_object" { value = module.m.both }
output "nested_lists" { value = [tolist(["a"]), ["b"]] }
output "map_of_lists" { value = tomap({ a = tolist(["x"]), b = tolist(["y", "z"]) }) }
output "list_of_objects" { value = tolist([{ a = 1 }, { a = 2 }]) }
output "regexall" { value = regexall("[a-z]", "a1b") }
output "sort" { value = sort(["b", "a"]) }
output "distinct" { value = distinct(["a", "a"]) }
output "reverse_tuple" { value = reverse(["a", 1]) }
output "slice_list" { value = slice(var.names, 0, 1) }
output "transpose" { value = transpose({ a = ["x"] }) }
output "eq_list_tuple" { value = tolist(["a"]) == ["a"] }
output "eq_map_object" { value = var.ports == { http = 80, https = 443 } }
output "eq_split" { value = split(",", "a") == ["a"] }
output "eq_keys_object" { value = keys({ a = 1 }) == ["a"] }
output "eq_concat" { value = concat(["a"], tolist(["b"])) == ["a", "b"] }
output "eq_sets" { value = toset(["a"]) == toset(["a"]) }
output "eq_set_list" { value = toset(["a"]) == tolist(["a"]) }
