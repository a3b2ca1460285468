//! The Terraform language as configurations use it: a corpus of multi-file configurations
//! applied and re-planned on the sandbox, `moved` and `removed` blocks, `state mv`/`state rm`,
//! variable validation, and the diagnostics for what baseline does not support.

mod common;

use std::path::{Path, PathBuf};

use common::Ctx;

fn corpus() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus");
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(&root)
        .expect("tests/corpus")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    dirs
}

/// Every corpus configuration validates, plans, applies, and then plans `No changes.` (with
/// no drift either: `--refresh-only --detailed-exitcode` exits 0).
#[test]
fn corpus_configurations_apply_and_converge() {
    let dirs = corpus();
    assert!(!dirs.is_empty());
    for dir in dirs {
        let c = Ctx::new();
        let d = dir.to_str().unwrap();
        let r = c.run(&["validate", d]);
        assert_eq!(r.code, 0, "{d}: {}", r.stderr);
        let r = c.run(&["plan", d, "--detailed-exitcode"]);
        assert_eq!(r.code, 2, "{d}: {}", r.transcript());
        c.apply_ok(&dir);
        let r = c.run(&["plan", d, "--detailed-exitcode"]);
        assert_eq!(r.code, 0, "{d}: {}", r.transcript());
        assert!(r.stdout.contains("No changes.\nThe account matches the configuration."), "{d}: {}", r.stdout);
        let r = c.run(&["plan", d, "--refresh-only", "--detailed-exitcode"]);
        assert_eq!(r.code, 0, "{d}: {}", r.transcript());
    }
}

#[test]
fn the_corpus_reads_variables_locals_dynamic_blocks_and_templates_as_terraform_does() {
    let c = Ctx::new();
    let dir = corpus().into_iter().find(|d| d.ends_with("inspector2-suppressions")).unwrap();
    let r = c.apply_ok(&dir);
    // terraform.tfvars, optional() defaults and the `if` filter: two enabled suppressions.
    assert!(r.stdout.contains("\"Corp-Suppress-Informational\""), "{}", r.stdout);
    assert!(r.stdout.contains("\"Corp-Suppress-SandboxLow\""), "{}", r.stdout);
    assert!(!r.stdout.contains("Disabled"), "{}", r.stdout);
    // Grouping `...`, and a heredoc with `%{ for }` and strip markers.
    assert!(
        r.stdout.contains(
            r#"summary = "Suppressions in ap-northeast-1:\n  - informational: INFORMATIONAL\n  - sandbox-low: LOW\n""#
        ),
        "{}",
        r.stdout
    );
    // The dynamic blocks generated one criterion per severity and finding type.
    let filters = c.sandbox_json()["regions"]["ap-northeast-1"]["inspector2"]["filters"].clone();
    let text = filters.to_string();
    assert!(text.contains("CODE_VULNERABILITY") && text.contains("PACKAGE_VULNERABILITY"), "{text}");
    // The JSON-syntax file's output.
    assert!(r.stdout.contains("enabler_id = \"123456789012-EC2:ECR\""), "{}", r.stdout);
    // templatefile() rendered the trust policy from the module's own directory, and the
    // override file set the session duration.
    let r = c.run(&["state", "show", "aws_iam_role.events"]);
    assert!(r.stdout.contains("events.amazonaws.com"), "{}", r.stdout);
    assert!(r.stdout.contains("7200"), "{}", r.stdout);
}

const ROLE: &str = r#"
provider "aws" { region = "us-east-1" }
resource "aws_iam_role" "NAME" {
  name = "renamed-role"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "events.amazonaws.com" } }]
  })
}
resource "aws_cloudwatch_event_rule" "weekly" {
  name                = "weekly"
  schedule_expression = "cron(0 9 ? * MON *)"
}
resource "aws_cloudwatch_event_target" "t" {
  rule     = aws_cloudwatch_event_rule.weekly.name
  arn      = "arn:aws:inspector:us-east-1:123456789012:target/0-abc/template/0-def"
  role_arn = aws_iam_role.NAME.arn
}
"#;

fn roles(c: &Ctx) -> usize {
    c.sandbox_json()["iam"]["roles"].as_object().map_or(0, |m| m.len())
}

#[test]
fn a_moved_block_renames_without_destroying_and_the_schedule_keeps_its_role() {
    let c = Ctx::new();
    let before = c.config("before", &[("main.tf", &ROLE.replace("NAME", "old"))]);
    c.apply_ok(&before);
    let n = roles(&c);
    assert!(n > 0, "the role is in the sandbox account");
    // Renamed without a moved block: destroy and create.
    let renamed = ROLE.replace("NAME", "events");
    let bare = c.config("bare", &[("main.tf", &renamed)]);
    let r = c.run(&["plan", bare.to_str().unwrap()]);
    assert!(r.stdout.contains("aws_iam_role.old will be destroyed"), "{}", r.stdout);
    // With one, the object moves.
    let moved = "moved {\n  from = aws_iam_role.old\n  to   = aws_iam_role.events\n}\n";
    let dir = c.config("after", &[("main.tf", &renamed), ("moved.tf", moved)]);
    let d = dir.to_str().unwrap();
    let r = c.run(&["plan", d, "--detailed-exitcode"]);
    assert_eq!(r.code, 2, "a move changes the state: {}", r.transcript());
    assert!(r.stdout.contains("# aws_iam_role.old has moved to aws_iam_role.events"), "{}", r.stdout);
    assert!(r.stdout.contains("Plan: 0 to add, 0 to change, 0 to destroy."), "{}", r.stdout);
    let r = c.run(&["plan", d, "--format", "json"]);
    let j: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let rc = j["resource_changes"].as_array().unwrap().iter().find(|x| x["address"] == "aws_iam_role.events").unwrap();
    assert_eq!(rc["previous_address"], "aws_iam_role.old");
    assert_eq!(rc["change"]["actions"], serde_json::json!(["no-op"]));
    c.apply_ok(&dir);
    assert_eq!(roles(&c), n, "no role created or destroyed");
    assert!(c.state_list().contains(&"aws_iam_role.events".to_string()));
    assert!(!c.state_list().contains(&"aws_iam_role.old".to_string()));
    let r = c.run(&["plan", d, "--detailed-exitcode"]);
    assert_eq!(r.code, 0, "{}", r.transcript());
}

#[test]
fn moved_blocks_chain_and_refuse_a_taken_destination() {
    let c = Ctx::new();
    let before = c.config("before", &[("main.tf", &ROLE.replace("NAME", "a"))]);
    c.apply_ok(&before);
    // b → c written before a → b: the chain still moves a to c.
    let chain = "moved {\n  from = aws_iam_role.b\n  to = aws_iam_role.c\n}\nmoved {\n  from = aws_iam_role.a\n  to = aws_iam_role.b\n}\n";
    let dir = c.config("chain", &[("main.tf", &ROLE.replace("NAME", "c")), ("moved.tf", chain)]);
    let r = c.run(&["plan", dir.to_str().unwrap()]);
    assert!(r.stdout.contains("# aws_iam_role.a has moved to aws_iam_role.c"), "{}", r.transcript());
    // A move onto an address the state holds is refused and nothing changes.
    let r = c.run(&["state", "mv", "aws_iam_role.a", "aws_cloudwatch_event_rule.weekly"]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("an object keeps its"), "{}", r.stderr);
    // A still-declared `from` is a configuration error.
    let both = format!("{}\nresource \"aws_iam_role\" \"a2\" {{\n  name = \"x\"\n  assume_role_policy = \"{{}}\"\n}}\nmoved {{\n  from = aws_iam_role.a2\n  to = aws_iam_role.a\n}}\n", ROLE.replace("NAME", "a"));
    let dir = c.config("declared", &[("main.tf", &both)]);
    let r = c.run(&["validate", dir.to_str().unwrap()]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("`aws_iam_role.a2` is moved away, but it is still declared"), "{}", r.stderr);
}

#[test]
fn a_removed_block_forgets_without_destroying() {
    let c = Ctx::new();
    let before = c.config("before", &[("main.tf", &ROLE.replace("NAME", "events"))]);
    c.apply_ok(&before);
    let n = roles(&c);
    assert!(n > 0, "the role is in the sandbox account");
    let without: String = ROLE
        .replace("NAME", "events")
        .replace("aws_iam_role.events.arn", "\"arn:aws:iam::123456789012:role/renamed-role\"");
    let start = without.find("resource \"aws_iam_role\"").unwrap();
    let end = without.find("resource \"aws_cloudwatch_event_rule\"").unwrap();
    let without = format!("{}{}", &without[..start], &without[end..]);
    let removed = "removed {\n  from = aws_iam_role.events\n  lifecycle {\n    destroy = false\n  }\n}\n";
    let dir = c.config("after", &[("main.tf", &without), ("removed.tf", removed)]);
    let d = dir.to_str().unwrap();
    let r = c.run(&["plan", d]);
    assert!(
        r.stdout.contains("# aws_iam_role.events will no longer be managed by baseline, but will not be destroyed"),
        "{}",
        r.transcript()
    );
    assert!(r.stdout.contains("Plan: 0 to add, 0 to change, 0 to destroy, 1 to forget."), "{}", r.stdout);
    let r = c.run(&["plan", d, "--format", "json"]);
    let j: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let rc = j["resource_changes"].as_array().unwrap().iter().find(|x| x["address"] == "aws_iam_role.events").unwrap();
    assert_eq!(rc["change"]["actions"], serde_json::json!(["forget"]));
    c.apply_ok(&dir);
    assert_eq!(roles(&c), n, "the role stays in the account");
    assert!(!c.state_list().contains(&"aws_iam_role.events".to_string()));
    let r = c.run(&["plan", d, "--detailed-exitcode"]);
    assert_eq!(r.code, 0, "{}", r.transcript());
}

#[test]
fn state_mv_and_state_rm_edit_the_state_only() {
    let c = Ctx::new();
    let dir = c.config("cfg", &[("main.tf", &ROLE.replace("NAME", "old"))]);
    c.apply_ok(&dir);
    let n = roles(&c);
    assert!(n > 0, "the role is in the sandbox account");
    let r = c.run(&["state", "mv", "aws_iam_role.old", "aws_iam_role.new", "--dry-run"]);
    assert_eq!(r.stdout, "Would move \"aws_iam_role.old\" to \"aws_iam_role.new\"\n");
    assert!(c.state_list().contains(&"aws_iam_role.old".to_string()));
    let r = c.run(&["state", "mv", "aws_iam_role.old", "aws_iam_role.new"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.stdout, "Move \"aws_iam_role.old\" to \"aws_iam_role.new\"\nSuccessfully moved 1 object(s).\n");
    assert!(c.state_list().contains(&"aws_iam_role.new".to_string()));
    assert!(c.dir.path().join("state.json.backup").exists(), "a backup is kept");
    let r = c.run(&["state", "rm", "aws_iam_role.new", "aws_cloudwatch_event_rule.nope"]);
    assert_eq!(r.code, 1, "all addresses must exist");
    assert!(c.state_list().contains(&"aws_iam_role.new".to_string()));
    let r = c.run(&["state", "rm", "aws_iam_role.new"]);
    assert_eq!(r.stdout, "Removed aws_iam_role.new\nSuccessfully removed 1 resource instance(s).\n");
    assert!(!c.state_list().contains(&"aws_iam_role.new".to_string()));
    assert_eq!(roles(&c), n, "nothing in the account changed");
}

#[test]
fn a_failed_validation_rule_points_at_the_value_and_names_the_rule() {
    let c = Ctx::new();
    let dir = c.config(
        "v",
        &[
            (
                "variables.tf",
                "variable \"region\" {\n  type = string\n  validation {\n    condition     = startswith(var.region, \"ap-\")\n    error_message = \"Only Asia Pacific regions, not ${var.region}.\"\n  }\n}\n",
            ),
            ("main.tf", "provider \"aws\" {\n  region = var.region\n}\n"),
            ("terraform.tfvars", "# the region\nregion = \"eu-west-1\"\n"),
        ],
    );
    let r = c.run(&["plan", dir.to_str().unwrap()]);
    assert_eq!(r.code, 1);
    assert!(
        r.stderr.contains("invalid value for variable `region`: Only Asia Pacific regions, not eu-west-1."),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("terraform.tfvars:2:1"), "points at the value: {}", r.stderr);
    assert!(r.stderr.contains("checked by the validation rule at [TMP]/v/variables.tf:3"), "{}", r.stderr);
    // validate has no values: the rule is not evaluated.
    let r = c.run(&["validate", dir.to_str().unwrap()]);
    assert_eq!(r.code, 0, "{}", r.stderr);
}

#[test]
fn a_moved_block_moves_a_resource_into_a_module_without_destroying_it() {
    let c = Ctx::new();
    let before = c.config("before", &[("main.tf", &ROLE.replace("NAME", "events"))]);
    c.apply_ok(&before);
    let n = roles(&c);
    assert!(n > 0, "the role is in the sandbox account");
    // The role moves into a module; the target now reads the module's output.
    let root = ROLE.replace("NAME", "events");
    let start = root.find("resource \"aws_iam_role\"").unwrap();
    let end = root.find("resource \"aws_cloudwatch_event_rule\"").unwrap();
    let root = format!(
        "{}module \"roles\" {{\n  source = \"./modules/roles\"\n  name   = \"renamed-role\"\n}}\n{}",
        &root[..start],
        &root[end..].replace("aws_iam_role.events.arn", "module.roles.arn")
    );
    let module = "variable \"name\" {\n  type = string\n}\nresource \"aws_iam_role\" \"this\" {\n  name = var.name\n  assume_role_policy = jsonencode({\n    Version = \"2012-10-17\"\n    Statement = [{ Effect = \"Allow\", Action = \"sts:AssumeRole\", Principal = { Service = \"events.amazonaws.com\" } }]\n  })\n}\noutput \"arn\" {\n  value = aws_iam_role.this.arn\n}\n";
    let moved = "moved {\n  from = aws_iam_role.events\n  to   = module.roles.aws_iam_role.this\n}\n";
    let dir = c.config("after", &[("main.tf", &root), ("moved.tf", moved)]);
    std::fs::create_dir_all(dir.join("modules/roles")).unwrap();
    std::fs::write(dir.join("modules/roles/main.tf"), module).unwrap();
    let d = dir.to_str().unwrap();
    let r = c.run(&["plan", d]);
    assert!(
        r.stdout.contains("# aws_iam_role.events has moved to module.roles.aws_iam_role.this"),
        "{}",
        r.transcript()
    );
    assert!(r.stdout.contains("Plan: 0 to add, 0 to change, 0 to destroy."), "{}", r.stdout);
    c.apply_ok(&dir);
    assert_eq!(roles(&c), n);
    assert!(c.state_list().contains(&"module.roles.aws_iam_role.this".to_string()), "{:?}", c.state_list());
    let r = c.run(&["plan", d, "--detailed-exitcode"]);
    assert_eq!(r.code, 0, "{}", r.transcript());
}

#[test]
fn module_mistakes_are_diagnostics() {
    let c = Ctx::new();
    let dir = c.config(
        "mods",
        &[(
            "main.tf",
            r#"
provider "aws" { region = "us-east-1" }
module "registry" {
  source  = "terraform-aws-modules/iam/aws//modules/iam-assumable-role"
  version = "~> 5.0"
}
module "git" {
  source = "git::https://example.com/modules.git//inspector?ref=v1"
}
module "local" {
  source  = "./modules/child"
  nmae    = "x"
}
module "missing" {
  source = "./modules/nowhere"
}
output "o" {
  value = module.local.nope
}
"#,
        )],
    );
    std::fs::create_dir_all(dir.join("modules/child")).unwrap();
    std::fs::write(
        dir.join("modules/child/main.tf"),
        "variable \"name\" {\n  type = string\n}\nresource \"aws_cloudwatch_event_rule\" \"r\" {\n  provider = aws.east\n  name = var.name\n  schedule_expression = \"rate(1 day)\"\n}\noutput \"arn\" {\n  value = aws_cloudwatch_event_rule.r.arn\n}\n",
    )
    .unwrap();
    let r = c.run(&["validate", dir.to_str().unwrap()]);
    assert_eq!(r.code, 1);
    let settings = {
        let mut s = insta::Settings::clone_current();
        s.add_filter(r"\[TMP\]/mods", "[DIR]");
        s
    };
    settings.bind(|| insta::assert_snapshot!("module_mistakes", r.stderr));
}

#[test]
fn preconditions_postconditions_and_checks() {
    let c = Ctx::new();
    let base = r#"
provider "aws" { region = "us-east-1" }
variable "schedule" {
  type    = string
  default = "cron(0 9 ? * MON *)"
}
resource "aws_cloudwatch_event_rule" "weekly" {
  name                = "weekly"
  schedule_expression = var.schedule
  lifecycle {
    precondition {
      condition     = startswith(var.schedule, "cron(")
      error_message = "Use a cron expression, not ${var.schedule}."
    }
    postcondition {
      condition     = self.name == "weekly" && self.arn != ""
      error_message = "The rule must be called weekly."
    }
  }
}
check "weekly_on_monday" {
  assert {
    condition     = strcontains(aws_cloudwatch_event_rule.weekly.schedule_expression, "MON")
    error_message = "The assessment should run on Mondays."
  }
}
output "arn" {
  value = aws_cloudwatch_event_rule.weekly.arn
  precondition {
    condition     = aws_cloudwatch_event_rule.weekly.name != ""
    error_message = "no name"
  }
}
"#;
    let dir = c.config("ok", &[("main.tf", base)]);
    let d = dir.to_str().unwrap();
    let r = c.run(&["plan", d]);
    assert_eq!(r.code, 0, "{}", r.transcript());
    assert!(!r.stderr.contains("check `"), "{}", r.stderr);
    c.apply_ok(&dir);
    // A false precondition stops the plan, at the condition.
    let r = c.run(&["plan", d, "--var", "schedule=rate(7 days)"]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("precondition of `aws_cloudwatch_event_rule.weekly` failed: Use a cron"), "{}", r.stderr);
    assert!(r.stderr.contains("this condition is false"), "{}", r.stderr);
    // A failing check is a warning: the plan goes on, and the JSON plan carries it.
    let r = c.run(&["plan", d, "--var", "schedule=cron(0 9 ? * TUE *)", "--detailed-exitcode"]);
    assert_eq!(r.code, 2, "{}", r.transcript());
    assert!(r.stderr.contains("check `weekly_on_monday` failed: The assessment should run on"), "{}", r.stderr);
    let r = c.run(&["plan", d, "--var", "schedule=cron(0 9 ? * TUE *)", "--format", "json"]);
    let j: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(j["checks"][0]["status"], "fail");
    assert_eq!(j["checks"][0]["instances"][0]["problems"][0]["message"], "The assessment should run on Mondays.");
    // A false postcondition (self known while planning) stops the plan.
    let renamed = base.replace("name                = \"weekly\"", "name                = \"daily\"");
    let dir2 = c.config("post", &[("main.tf", &renamed)]);
    let r = c.run(&["plan", dir2.to_str().unwrap()]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("postcondition of `aws_cloudwatch_event_rule.weekly` failed: The rule"), "{}", r.stderr);
}

#[test]
fn replace_triggered_by_replaces_when_the_named_resource_changes() {
    let c = Ctx::new();
    let cfg = |schedule: &str| {
        format!(
            r#"
provider "aws" {{ region = "us-east-1" }}
resource "aws_cloudwatch_event_rule" "weekly" {{
  name                = "weekly"
  schedule_expression = "{schedule}"
}}
resource "aws_inspector_assessment_target" "t" {{
  name = "t"
  lifecycle {{
    replace_triggered_by = [aws_cloudwatch_event_rule.weekly.schedule_expression]
  }}
}}
"#
        )
    };
    let dir = c.config("a", &[("main.tf", &cfg("cron(0 9 ? * MON *)"))]);
    c.apply_ok(&dir);
    let r = c.run(&["plan", dir.to_str().unwrap(), "--detailed-exitcode"]);
    assert_eq!(r.code, 0, "{}", r.transcript());
    let dir = c.config("b", &[("main.tf", &cfg("cron(0 9 ? * TUE *)"))]);
    let r = c.run(&["plan", dir.to_str().unwrap()]);
    assert!(r.stdout.contains("# aws_inspector_assessment_target.t must be replaced"), "{}", r.stdout);
    assert!(r.stdout.contains("replace_triggered_by"), "{}", r.stdout);
    assert!(r.stdout.contains("Plan: 1 to add, 1 to change, 1 to destroy."), "{}", r.stdout);
}

/// What baseline does not support is one precise diagnostic each, wherever it is written.
#[test]
fn unsupported_constructs_are_one_diagnostic_each() {
    let c = Ctx::new();
    let dir = c.config(
        "unsupported",
        &[(
            "main.tf",
            r#"
provider "aws" { region = "us-east-1" }
data "aws_availability_zones" "all" {
  state = "available"
}
resource "aws_iam_role" "r" {
  name               = true ? "r" : nosuchfunction("r")
  assume_role_policy = data.aws_availability_zones.all.names[0]
  description        = self.name
  provisioner "local-exec" {
    command = "echo hi"
  }
}
resource "google_project" "p" {
  name = "x"
}
locals {
  arn = provider::aws::arn_parse("arn:aws:iam::123456789012:role/r")
}
check "health" {
  data "aws_iam_role" "r" {
    name = "r"
  }
  assert {
    condition     = true
    error_message = "never"
  }
}
"#,
        )],
    );
    let r = c.run(&["validate", dir.to_str().unwrap()]);
    assert_eq!(r.code, 1);
    let mut s = insta::Settings::clone_current();
    s.add_filter(r"\[TMP\]/unsupported", "[DIR]");
    s.bind(|| insta::assert_snapshot!("unsupported_constructs", r.stderr));
}

#[test]
fn a_moved_block_renames_a_module_call_with_all_its_instances() {
    let c = Ctx::new();
    let module = "variable \"name\" {\n  type = string\n}\nresource \"aws_cloudwatch_event_rule\" \"this\" {\n  name                = var.name\n  schedule_expression = \"rate(1 day)\"\n}\n";
    let root = |call: &str| {
        format!(
            "provider \"aws\" {{ region = \"us-east-1\" }}\nmodule \"{call}\" {{\n  source   = \"./modules/rule\"\n  for_each = toset([\"a\", \"b\"])\n  name     = \"rule-${{each.key}}\"\n}}\n"
        )
    };
    let before = c.config("before", &[("main.tf", &root("old"))]);
    std::fs::create_dir_all(before.join("modules/rule")).unwrap();
    std::fs::write(before.join("modules/rule/main.tf"), module).unwrap();
    c.apply_ok(&before);
    let moved = "moved {\n  from = module.old\n  to   = module.rules\n}\n";
    let after = c.config("after", &[("main.tf", &root("rules")), ("moved.tf", moved)]);
    std::fs::create_dir_all(after.join("modules/rule")).unwrap();
    std::fs::write(after.join("modules/rule/main.tf"), module).unwrap();
    let r = c.run(&["plan", after.to_str().unwrap()]);
    assert!(
        r.stdout.contains("# module.old[\"a\"].aws_cloudwatch_event_rule.this has moved to module.rules[\"a\"].aws_cloudwatch_event_rule.this"),
        "{}",
        r.transcript()
    );
    assert!(r.stdout.contains("Plan: 0 to add, 0 to change, 0 to destroy."), "{}", r.stdout);
    c.apply_ok(&after);
    assert!(c.state_list().contains(&"module.rules[\"b\"].aws_cloudwatch_event_rule.this".to_string()));
    let r = c.run(&["plan", after.to_str().unwrap(), "--detailed-exitcode"]);
    assert_eq!(r.code, 0, "{}", r.transcript());
}

#[test]
fn offline_data_sources_are_known_while_planning() {
    let c = Ctx::new();
    let cfg = r#"
provider "aws" { region = "ap-northeast-1" }
data "aws_caller_identity" "me" {}
data "aws_partition" "p" {}
data "aws_iam_policy_document" "trust" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "AWS"
      identifiers = ["arn:${data.aws_partition.p.partition}:iam::${data.aws_caller_identity.me.account_id}:root"]
    }
  }
}
resource "aws_iam_role" "r" {
  name               = "audit"
  assume_role_policy = data.aws_iam_policy_document.trust.json
}
"#;
    let dir = c.config("data", &[("main.tf", cfg)]);
    let r = c.run(&["plan", dir.to_str().unwrap()]);
    assert_eq!(r.code, 0, "{}", r.transcript());
    assert!(r.stdout.contains("\"AWS\": \"arn:aws:iam::123456789012:root\""), "{}", r.stdout);
    assert!(!r.stdout.contains("known after apply)\n      + max"), "{}", r.stdout);
    c.apply_ok(&dir);
    let r = c.run(&["plan", dir.to_str().unwrap(), "--detailed-exitcode"]);
    assert_eq!(r.code, 0, "{}", r.transcript());
}

/// The false-drift case: a role and a separate `aws_iam_role_policy` plan nothing after apply,
/// neither changes nor drift; an empty string is "unset" where the provider reads it so.
#[test]
fn a_separate_role_policy_is_not_drift_and_empty_strings_are_unset() {
    let c = Ctx::new();
    let cfg = r#"
provider "aws" { region = "us-east-1" }
resource "aws_iam_role" "r" {
  name                 = "events"
  permissions_boundary = ""
  assume_role_policy   = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "events.amazonaws.com" } }] })
}
resource "aws_iam_role_policy" "p" {
  name   = "start"
  role   = aws_iam_role.r.name
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "inspector:StartAssessmentRun", Resource = "*" }] })
}
resource "aws_inspector_assessment_target" "t" {
  name               = "all"
  resource_group_arn = ""
}
"#;
    let dir = c.config("cfg", &[("main.tf", cfg)]);
    let d = dir.to_str().unwrap();
    c.apply_ok(&dir);
    let r = c.run(&["plan", d, "--detailed-exitcode"]);
    assert_eq!(r.code, 0, "{}", r.transcript());
    assert!(!r.stdout.contains("changed outside"), "{}", r.stdout);
    let r = c.run(&["plan", d, "--refresh-only", "--detailed-exitcode"]);
    assert_eq!(r.code, 0, "{}", r.transcript());
}

#[test]
fn inline_policy_blocks_and_a_role_policy_on_one_role_warn_naming_both() {
    let c = Ctx::new();
    let cfg = r#"
provider "aws" { region = "us-east-1" }
resource "aws_iam_role" "r" {
  name               = "events"
  assume_role_policy = "{}"
  inline_policy {
    name   = "a"
    policy = "{}"
  }
}
resource "aws_iam_role_policy" "p" {
  name   = "b"
  role   = aws_iam_role.r.id
  policy = "{}"
}
"#;
    let dir = c.config("cfg", &[("main.tf", cfg)]);
    let r = c.run(&["validate", dir.to_str().unwrap()]);
    assert_eq!(r.code, 0, "a warning, not an error: {}", r.stderr);
    assert!(r.stderr.contains("`aws_iam_role.r` declares `inline_policy` blocks"), "{}", r.stderr);
    assert!(r.stderr.contains("`aws_iam_role_policy.p` adds one to it"), "{}", r.stderr);
}

#[test]
fn name_prefix_generates_names_as_the_provider_does() {
    let c = Ctx::new();
    let cfg = r#"
provider "aws" { region = "us-east-1" }
resource "aws_iam_role" "r" {
  name_prefix        = "Inspector-"
  assume_role_policy = "{}"
}
resource "aws_iam_role_policy" "p" {
  name_prefix = "start-"
  role        = aws_iam_role.r.id
  policy      = "{}"
}
resource "aws_cloudwatch_event_rule" "w" {
  name_prefix         = "weekly-"
  schedule_expression = "rate(7 days)"
}
output "rule" { value = aws_cloudwatch_event_rule.w.name }
output "role" { value = aws_iam_role.r.name }
output "policy" { value = aws_iam_role_policy.p.name }
"#;
    let dir = c.config("cfg", &[("main.tf", cfg)]);
    let d = dir.to_str().unwrap();
    let r = c.run(&["plan", d]);
    assert!(r.stdout.contains("+ name                  = (known after apply)"), "{}", r.stdout);
    let r = c.apply_ok(&dir);
    // The prefix, then 26 characters: a timestamp and a counter.
    let name = |key: &str| {
        let line = r.stdout.lines().find(|l| l.starts_with(&format!("{key} = "))).unwrap();
        line.split('"').nth(1).unwrap().to_string()
    };
    let (role, policy) = (name("role"), name("policy"));
    assert!(role.starts_with("Inspector-") && role.len() == "Inspector-".len() + 26, "{role}");
    assert!(policy.starts_with("start-") && policy.len() == "start-".len() + 26, "{policy}");
    let rule = name("rule");
    assert!(rule.starts_with("weekly-") && rule.len() == "weekly-".len() + 26, "{rule}");
    let r = c.run(&["plan", d, "--detailed-exitcode"]);
    assert_eq!(r.code, 0, "{}", r.transcript());
    // Both name and name_prefix: refused.
    let both = cfg.replace("name_prefix        = \"Inspector-\"", "name_prefix = \"Inspector-\"\n  name = \"x\"");
    let dir = c.config("both", &[("main.tf", &both)]);
    let r = c.run(&["plan", dir.to_str().unwrap()]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("`name` and `name_prefix` cannot both be set"), "{}", r.stderr);
}

/// The attributes of `address` in the state file.
fn state_attrs(c: &Ctx, address: &str) -> serde_json::Value {
    let state: serde_json::Value = c.state_view();
    let r = state["resources"].as_array().unwrap().iter().find(|r| r["address"] == address);
    r.unwrap_or_else(|| panic!("{address} not in {state}"))["attributes"].clone()
}

/// `name` is `prefix`, 26 characters of the provider's unique suffix (`yyyymmddHHMMSSffff`
/// and an eight-hex-digit counter), then `suffix`.
fn generated(name: &str, prefix: &str, suffix: &str) -> bool {
    let Some(middle) = name.strip_prefix(prefix).and_then(|r| r.strip_suffix(suffix)) else { return false };
    middle.len() == 26
        && middle[..18].bytes().all(|b| b.is_ascii_digit())
        && middle.bytes().all(|b| b.is_ascii_hexdigit())
}

#[test]
fn unnamed_objects_get_the_providers_generated_names_and_record_their_prefix() {
    let c = Ctx::new();
    let cfg = r#"
provider "aws" { region = "us-east-1" }
resource "aws_iam_role" "r" {
  assume_role_policy = "{}"
}
resource "aws_iam_role" "named" {
  name               = "audit"
  assume_role_policy = "{}"
}
resource "aws_iam_policy" "p" {
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "s3:ListAllMyBuckets", Resource = "*" }] })
}
resource "aws_iam_role_policy" "rp" {
  role   = aws_iam_role.r.id
  policy = "{}"
}
resource "aws_sns_topic" "t" {}
resource "aws_sns_topic" "f" {
  name_prefix = "orders-"
  fifo_topic  = true
}
resource "aws_cloudwatch_event_rule" "w" {
  schedule_expression = "rate(7 days)"
}
resource "aws_cloudwatch_event_target" "t" {
  rule = aws_cloudwatch_event_rule.w.name
  arn  = aws_sns_topic.t.arn
}
"#;
    let dir = c.config("cfg", &[("main.tf", cfg)]);
    let d = dir.to_str().unwrap();
    let r = c.run(&["plan", d]);
    assert!(r.stdout.contains("+ name_prefix           = (known after apply)"), "{}", r.stdout);
    assert!(r.stdout.contains("+ target_id      = (known after apply)"), "{}", r.stdout);
    c.apply_ok(&dir);
    for address in [
        "aws_iam_role.r",
        "aws_iam_policy.p",
        "aws_iam_role_policy.rp",
        "aws_sns_topic.t",
        "aws_cloudwatch_event_rule.w",
    ] {
        let a = state_attrs(&c, address);
        let name = a["name"].as_str().unwrap();
        assert!(generated(name, "terraform-", ""), "{address}: {name}");
        assert_eq!(a["name_prefix"], "terraform-", "{address}: {a}");
    }
    let f = state_attrs(&c, "aws_sns_topic.f");
    assert!(generated(f["name"].as_str().unwrap(), "orders-", ".fifo"), "{f}");
    assert_eq!(f["name_prefix"], "orders-", "{f}");
    let t = state_attrs(&c, "aws_cloudwatch_event_target.t");
    assert!(generated(t["target_id"].as_str().unwrap(), "terraform-", ""), "{t}");
    let named = state_attrs(&c, "aws_iam_role.named");
    assert_eq!(named["name_prefix"], serde_json::Value::Null, "{named}");
    // The recorded prefix is the configuration's own: nothing to change.
    let r = c.run(&["plan", d, "--detailed-exitcode"]);
    assert_eq!(r.code, 0, "{}", r.transcript());
}

#[test]
fn a_name_prefix_longer_than_the_provider_allows_is_refused() {
    let c = Ctx::new();
    let long = "p".repeat(39);
    let cfg = format!(
        r#"
provider "aws" {{ region = "us-east-1" }}
resource "aws_iam_role" "r" {{
  name_prefix        = "{long}"
  assume_role_policy = "{{}}"
}}
resource "aws_sns_topic" "t" {{
  name_prefix = "bad.prefix"
}}
"#
    );
    let dir = c.config("cfg", &[("main.tf", &cfg)]);
    let r = c.run(&["plan", dir.to_str().unwrap()]);
    assert_eq!(r.code, 1, "{}", r.transcript());
    assert!(r.stderr.contains("must be 1 to 38 characters long, this is 39"), "{}", r.stderr);
    assert!(r.stderr.contains("a topic name prefix is at most 230"), "{}", r.stderr);
}

#[test]
fn policies_are_recorded_normalized_as_the_provider_records_them() {
    let c = Ctx::new();
    let cfg = r#"
provider "aws" { region = "us-east-1" }
resource "aws_iam_policy" "p" {
  name   = "describe"
  policy = <<EOF
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Action": [
        "ec2:Describe*"
      ],
      "Effect": "Allow",
      "Resource": "*"
    }
  ]
}
EOF
}
resource "aws_iam_role" "r" {
  name               = "r"
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Action = "sts:AssumeRole", Effect = "Allow", Principal = { Service = "ec2.amazonaws.com" } }] })
}
resource "aws_iam_role_policy" "rp" {
  name   = "get"
  role   = aws_iam_role.r.id
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "s3:GetObject", Resource = "arn:aws:s3:::b/<x>&" }] })
}
"#;
    let dir = c.config("cfg", &[("main.tf", cfg)]);
    let d = dir.to_str().unwrap();
    c.apply_ok(&dir);
    // The strings of the provider's acceptance tests: keys in order, compact, HTML-escaped.
    let describe =
        r#"{"Statement":[{"Action":["ec2:Describe*"],"Effect":"Allow","Resource":"*"}],"Version":"2012-10-17"}"#;
    assert_eq!(state_attrs(&c, "aws_iam_policy.p")["policy"], describe);
    let trust = r#"{"Statement":[{"Action":"sts:AssumeRole","Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"}}],"Version":"2012-10-17"}"#;
    assert_eq!(state_attrs(&c, "aws_iam_role.r")["assume_role_policy"], trust);
    // An inline policy keeps IAM's legacy order: Version first.
    let get = r#"{"Version":"2012-10-17","Statement":[{"Action":"s3:GetObject","Effect":"Allow","Resource":"arn:aws:s3:::b/\u003cx\u003e\u0026"}]}"#;
    assert_eq!(state_attrs(&c, "aws_iam_role_policy.rp")["policy"], get);
    let r = c.run(&["plan", d, "--detailed-exitcode"]);
    assert_eq!(r.code, 0, "{}", r.transcript());

    // AWS hands back an equivalent document in another form: the recorded one stays.
    let set_trust = |c: &Ctx, doc: &str| {
        c.edit_sandbox(|j| {
            fn walk(j: &mut serde_json::Value, doc: &str) {
                match j {
                    serde_json::Value::Object(m) => {
                        if let Some(v) =
                            m.get_mut("assume_role_policy_document").filter(|v| v.to_string().contains("ec2.amazonaws"))
                        {
                            *v = serde_json::Value::from(doc);
                        }
                        m.values_mut().for_each(|x| walk(x, doc));
                    }
                    serde_json::Value::Array(a) => a.iter_mut().for_each(|x| walk(x, doc)),
                    _ => {}
                }
            }
            walk(j, doc)
        })
    };
    set_trust(
        &c,
        r#"{"Statement": {"Principal": {"Service": ["ec2.amazonaws.com"]}, "Effect": "Allow", "Action": ["sts:AssumeRole"]}, "Version": "2012-10-17"}"#,
    );
    let r = c.run(&["apply", d, "--auto-approve", "--refresh-only"]);
    assert_eq!(r.code, 0, "{}", r.transcript());
    assert_eq!(state_attrs(&c, "aws_iam_role.r")["assume_role_policy"], trust);
    // A different document: AWS's, normalized.
    set_trust(
        &c,
        r#"{ "Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "sts:AssumeRole", "Principal": {"Service": "ec2.amazonaws.com"}}]}"#,
    );
    let r = c.run(&["apply", d, "--auto-approve", "--refresh-only"]);
    assert_eq!(r.code, 0, "{}", r.transcript());
    let deny = r#"{"Statement":[{"Action":"sts:AssumeRole","Effect":"Deny","Principal":{"Service":"ec2.amazonaws.com"}}],"Version":"2012-10-17"}"#;
    assert_eq!(state_attrs(&c, "aws_iam_role.r")["assume_role_policy"], deny);
}

#[test]
fn service_linked_roles_are_named_and_recorded_as_aws_and_the_provider_name_them() {
    let c = Ctx::new();
    let cfg = r#"
provider "aws" { region = "us-east-1" }
resource "aws_iam_service_linked_role" "asg" {
  aws_service_name = "autoscaling.amazonaws.com"
  custom_suffix    = "cmk"
}
resource "aws_iam_service_linked_role" "custom" {
  aws_service_name = "custom-resource.application-autoscaling.amazonaws.com"
}
"#;
    let dir = c.config("cfg", &[("main.tf", cfg)]);
    let d = dir.to_str().unwrap();
    c.apply_ok(&dir);
    let asg = state_attrs(&c, "aws_iam_service_linked_role.asg");
    assert_eq!((&asg["name"], &asg["custom_suffix"]), (&"AWSServiceRoleForAutoScaling_cmk".into(), &"cmk".into()));
    let custom = state_attrs(&c, "aws_iam_service_linked_role.custom");
    let want = "arn:aws:iam::123456789012:role/aws-service-role/custom-resource.application-autoscaling.amazonaws.com/AWSServiceRoleForApplicationAutoScaling_CustomResource";
    assert_eq!(custom["arn"].as_str().unwrap().split(':').next_back(), want.split(':').next_back());
    assert_eq!(custom["name"], "AWSServiceRoleForApplicationAutoScaling_CustomResource");
    assert_eq!(custom["custom_suffix"], "CustomResource", "as the provider's acceptance test records it");
    let r = c.run(&["plan", d, "--detailed-exitcode"]);
    assert_eq!(r.code, 0, "{}", r.transcript());

    // A service with one role per account refuses a suffix, as AWS does.
    let cfg = r#"
provider "aws" { region = "us-east-1" }
resource "aws_iam_service_linked_role" "i" {
  aws_service_name = "inspector2.amazonaws.com"
  custom_suffix    = "x"
}
"#;
    let dir = c.config("refused", &[("main.tf", cfg)]);
    let r = c.run(&["apply", dir.to_str().unwrap(), "--auto-approve"]);
    assert_eq!(r.code, 1, "{}", r.transcript());
    assert!(r.stderr.contains("Custom suffix is not allowed for inspector2.amazonaws.com"), "{}", r.stderr);
}

#[test]
fn a_role_policy_attachment_attaches_is_repaired_and_detaches() {
    let c = Ctx::new();
    let cfg = r#"
provider "aws" { region = "us-east-1" }
resource "aws_iam_role" "r" {
  name               = "inspector-run"
  assume_role_policy = "{}"
}
resource "aws_iam_role_policy_attachment" "ro" {
  role       = aws_iam_role.r.name
  policy_arn = "arn:aws:iam::aws:policy/AmazonInspector2ReadOnlyAccess"
}
"#;
    let dir = c.config("cfg", &[("main.tf", cfg)]);
    let d = dir.to_str().unwrap();
    c.apply_ok(&dir);
    let attached = |c: &Ctx| c.sandbox_json()["iam"]["roles"]["inspector-run"]["attached_policies"].clone();
    assert_eq!(attached(&c), serde_json::json!(["arn:aws:iam::aws:policy/AmazonInspector2ReadOnlyAccess"]));
    let r = c.run(&["plan", d, "--detailed-exitcode"]);
    assert_eq!(r.code, 0, "{}", r.transcript());
    // Detached outside baseline: drift, and the next apply attaches it again.
    c.edit_sandbox(|v| v["iam"]["roles"]["inspector-run"]["attached_policies"] = serde_json::json!([]));
    let r = c.run(&["plan", d, "--detailed-exitcode"]);
    assert_eq!(r.code, 2, "{}", r.transcript());
    assert!(r.stdout.contains("aws_iam_role_policy_attachment.ro will be created"), "{}", r.stdout);
    c.apply_ok(&dir);
    assert_eq!(attached(&c).as_array().map(Vec::len), Some(1));
    // A customer policy the account does not have is an error from the account.
    let missing =
        cfg.replace("arn:aws:iam::aws:policy/AmazonInspector2ReadOnlyAccess", "arn:aws:iam::123456789012:policy/nope");
    let dir2 = c.config("missing", &[("main.tf", &missing)]);
    let r = c.run(&["apply", dir2.to_str().unwrap(), "--auto-approve"]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("does not exist or is not attachable"), "{}", r.stderr);
    // Destroy detaches before deleting the role.
    let r = c.run(&["destroy", d, "--auto-approve"]);
    assert_eq!(r.code, 0, "{}", r.transcript());
    assert!(c.sandbox_json()["iam"]["roles"].get("inspector-run").is_none());
}

#[test]
fn an_existing_role_is_read_by_name() {
    let c = Ctx::new();
    let first = r#"
provider "aws" { region = "us-east-1" }
resource "aws_iam_role" "r" {
  name               = "made-elsewhere"
  assume_role_policy = "{}"
}
"#;
    c.apply_ok(&c.config("first", &[("main.tf", first)]));
    // The role stays in the account, managed by nobody.
    assert_eq!(c.run(&["state", "rm", "aws_iam_role.r"]).code, 0);
    let second = r#"
provider "aws" { region = "us-east-1" }
data "aws_iam_role" "existing" {
  name = "made-elsewhere"
}
data "aws_iam_role" "missing" {
  name = "nowhere"
}
output "arn" { value = data.aws_iam_role.existing.arn }
"#;
    let dir = c.config("second", &[("main.tf", second)]);
    let r = c.run(&["plan", dir.to_str().unwrap()]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("\"nowhere\" exists in this account"), "{}", r.stderr);
    let ok = second.replace("data \"aws_iam_role\" \"missing\" {\n  name = \"nowhere\"\n}\n", "");
    let r = c.apply_ok(&c.config("third", &[("main.tf", &ok)]));
    assert!(r.stdout.contains("arn = \"arn:aws:iam::123456789012:role/made-elsewhere\""), "{}", r.stdout);
}

#[test]
fn account_guards_timeouts_and_usage_errors() {
    let c = Ctx::new();
    let cfg = |guard: &str| {
        format!(
            "provider \"aws\" {{\n  region = \"us-east-1\"\n  {guard}\n}}\nresource \"aws_inspector_assessment_target\" \"t\" {{\n  name = \"t\"\n  timeouts {{\n    create = \"30m\"\n    delete = \"1h30m\"\n  }}\n}}\n"
        )
    };
    // The sandbox account is 123456789012.
    let dir = c.config("allowed", &[("main.tf", &cfg("allowed_account_ids = [\"123456789012\"]"))]);
    let r = c.run(&["plan", dir.to_str().unwrap()]);
    assert_eq!(r.code, 0, "{}", r.transcript());
    let dir = c.config("not-allowed", &[("main.tf", &cfg("allowed_account_ids = [\"111111111111\"]"))]);
    let r = c.run(&["apply", dir.to_str().unwrap(), "--auto-approve"]);
    assert_eq!(r.code, 1);
    assert!(
        r.stderr.contains("is not in\n  │ `allowed_account_ids`")
            || r.stderr.contains("is not in `allowed_account_ids`"),
        "{}",
        r.stderr
    );
    let created = c.sandbox().exists() && c.sandbox_json().to_string().contains("\"name\":\"t\"");
    assert!(!created, "nothing was created");
    let dir = c.config("forbidden", &[("main.tf", &cfg("forbidden_account_ids = [\"123456789012\"]"))]);
    let r = c.run(&["plan", dir.to_str().unwrap()]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("forbidden_account_ids"), "{}", r.stderr);
    // A timeouts block is read; a value that is not a duration is an error.
    let bad = cfg("").replace("\"1h30m\"", "\"90 minutes\"");
    let dir = c.config("timeouts", &[("main.tf", &bad)]);
    let r = c.run(&["validate", dir.to_str().unwrap()]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("\"90 minutes\" is not a duration"), "{}", r.stderr);
    // A mistyped flag exits 1: 2 means "changes" under --detailed-exitcode.
    let r = c.run_raw(&["plan", "--detailed-exitcod"], &[]);
    assert_eq!(r.code, 1, "{}", r.transcript());
}

/// The provider's deprecated `is_enabled` on an event rule is read as `state`, with a
/// warning; written with `state` too, it is an error.
#[test]
fn is_enabled_is_read_as_state_with_a_deprecation_warning() {
    let c = Ctx::new();
    let cfg = |extra: &str| {
        format!(
            r#"
provider "aws" {{ region = "us-east-1" }}
variable "on" {{ default = false }}
resource "aws_cloudwatch_event_rule" "r" {{
  name                = "nightly"
  schedule_expression = "rate(1 day)"
  is_enabled          = var.on
  {extra}
}}
"#
        )
    };
    let dir = c.config("cfg", &[("main.tf", &cfg(""))]);
    let d = dir.to_str().unwrap();
    let r = c.apply_ok(&dir);
    assert!(r.stderr.contains("`is_enabled` is deprecated: use `state`"), "{}", r.stderr);
    assert_eq!(c.sandbox_json()["regions"]["us-east-1"]["events"]["rules"]["nightly"]["state"], "DISABLED");
    let r = c.run(&["plan", d, "--var", "on=true"]);
    assert!(r.stdout.contains(r#"~ state               = "DISABLED" -> "ENABLED""#), "{}", r.stdout);
    std::fs::write(dir.join("main.tf"), cfg(r#"state = "ENABLED""#)).unwrap();
    let r = c.run(&["validate", d]);
    assert_eq!(r.code, 1, "{}", r.transcript());
    assert!(r.stderr.contains("`is_enabled` and `state` cannot both be set"), "{}", r.stderr);
    assert!(r.stderr.contains("main.tf:8:"), "{}", r.stderr);
}

/// A role that manages all of its inline policies (`inline_policy` blocks) or attachments
/// (`managed_policy_arns`), and a resource adding one to it: each apply would undo the other,
/// so validate warns, naming both, at the reference to the role; a role that manages neither
/// gets no warning.
#[test]
fn a_role_managing_its_policies_and_a_resource_adding_one_are_warned_about() {
    let c = Ctx::new();
    let trust = r#"jsonencode({ Version = "2012-10-17", Statement = [] })"#;
    let doc = r#"jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "s3:ListAllMyBuckets", Resource = "*" }] })"#;
    let main = format!(
        r#"
provider "aws" {{ region = "us-east-1" }}
resource "aws_iam_role" "inline" {{
  name               = "inline"
  assume_role_policy = {trust}
  inline_policy {{
    name   = "p"
    policy = {doc}
  }}
}}
resource "aws_iam_role" "managed" {{
  name                = "managed"
  assume_role_policy  = {trust}
  managed_policy_arns = []
}}
resource "aws_iam_role" "free" {{
  name               = "free"
  assume_role_policy = {trust}
}}
resource "aws_iam_role_policy" "extra" {{
  role   = aws_iam_role.inline.name
  policy = {doc}
}}
resource "aws_iam_role_policy_attachment" "extra" {{
  role       = aws_iam_role.managed.name
  policy_arn = "arn:aws:iam::aws:policy/ReadOnlyAccess"
}}
resource "aws_iam_role_policy" "fine" {{
  role   = aws_iam_role.free.name
  policy = {doc}
}}
"#
    );
    let dir = c.config("cfg", &[("main.tf", &main)]);
    let r = c.run(&["validate", dir.to_str().unwrap()]);
    assert_eq!(r.code, 0, "{}", r.transcript());
    // Diagnostics wrap at the terminal's width: each fragment fits one line.
    for fragment in [
        "`aws_iam_role.inline` declares `inline_policy` blocks",
        "`aws_iam_role_policy.extra` adds one to it",
        "`aws_iam_role.managed` declares `managed_policy_arns`",
        "`aws_iam_role_policy_attachment.extra` adds one to it",
        "main.tf:21:3",
        "main.tf:25:3",
    ] {
        assert!(r.stderr.contains(fragment), "{fragment}: {}", r.stderr);
    }
    assert_eq!(r.stderr.matches("the same role").count(), 2, "{}", r.stderr);
    assert!(!r.stderr.contains("aws_iam_role_policy.fine"), "{}", r.stderr);
}

/// Removing a resource's tags (or the provider's `default_tags`) removes them from the object:
/// the plan shows `tags` and `tags_all` going, apply removes them, and the next plan has no
/// changes, for every tagged type.
#[test]
fn removed_tags_leave_the_object_and_the_plan_converges() {
    let c = Ctx::new();
    let cfg = |tags: &str, defaults: &str| {
        format!(
            r#"
provider "aws" {{
  region = "us-east-1"
  {defaults}
}}
data "aws_inspector_rules_packages" "all" {{}}
resource "aws_iam_role" "r" {{
  name               = "tagged"
  assume_role_policy = jsonencode({{ Version = "2012-10-17", Statement = [] }})
  {tags}
}}
resource "aws_iam_policy" "p" {{
  name   = "tagged"
  policy = jsonencode({{ Version = "2012-10-17", Statement = [{{ Effect = "Allow", Action = "s3:ListAllMyBuckets", Resource = "*" }}] }})
  {tags}
}}
resource "aws_iam_service_linked_role" "s" {{
  aws_service_name = "inspector2.amazonaws.com"
  {tags}
}}
resource "aws_sns_topic" "t" {{
  name = "tagged"
  {tags}
}}
resource "aws_inspector2_filter" "f" {{
  name   = "tagged"
  action = "SUPPRESS"
  filter_criteria {{
    severity {{
      comparison = "EQUALS"
      value      = "LOW"
    }}
  }}
  {tags}
}}
resource "aws_inspector_assessment_target" "a" {{
  name = "tagged"
}}
resource "aws_inspector_assessment_template" "m" {{
  name               = "tagged"
  target_arn         = aws_inspector_assessment_target.a.arn
  duration           = 3600
  rules_package_arns = data.aws_inspector_rules_packages.all.arns
  {tags}
}}
"#
        )
    };
    let tagged = r#"tags = { team = "sec" }"#;
    let dir = c.config("cfg", &[("main.tf", &cfg(tagged, ""))]);
    let d = dir.to_str().unwrap();
    c.apply_ok(&dir);
    assert_eq!(c.sandbox_json()["iam"]["roles"]["tagged"]["tags"], serde_json::json!({ "team": "sec" }));
    for (tags, defaults) in [("", ""), ("", r#"default_tags { tags = { Owner = "sec" } }"#), ("", "")] {
        std::fs::write(dir.join("main.tf"), cfg(tags, defaults)).unwrap();
        let r = c.run(&["plan", d, "--detailed-exitcode"]);
        assert_eq!(r.code, 2, "{}", r.transcript());
        assert!(r.stdout.contains("Plan: 0 to add, 6 to change, 0 to destroy."), "{}", r.stdout);
        c.apply_ok(&dir);
        let r = c.run(&["plan", d, "--detailed-exitcode"]);
        assert_eq!(r.code, 0, "the removal converges: {}", r.transcript());
        let want = if defaults.is_empty() { serde_json::json!({}) } else { serde_json::json!({ "Owner": "sec" }) };
        let sb = c.sandbox_json();
        assert_eq!(sb["iam"]["roles"]["tagged"]["tags"], want, "{defaults}");
        let topics = sb["regions"]["us-east-1"]["sns"]["topics"].as_object().unwrap().clone();
        assert_eq!(topics.values().next().unwrap()["tags"], want, "{defaults}");
    }
}

/// `depends_on = [module.NAME]` (in a resource, data source or output) depends on everything
/// in the module, as Terraform's: a data source waiting on a module with changes pending is
/// read during apply; a module not called is reported. A deprecated `version` in the provider
/// block is a warning.
#[test]
fn depends_on_a_module_waits_for_everything_in_it() {
    let c = Ctx::new();
    let main = r#"
provider "aws" {
  region  = "us-east-1"
  version = "~> 6.0"
}
module "topics" { source = "./topics" }
data "aws_caller_identity" "me" {
  depends_on = [module.topics]
}
resource "aws_sns_topic" "after" {
  name       = "after"
  depends_on = [module.topics]
}
output "account" {
  value      = data.aws_caller_identity.me.account_id
  depends_on = [module.topics]
}
"#;
    let module = r#"
resource "aws_sns_topic" "inner" { name = "inner" }
output "arn" { value = aws_sns_topic.inner.arn }
"#;
    let dir = c.config("cfg", &[("main.tf", main)]);
    std::fs::create_dir_all(dir.join("topics")).unwrap();
    std::fs::write(dir.join("topics/main.tf"), module).unwrap();
    let d = dir.to_str().unwrap();
    let r = c.run(&["validate", d]);
    assert_eq!(r.code, 0, "{}", r.transcript());
    assert!(
        r.stderr.contains("version constraints inside provider configuration blocks are deprecated"),
        "{}",
        r.stderr
    );
    let r = c.run(&["plan", d]);
    assert_eq!(r.code, 0, "{}", r.transcript());
    assert!(r.stdout.contains("# data.aws_caller_identity.me will be read during apply"), "{}", r.stdout);
    c.apply_ok(&dir);
    let r = c.run(&["plan", d, "--detailed-exitcode"]);
    assert_eq!(r.code, 0, "{}", r.transcript());
    std::fs::write(dir.join("main.tf"), main.replace("[module.topics]\n}\nresource", "[module.nope]\n}\nresource"))
        .unwrap();
    let r = c.run(&["validate", d]);
    assert_eq!(r.code, 1, "{}", r.transcript());
    assert!(r.stderr.contains("`depends_on` names `module.nope`, which is not declared"), "{}", r.stderr);
}

/// `default_tags` are merged under each resource's own tags into `tags_all`; a change of them
/// is an update of `tags_all`, not drift; `ignore_tags` keys set outside are never planned,
/// reported or removed.
#[test]
fn default_tags_fill_tags_all_and_ignored_tags_are_left_alone() {
    let c = Ctx::new();
    let cfg = |owner: &str| {
        format!(
            r#"
provider "aws" {{
  region = "us-east-1"
  default_tags {{
    tags = {{ Owner = "{owner}", Env = "prod" }}
  }}
  ignore_tags {{
    key_prefixes = ["scanner:"]
  }}
}}
resource "aws_iam_role" "r" {{
  name               = "auditor"
  assume_role_policy = "{{}}"
  tags               = {{ Env = "dev" }}
}}
resource "aws_cloudwatch_event_rule" "w" {{
  name                = "weekly"
  schedule_expression = "rate(7 days)"
}}
output "all" {{ value = aws_iam_role.r.tags_all }}
"#
        )
    };
    let dir = c.config("cfg", &[("main.tf", &cfg("security"))]);
    let d = dir.to_str().unwrap();
    let r = c.apply_ok(&dir);
    assert!(r.stdout.contains("\"Env\"   = \"dev\"\n  \"Owner\" = \"security\""), "{}", r.stdout);
    let sb = c.sandbox_json();
    assert_eq!(sb["iam"]["roles"]["auditor"]["tags"], serde_json::json!({ "Env": "dev", "Owner": "security" }));
    assert_eq!(
        sb["regions"]["us-east-1"]["events"]["rules"]["weekly"]["tags"],
        serde_json::json!({ "Env": "prod", "Owner": "security" })
    );
    // A tag written by another tool under an ignored prefix: no drift, no change.
    c.edit_sandbox(|s| {
        s["iam"]["roles"]["auditor"]["tags"]["scanner:last"] = "today".into();
        s["regions"]["us-east-1"]["events"]["rules"]["weekly"]["tags"]["scanner:last"] = "today".into();
    });
    let r = c.run(&["plan", d, "--refresh-only", "--detailed-exitcode"]);
    assert_eq!(r.code, 0, "{}", r.transcript());
    // New default: both resources update `tags_all`; the ignored tags stay.
    std::fs::write(dir.join("main.tf"), cfg("secops")).unwrap();
    let r = c.run(&["plan", d, "--detailed-exitcode"]);
    assert_eq!(r.code, 2, "{}", r.transcript());
    assert!(!r.stdout.contains("changed outside"), "{}", r.stdout);
    assert!(r.stdout.contains("Plan: 0 to add, 2 to change, 0 to destroy."), "{}", r.stdout);
    c.apply_ok(&dir);
    let sb = c.sandbox_json();
    let want = serde_json::json!({ "Env": "dev", "Owner": "secops", "scanner:last": "today" });
    assert_eq!(sb["iam"]["roles"]["auditor"]["tags"], want);
    let want = serde_json::json!({ "Env": "prod", "Owner": "secops", "scanner:last": "today" });
    assert_eq!(sb["regions"]["us-east-1"]["events"]["rules"]["weekly"]["tags"], want);
    let r = c.run(&["plan", d, "--detailed-exitcode"]);
    assert_eq!(r.code, 0, "{}", r.transcript());
    // `tags_all` is the provider's to compute.
    std::fs::write(dir.join("main.tf"), cfg("x").replace("tags               = {", "tags_all = {")).unwrap();
    let r = c.run(&["validate", d]);
    assert!(r.stderr.contains("`tags_all` is set by AWS and cannot be configured"), "{}", r.stderr);
}

/// `managed_policy_arns` makes a role's attachments exactly the declared set (an attachment
/// made outside is drift and removed); unset, attachments are left to other resources; both
/// on one role is a warning naming both.
#[test]
fn managed_policy_arns_are_exclusive_only_when_declared() {
    let c = Ctx::new();
    let ro = "arn:aws:iam::aws:policy/ReadOnlyAccess";
    let audit = "arn:aws:iam::aws:policy/SecurityAudit";
    let cfg = |managed: &str| {
        format!(
            r#"
provider "aws" {{ region = "us-east-1" }}
resource "aws_iam_role" "r" {{
  name               = "auditor"
  assume_role_policy = "{{}}"
  {managed}
}}
"#
        )
    };
    let dir = c.config("cfg", &[("main.tf", &cfg(&format!("managed_policy_arns = [\"{ro}\"]")))]);
    let d = dir.to_str().unwrap();
    c.apply_ok(&dir);
    let attached = |c: &Ctx| c.sandbox_json()["iam"]["roles"]["auditor"]["attached_policies"].clone();
    assert_eq!(attached(&c), serde_json::json!([ro]));
    c.edit_sandbox(|s| s["iam"]["roles"]["auditor"]["attached_policies"] = serde_json::json!([ro, audit]));
    let r = c.run(&["plan", d, "--detailed-exitcode"]);
    assert_eq!(r.code, 2, "{}", r.transcript());
    assert!(r.stdout.contains("changed outside"), "{}", r.stdout);
    c.apply_ok(&dir);
    assert_eq!(attached(&c), serde_json::json!([ro]));
    // Not declared: an attachment made elsewhere is not this role's business.
    std::fs::write(dir.join("main.tf"), cfg("")).unwrap();
    c.apply_ok(&dir);
    c.edit_sandbox(|s| s["iam"]["roles"]["auditor"]["attached_policies"] = serde_json::json!([ro, audit]));
    let r = c.run(&["plan", d, "--refresh-only", "--detailed-exitcode"]);
    assert_eq!(r.code, 0, "{}", r.transcript());
    // Both ways on one role: a warning.
    let both = cfg(&format!("managed_policy_arns = [\"{ro}\"]"))
        + &format!("resource \"aws_iam_role_policy_attachment\" \"a\" {{\n  role = aws_iam_role.r.name\n  policy_arn = \"{audit}\"\n}}\n");
    std::fs::write(dir.join("main.tf"), both).unwrap();
    let r = c.run(&["validate", d]);
    assert_eq!(r.code, 0, "{}", r.transcript());
    assert!(r.stderr.contains("`aws_iam_role.r` declares `managed_policy_arns`"), "{}", r.stderr);
    assert!(r.stderr.contains("`aws_iam_role_policy_attachment.a` adds one to it"), "{}", r.stderr);
}

/// The findings example on the sandbox: applied, clean; its mail subscription pending
/// confirmation, then confirmed, is never drift.
#[test]
fn the_findings_example_is_clean_whether_or_not_the_mail_is_confirmed() {
    let c = Ctx::new();
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/inspector2-findings");
    let d = dir.to_str().unwrap();
    let r = c.apply_ok(&dir);
    assert!(r.stderr.contains("pending confirmation"), "{}", r.stderr);
    let subs = |c: &Ctx| c.sandbox_json()["regions"]["ap-northeast-1"]["sns"]["subscriptions"].clone();
    let arn = subs(&c).as_object().unwrap().keys().next().unwrap().clone();
    assert_eq!(subs(&c)[&arn]["pending_confirmation"], true);
    let r = c.run(&["plan", d, "--refresh-only", "--detailed-exitcode"]);
    assert_eq!(r.code, 0, "{}", r.transcript());
    c.edit_sandbox(|s| {
        s["regions"]["ap-northeast-1"]["sns"]["subscriptions"][&arn]["pending_confirmation"] = false.into()
    });
    let r = c.run(&["plan", d, "--refresh-only", "--detailed-exitcode"]);
    assert_eq!(r.code, 0, "{}", r.transcript());
    let r = c.run(&["plan", d, "--detailed-exitcode"]);
    assert_eq!(r.code, 0, "{}", r.transcript());
    // Confirmed, it can be removed: destroy leaves nothing behind.
    let r = c.run(&["destroy", d, "--auto-approve"]);
    assert_eq!(r.code, 0, "{}", r.transcript());
    assert!(subs(&c).is_null(), "{}", c.sandbox_json());
}

/// A state written before `tags_all` existed: no false drift, no change.
#[test]
fn a_state_without_tags_all_plans_clean() {
    let c = Ctx::new();
    let cfg = r#"
provider "aws" { region = "us-east-1" }
resource "aws_cloudwatch_event_rule" "w" {
  name                = "weekly"
  schedule_expression = "rate(7 days)"
  tags                = { team = "sec" }
}
"#;
    let dir = c.config("cfg", &[("main.tf", cfg)]);
    let d = dir.to_str().unwrap();
    c.apply_ok(&dir);
    let mut state: serde_json::Value = c.state_view();
    let attrs = state["resources"][0]["attributes"].as_object_mut().unwrap();
    assert!(attrs.remove("tags_all").is_some());
    std::fs::write(c.state(), serde_json::to_string(&state).unwrap()).unwrap();
    let r = c.run(&["plan", d, "--refresh-only", "--detailed-exitcode"]);
    assert_eq!(r.code, 0, "{}", r.transcript());
    let r = c.run(&["plan", d, "--detailed-exitcode"]);
    assert_eq!(r.code, 0, "{}", r.transcript());
}

/// Any type of the AWS provider validates against the provider's schema (typos, missing
/// arguments and misplaced blocks are reported as for baseline's own types); one baseline
/// cannot manage yet is refused by `plan` only when it has instances, naming it; a name the
/// provider does not have is refused with the nearest one it has.
#[test]
fn types_of_the_provider_validate_and_are_refused_only_with_instances() {
    let c = Ctx::new();
    let typo = c.config(
        "typo",
        &[(
            "main.tf",
            r#"
resource "aws_kms_key" "k" {
  count           = 0
  enable_rotation = true
}
resource "aws_config_config_rule" "r" {
  count = 0
  name  = "r"
  source {
    source_identifier = "S3_BUCKET_VERSIONING_ENABLED"
  }
}
resource "aws_kms_keys" "k" {}
"#,
        )],
    );
    let r = c.run(&["validate", typo.to_str().unwrap()]);
    assert_eq!(r.code, 1, "{}", r.transcript());
    for want in [
        "`aws_kms_key` has no argument named `enable_rotation`",
        "did you mean `enable_key_rotation`?",
        "is missing the required argument `owner`",
        "the AWS provider has no resource type `aws_kms_keys`",
        "did you mean `aws_kms_key`?",
        "3 errors",
    ] {
        assert!(r.stderr.contains(want), "{want}: {}", r.stderr);
    }

    let module = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/optional-provider-types/main.tf");
    let text = std::fs::read_to_string(module).expect("corpus file").replace("default = false", "default = true");
    let on = c.config("on", &[("main.tf", &text)]);
    let d = on.to_str().unwrap();
    let r = c.run(&["validate", d]);
    assert_eq!(r.code, 0, "{}", r.transcript());
    let r = c.run(&["plan", d]);
    assert_eq!(r.code, 1, "{}", r.transcript());
    assert!(r.stderr.contains("baseline cannot manage the resource type `aws_cloudtrail` yet"), "{}", r.stderr);
    assert!(
        r.stderr.contains("baseline cannot manage the resource type `aws_cloudwatch_log_group` yet"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("`random_id` belongs to provider `random`"), "{}", r.stderr);
    assert!(!r.stderr.contains("aws_config_configuration_recorder"), "no instances, no error: {}", r.stderr);
    assert!(r.stderr.contains("1 instance declared here"), "{}", r.stderr);
    assert!(r.stderr.contains("aws_sns_topic"), "names the supported types: {}", r.stderr);
    assert!(c.state_list().is_empty(), "nothing applied");
}

/// What public repositories hold beside their `.tf` files and write in them: other tools'
/// `.hcl` files (`.tflint.hcl`) are not read; the provider's other arguments are accepted with
/// one warning naming them; `depends_on` may name a variable or a local value.
#[test]
fn repositories_read_as_terraform_reads_them() {
    let c = Ctx::new();
    let dir = c.config(
        "repo",
        &[
            (
                "main.tf",
                r#"
provider "aws" {
  region                      = "us-east-1"
  skip_metadata_api_check     = true
  skip_credentials_validation = true
  endpoints {
    s3 = "http://127.0.0.1:1"
  }
}
variable "after" {
  type    = list(string)
  default = []
}
locals { first = "x" }
resource "aws_iam_role" "r" {
  name               = "r"
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [] })
  depends_on         = [var.after, local.first]
}
"#,
            ),
            (".tflint.hcl", "config {\n  module = false\n}\nrule \"x\" {\n  enabled = true\n}\n"),
            ("terragrunt.hcl", "include {\n  path = \"x\"\n}\n"),
        ],
    );
    let r = c.run(&["validate", dir.to_str().unwrap()]);
    assert_eq!(r.code, 0, "{}", r.transcript());
    for want in ["baseline ignores `skip_metadata_api_check`", "`skip_credentials_validation`", "`endpoints.s3`"] {
        assert!(r.stderr.contains(want), "{want}: {}", r.stderr);
    }
    let r = c.run(&["plan", dir.to_str().unwrap()]);
    assert_eq!(r.code, 0, "{}", r.transcript());
    let bad = c.config(
        "bad",
        &[("main.tf", "provider \"aws\" {\n  region = \"us-east-1\"\n  skip_metadata_api_chek = true\n}\n")],
    );
    let r = c.run(&["validate", bad.to_str().unwrap()]);
    assert_eq!(r.code, 1, "{}", r.transcript());
    assert!(r.stderr.contains("did you mean `skip_metadata_api_check`?"), "{}", r.stderr);
}

/// `terraform_data`, Terraform's built-in resource: planned as `terraform plan` shows it
/// (Terraform 1.11.4, the same configuration), applied without an AWS call, recorded under
/// Terraform's built-in provider, replaced when `triggers_replace` changes and updated in
/// place (its `output` known after apply) when only `input` does.
#[test]
fn terraform_data_plans_applies_and_replaces_as_terraform_does() {
    let c = Ctx::new();
    let src = |v: &str| {
        format!(
            r#"provider "aws" {{
  region = "eu-west-1"
}}
variable "v" {{
  default = "{v}"
}}
resource "terraform_data" "a" {{
  input            = var.v
  triggers_replace = [var.v]
}}
resource "terraform_data" "b" {{
  input = {{ x = terraform_data.a.output, n = 1 }}
}}
resource "terraform_data" "c" {{}}
resource "aws_iam_role" "r" {{
  name               = "r"
  assume_role_policy = jsonencode({{ Version = "2012-10-17", Statement = [] }})
  lifecycle {{
    replace_triggered_by = [terraform_data.a]
  }}
}}
output "o" {{
  value = terraform_data.a.output
}}
"#
        )
    };
    let dir = c.config("td", &[("main.tf", &src("hello"))]);
    let d = dir.to_str().unwrap();
    let r = c.run(&["plan", d]);
    assert_eq!(r.code, 0, "{}", r.transcript());
    for line in [
        "  + resource \"terraform_data\" \"a\" {\n      + id               = (known after apply)\n      + input            = \"hello\"\n      + output           = (known after apply)\n",
        "  + resource \"terraform_data\" \"c\" {\n      + id = (known after apply)\n    }\n",
    ] {
        assert!(r.stdout.contains(line), "{line}\nin\n{}", r.stdout);
    }
    let r = c.run(&["plan", d, "--format", "json"]);
    let j: serde_json::Value = serde_json::from_str(&r.stdout).expect("a JSON plan");
    let change = |j: &serde_json::Value, a: &str| {
        j["resource_changes"].as_array().unwrap().iter().find(|x| x["address"] == a).cloned().unwrap()
    };
    let a = change(&j, "terraform_data.a");
    assert_eq!(a["provider_name"], "terraform.io/builtin/terraform");
    assert_eq!(a["change"]["after_unknown"]["output"], true);
    assert_eq!(a["change"]["after_unknown"]["id"], true);
    let cc = change(&j, "terraform_data.c");
    assert_eq!(cc["change"]["after"]["output"], serde_json::Value::Null, "no input, no output: {cc:#}");
    assert_eq!(change(&j, "aws_iam_role.r")["provider_name"], "registry.terraform.io/hashicorp/aws");

    c.apply_ok(&dir);
    let state: serde_json::Value = c.state_view();
    let entry = |a: &str| state["resources"].as_array().unwrap().iter().find(|x| x["address"] == a).cloned().unwrap();
    let a = entry("terraform_data.a");
    assert_eq!(a["provider"], r#"provider["terraform.io/builtin/terraform"]"#);
    assert_eq!(a["attributes"]["output"], "hello");
    assert!(a["attributes"]["id"].as_str().is_some_and(|id| id.len() == 36), "{a:#}");
    assert_eq!(entry("terraform_data.b")["attributes"]["output"], serde_json::json!({"n": 1, "x": "hello"}));
    let r = c.run(&["plan", d, "--detailed-exitcode"]);
    assert_eq!(r.code, 0, "converges: {}", r.transcript());

    // `triggers_replace` changes: replaced, and so is what `replace_triggered_by` names it;
    // `b` follows `a`'s output in place.
    std::fs::write(dir.join("main.tf"), src("bye")).unwrap();
    let r = c.run(&["plan", d]);
    assert!(r.stdout.contains("# terraform_data.a must be replaced"), "{}", r.stdout);
    assert!(r.stdout.contains("~ output           = \"hello\" -> (known after apply)"), "{}", r.stdout);
    assert!(r.stdout.contains("# terraform_data.b will be updated in place"), "{}", r.stdout);
    assert!(r.stdout.contains("# aws_iam_role.r must be replaced"), "{}", r.stdout);
    c.apply_ok(&dir);
    let r = c.run(&["output", "o", "--state", c.state().to_str().unwrap()]);
    assert!(r.stdout.contains("bye"), "{}", r.transcript());
    let r = c.run(&["plan", d, "--detailed-exitcode"]);
    assert_eq!(r.code, 0, "converges: {}", r.transcript());
}

/// `configuration_aliases = [aws]` (the default configuration, passed explicitly) is read as
/// Terraform 1.11 reads it: the module validates, and a call that does not pass `aws` is told
/// to, as Terraform's "Missing required provider configuration" does.
#[test]
fn configuration_aliases_may_name_the_default_provider() {
    let c = Ctx::new();
    let module = r#"terraform {
  required_providers {
    aws = {
      source                = "hashicorp/aws"
      configuration_aliases = [aws, aws.east]
    }
  }
}
resource "aws_iam_role" "r" {
  name               = "r"
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [] })
}
"#;
    let root = |providers: &str| {
        format!(
            "provider \"aws\" {{\n  region = \"eu-west-1\"\n}}\nprovider \"aws\" {{\n  alias  = \"east\"\n  region = \"us-east-1\"\n}}\nmodule \"m\" {{\n  source = \"./m\"\n{providers}}}\n"
        )
    };
    let dir =
        c.config("ok", &[("main.tf", &root("  providers = {\n    aws      = aws\n    aws.east = aws.east\n  }\n"))]);
    c.config("ok/m", &[("main.tf", module)]);
    let r = c.run(&["validate", dir.to_str().unwrap()]);
    assert_eq!(r.code, 0, "{}", r.transcript());
    let r = c.run(&["validate", dir.join("m").to_str().unwrap()]);
    assert_eq!(r.code, 0, "the module alone: {}", r.transcript());

    let dir = c.config("missing", &[("main.tf", &root(""))]);
    c.config("missing/m", &[("main.tf", module)]);
    let r = c.run(&["validate", dir.to_str().unwrap()]);
    assert_eq!(r.code, 1, "{}", r.transcript());
    assert!(r.stderr.contains("configuration `aws`, which is not passed"), "{}", r.stderr);
    assert!(r.stderr.contains("configuration `aws.east`, which is not passed"), "{}", r.stderr);
}

/// `validate` evaluates as `terraform validate` does (checked with Terraform 1.11.4): every
/// input variable unknown, the root module's and every child's, so defaults that `plan` would
/// refuse (a null in a template, a count of -1, a value its validation rule refuses) do not
/// fail it; what is wrong for any value still does.
#[test]
fn validate_reads_every_input_variable_as_unknown() {
    let c = Ctx::new();
    let module = r#"variable "x" {
  type    = string
  default = null
}
variable "n" {
  type    = number
  default = -1
}
variable "name" {
  type    = string
  default = ""
  validation {
    condition     = length(var.name) > 0
    error_message = "name must not be empty"
  }
}
resource "terraform_data" "a" {
  count = var.n
  input = "hello ${var.x} ${var.name}"
}
output "o" {
  value = "${var.x}-${var.name}"
}
"#;
    let root = "module \"m\" {\n  source = \"./m\"\n}\nmodule \"k\" {\n  source = \"./m\"\n  x      = null\n}\n";
    let dir = c.config("v", &[("main.tf", root)]);
    c.config("v/m", &[("main.tf", module)]);
    for d in [dir.clone(), dir.join("m")] {
        let r = c.run(&["validate", d.to_str().unwrap()]);
        assert_eq!(r.code, 0, "{}: {}", d.display(), r.transcript());
    }
    // `plan` uses the defaults, and refuses them.
    let r = c.run(&["plan", dir.join("m").to_str().unwrap()]);
    assert_ne!(r.code, 0, "{}", r.transcript());
    assert!(r.stderr.contains("name must not be empty"), "{}", r.stderr);

    // Wrong whatever the inputs: still refused.
    let wrong = module.replace("default = -1", "default = \"many\"");
    let d = c.config("w", &[("main.tf", &wrong)]);
    let r = c.run(&["validate", d.to_str().unwrap()]);
    assert_eq!(r.code, 1, "{}", r.transcript());
    assert!(r.stderr.contains("\"many\""), "the default's type is checked: {}", r.stderr);
}

/// A file that does not parse is reported by its syntax error alone, as Terraform does: the
/// other files' references to what it declares (a local, a resource, a variable) are not
/// called undeclared, nor are their values evaluated without it.
#[test]
fn a_syntax_error_is_not_followed_by_undeclared_references() {
    let c = Ctx::new();
    let a = "locals {\n  name = \"x\"\n}\nresource \"terraform_data\" \"a\" {\n  input = \"oops\n}\nvariable \"v\" {\n  default = 1\n}\n";
    let b = "resource \"terraform_data\" \"b\" {\n  input      = \"${local.name}-${terraform_data.a.id}-${var.v}\"\n  depends_on = [terraform_data.a]\n}\n";
    let dir = c.config("syntax", &[("a.tf", a), ("b.tf", b)]);
    let r = c.run(&["validate", dir.to_str().unwrap()]);
    assert_eq!(r.code, 1, "{}", r.transcript());
    assert!(r.stderr.contains("syntax error"), "{}", r.stderr);
    assert!(r.stderr.contains("syntax/a.tf:"), "in the broken file: {}", r.stderr);
    assert!(r.stderr.contains("1 error found"), "nothing else: {}", r.stderr);
    // Once it parses, a real undeclared reference is reported again.
    let fixed = a.replace("\"oops\n", "\"ok\"\n");
    let dir = c.config("fixed", &[("a.tf", &fixed), ("b.tf", &b.replace("local.name", "local.nmae"))]);
    let r = c.run(&["validate", dir.to_str().unwrap()]);
    assert!(r.stderr.contains("there is no local value named `nmae`"), "{}", r.transcript());
}

/// `dynamic` generates every kind of nested block: `timeouts` (its durations checked), and
/// blocks inside blocks (a policy document's `principals` in a generated `statement`).
#[test]
fn dynamic_blocks_generate_timeouts_and_blocks_inside_blocks() {
    let c = Ctx::new();
    let src = |timeout: &str| {
        format!(
            r#"provider "aws" {{
  region = "eu-west-1"
}}
variable "timeouts" {{
  default = {{ create = "{timeout}" }}
}}
variable "services" {{
  default = ["events.amazonaws.com", "sns.amazonaws.com"]
}}
data "aws_iam_policy_document" "trust" {{
  dynamic "statement" {{
    for_each = var.services
    content {{
      actions = ["sts:AssumeRole"]
      dynamic "principals" {{
        for_each = [statement.value]
        content {{
          type        = "Service"
          identifiers = [principals.value]
        }}
      }}
    }}
  }}
}}
resource "aws_iam_role" "r" {{
  name               = "r"
  assume_role_policy = data.aws_iam_policy_document.trust.json
  dynamic "timeouts" {{
    for_each = var.timeouts == null ? [] : [var.timeouts]
    content {{
      create = timeouts.value.create
    }}
  }}
}}
"#
        )
    };
    let dir = c.config("ok", &[("main.tf", &src("10m"))]);
    let r = c.run(&["validate", dir.to_str().unwrap()]);
    assert_eq!(r.code, 0, "{}", r.transcript());
    c.apply_ok(&dir);
    let sandbox = c.sandbox_json().to_string();
    assert!(sandbox.contains("sns.amazonaws.com") && sandbox.contains("events.amazonaws.com"), "{sandbox}");
    let r = c.run(&["plan", dir.to_str().unwrap(), "--detailed-exitcode"]);
    assert_eq!(r.code, 0, "converges: {}", r.transcript());

    let dir = c.config("bad", &[("main.tf", &src("ten minutes"))]);
    let r = c.run(&["plan", dir.to_str().unwrap()]);
    assert_eq!(r.code, 1, "{}", r.transcript());
    assert!(r.stderr.contains("\"ten minutes\" is not a duration"), "{}", r.stderr);
}

/// A block whose `count` or `for_each` asks for no instance is an empty tuple or object, as
/// in Terraform, so `try(x[0].json, ...)`, `one(x[*].arn)` and `length(x)` are known while
/// planning (a role's trust policy chosen that way used to be unknown, and invalid at apply).
#[test]
fn a_block_without_instances_is_empty_and_known() {
    let c = Ctx::new();
    let dir = c.config(
        "empty",
        &[(
            "main.tf",
            r#"
provider "aws" { region = "us-east-1" }
data "aws_iam_policy_document" "mfa" {
  count = 0
  statement {
    actions   = ["sts:AssumeRole"]
    resources = ["*"]
  }
}
data "aws_iam_policy_document" "trust" {
  count = 1
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["ec2.amazonaws.com"]
    }
  }
}
resource "aws_sns_topic" "none" {
  for_each = toset([])
  name     = each.key
}
resource "aws_iam_role" "r" {
  name               = "r"
  assume_role_policy = coalesce("", try(data.aws_iam_policy_document.mfa[0].json, data.aws_iam_policy_document.trust[0].json))
}
output "mfa" { value = data.aws_iam_policy_document.mfa }
output "none" { value = aws_sns_topic.none }
output "n" { value = length(data.aws_iam_policy_document.mfa) }
output "arn" { value = one(data.aws_iam_policy_document.mfa[*].json) }
"#,
        )],
    );
    let d = dir.to_str().unwrap();
    let r = c.run(&["plan", d]);
    assert_eq!(r.code, 0, "{}", r.transcript());
    assert!(r.stdout.contains("sts:AssumeRole"), "the trust policy is known: {}", r.stdout);
    let r = c.apply_ok(&dir);
    for want in ["mfa = []", "none = {}", "n = 0"] {
        assert!(r.stdout.contains(want), "{want}: {}", r.stdout);
    }
    let outputs = r.stdout.split("\nOutputs:\n").nth(1).unwrap_or_default();
    assert!(outputs.contains("arn") && !outputs.contains("known after apply"), "{}", r.stdout);
    let r = c.run(&["plan", d, "--detailed-exitcode"]);
    assert_eq!(r.code, 0, "{}", r.transcript());
}

#[test]
fn a_null_argument_for_a_non_nullable_module_variable_takes_its_default() {
    let c = Ctx::new();
    let module = r#"
variable "a" {
  type     = string
  default  = "default-a"
  nullable = false
}
variable "b" {
  type    = string
  default = "default-b"
}
output "a" { value = var.a }
output "b_is_null" { value = var.b == null }
"#;
    let dir = c.config("nullable", &[("main.tf", "")]);
    std::fs::create_dir_all(dir.join("mod")).unwrap();
    std::fs::write(dir.join("mod/main.tf"), module).unwrap();
    std::fs::write(
        dir.join("main.tf"),
        "module \"m\" {\n  source = \"./mod\"\n  a = null\n  b = null\n}\noutput \"a\" { value = module.m.a }\noutput \"b_is_null\" { value = module.m.b_is_null }\n",
    )
    .unwrap();
    let r = c.run_env(&["plan", dir.to_str().unwrap(), "--format", "json"], &[("AWS_REGION", "us-east-1")]);
    assert_eq!(r.code, 0, "{}", r.transcript());
    let j: serde_json::Value = serde_json::from_str(&r.stdout).expect("a JSON plan");
    assert_eq!(j["output_changes"]["a"]["after"], "default-a", "{j:#}");
    // A nullable variable keeps the null it is given.
    assert_eq!(j["output_changes"]["b_is_null"]["after"], true, "{j:#}");
}
