//! End-to-end: EventBridge rules and targets on the sandbox account through the CLI, with
//! every argument and block provider 6.25 declares for them (issue 23): each applies,
//! records what the provider records, re-plans to no changes and changes in place.

mod common;

use common::Ctx;
use serde_json::{json, Value};

const RULE: &str = r#"
provider "aws" {
  region = "us-east-1"
}

resource "aws_cloudwatch_event_rule" "r" {
  name                = "nightly"
  schedule_expression = "rate(1 day)"
}
"#;

/// Every block of a target that one target may carry together (the sandbox does not check
/// that the parameters suit the target's service, AWS does).
const FULL_TARGET: &str = r#"
resource "aws_cloudwatch_event_target" "t" {
  rule      = aws_cloudwatch_event_rule.r.name
  target_id = "everything"
  arn       = "arn:aws:ecs:us-east-1:123456789012:cluster/main"

  input_transformer {
    input_paths = {
      instance = "$.detail.instance"
      status   = "$.detail.status"
    }
    input_template = "\"<instance> is in state <status>\""
  }

  dead_letter_config {
    arn = "arn:aws:sqs:us-east-1:123456789012:dlq"
  }

  retry_policy {
    maximum_event_age_in_seconds = 60
    maximum_retry_attempts       = 5
  }

  ecs_target {
    task_definition_arn = "arn:aws:ecs:us-east-1:123456789012:task-definition/job:1"
    launch_type         = "FARGATE"
    platform_version    = "LATEST"
    propagate_tags      = "TASK_DEFINITION"
    tags                = { team = "security" }

    network_configuration {
      subnets         = ["subnet-b", "subnet-a"]
      security_groups = ["sg-1"]
    }

    ordered_placement_strategy {
      type  = "spread"
      field = "attribute:ecs.availability-zone"
    }

    placement_constraint {
      type       = "memberOf"
      expression = "attribute:ecs.instance-type =~ t3.*"
    }

    capacity_provider_strategy {
      capacity_provider = "FARGATE_SPOT"
      weight            = 2
    }
  }

  batch_target {
    job_definition = "arn:aws:batch:us-east-1:123456789012:job-definition/j:1"
    job_name       = "nightly"
    array_size     = 3
  }

  kinesis_target {
    partition_key_path = "$.id"
  }

  sqs_target {
    message_group_id = "group"
  }

  http_target {
    header_parameters       = { "X-Env" = "prod" }
    path_parameter_values   = ["a", "b"]
    query_string_parameters = { q = "1" }
  }

  redshift_target {
    database = "db"
    sql      = "select 1"
  }

  sagemaker_pipeline_target {
    pipeline_parameter_list {
      name  = "p"
      value = "v"
    }
  }

  run_command_targets {
    key    = "tag:Role"
    values = ["web"]
  }

  appsync_target {
    graphql_operation = "mutation { ping }"
  }
}
"#;

fn state_of(c: &Ctx, type_name: &str) -> Value {
    let s: Value = c.state_view();
    let r = s["resources"].as_array().unwrap().iter().find(|r| r["type"] == type_name).cloned();
    r.unwrap_or_else(|| panic!("no {type_name} in {s}"))["attributes"].clone()
}

fn target_in_sandbox(c: &Ctx, id: &str) -> Value {
    c.sandbox_json()["regions"]["us-east-1"]["events"]["rules"]["nightly"]["targets"][id].clone()
}

fn plan_code(c: &Ctx, dir: &std::path::Path) -> (i32, String) {
    let r = c.run(&["plan", dir.to_str().unwrap(), "--detailed-exitcode"]);
    assert_ne!(r.code, 1, "{}", r.transcript());
    (r.code, r.stdout)
}

#[test]
fn every_target_block_is_sent_recorded_and_read_back_without_changes() {
    let c = Ctx::new();
    let dir = c.config("full", &[("main.tf", &format!("{RULE}{FULL_TARGET}"))]);
    c.apply_ok(&dir);

    // What EventBridge keeps (the sandbox's record of the PutTargets call).
    let t = target_in_sandbox(&c, "everything");
    assert_eq!(t["input_transformer"]["input_paths_map"]["status"], "$.detail.status", "{t}");
    assert_eq!(t["dead_letter_config"]["arn"], "arn:aws:sqs:us-east-1:123456789012:dlq");
    assert_eq!(t["retry_policy"], json!({ "maximum_event_age_in_seconds": 60, "maximum_retry_attempts": 5 }));
    assert_eq!(t["ecs"]["task_count"], 1, "the provider's default task_count is sent");
    assert_eq!(t["ecs"]["network_configuration"]["assign_public_ip"], false);
    assert_eq!(
        t["ecs"]["capacity_provider_strategy"][0],
        json!({ "capacity_provider": "FARGATE_SPOT", "weight": 2, "base": 0 })
    );
    assert_eq!(t["batch"]["array_size"], 3);
    assert_eq!(t["http"]["path_parameter_values"], json!(["a", "b"]));
    assert_eq!(t["redshift_data"]["with_event"], false);
    assert_eq!(t["sagemaker_pipeline"]["pipeline_parameter_list"], json!([["p", "v"]]));
    assert_eq!(t["run_command_targets"], json!([{ "key": "tag:Role", "values": ["web"] }]));
    assert_eq!(t["app_sync"]["graphql_operation"], "mutation { ping }");

    // What the state records, block by block as the provider does.
    let a = state_of(&c, "aws_cloudwatch_event_target");
    assert_eq!(a["force_destroy"], false);
    assert_eq!(a["input_transformer"][0]["input_template"], "\"<instance> is in state <status>\"");
    assert_eq!(a["retry_policy"][0]["maximum_retry_attempts"], 5);
    assert_eq!(a["ecs_target"][0]["network_configuration"][0]["subnets"], json!(["subnet-a", "subnet-b"]));
    assert_eq!(a["ecs_target"][0]["tags"], json!({ "team": "security" }));
    assert_eq!(a["ecs_target"][0]["ordered_placement_strategy"][0]["type"], "spread");
    assert_eq!(a["sagemaker_pipeline_target"][0]["pipeline_parameter_list"], json!([{ "name": "p", "value": "v" }]));
    assert_eq!(a["appsync_target"][0]["graphql_operation"], "mutation { ping }");

    let (code, out) = plan_code(&c, &dir);
    assert_eq!(code, 0, "{out}");
}

#[test]
fn input_transformer_retry_policy_and_dead_letter_config_change_in_place() {
    let c = Ctx::new();
    let target = |age: u32, dlq: &str| {
        format!(
            r#"
resource "aws_cloudwatch_event_target" "t" {{
  rule      = aws_cloudwatch_event_rule.r.name
  target_id = "topic"
  arn       = "arn:aws:sns:us-east-1:123456789012:alerts"

  input_transformer {{
    input_paths    = {{ account = "$.account" }}
    input_template = "\"Account <account>\""
  }}

  retry_policy {{
    maximum_event_age_in_seconds = {age}
  }}

  dead_letter_config {{
    arn = "arn:aws:sqs:us-east-1:123456789012:{dlq}"
  }}
}}
"#
        )
    };
    let dir = c.config("cfg", &[("main.tf", &format!("{RULE}{}", target(3600, "dlq")))]);
    c.apply_ok(&dir);
    assert_eq!(plan_code(&c, &dir).0, 0);
    // An unset number of the retry policy is recorded as unset, not as a change.
    let a = state_of(&c, "aws_cloudwatch_event_target");
    assert_eq!(a["retry_policy"], json!([{ "maximum_event_age_in_seconds": 3600, "maximum_retry_attempts": null }]));

    std::fs::write(dir.join("main.tf"), format!("{RULE}{}", target(7200, "other"))).unwrap();
    let (code, out) = plan_code(&c, &dir);
    assert_eq!(code, 2);
    assert!(out.contains("# aws_cloudwatch_event_target.t will be updated in place"), "{out}");
    assert!(out.contains("Plan: 0 to add, 1 to change, 0 to destroy."), "{out}");
    c.apply_ok(&dir);
    let t = target_in_sandbox(&c, "topic");
    assert_eq!(t["retry_policy"]["maximum_event_age_in_seconds"], 7200);
    assert_eq!(t["dead_letter_config"]["arn"], "arn:aws:sqs:us-east-1:123456789012:other");
    assert_eq!(plan_code(&c, &dir).0, 0);

    // Removing the blocks removes them from the target.
    let bare = r#"
resource "aws_cloudwatch_event_target" "t" {
  rule      = aws_cloudwatch_event_rule.r.name
  target_id = "topic"
  arn       = "arn:aws:sns:us-east-1:123456789012:alerts"
}
"#;
    std::fs::write(dir.join("main.tf"), format!("{RULE}{bare}")).unwrap();
    c.apply_ok(&dir);
    let t = target_in_sandbox(&c, "topic");
    assert!(t.get("retry_policy").is_none() && t.get("input_transformer").is_none(), "{t}");
    assert_eq!(plan_code(&c, &dir).0, 0);
}

#[test]
fn the_input_is_given_one_way_and_block_arguments_are_checked() {
    let c = Ctx::new();
    let both = r#"
resource "aws_cloudwatch_event_target" "t" {
  rule  = aws_cloudwatch_event_rule.r.name
  arn   = "arn:aws:sns:us-east-1:123456789012:alerts"
  input = jsonencode({ a = 1 })
  input_transformer {
    input_template = "\"x\""
  }
}
"#;
    let dir = c.config("both", &[("main.tf", &format!("{RULE}{both}"))]);
    let r = c.run(&["validate", dir.to_str().unwrap()]);
    assert_eq!(r.code, 1, "{}", r.transcript());
    assert!(r.stderr.contains("`input` and `input_transformer` cannot both be set"), "{}", r.stderr);

    let bad = r#"
resource "aws_cloudwatch_event_target" "t" {
  rule = aws_cloudwatch_event_rule.r.name
  arn  = "arn:aws:sns:us-east-1:123456789012:alerts"
  retry_policy {
    maximum_retry_attempts = 186
  }
  input_transformer {
    input_paths    = { AWSAccount = "$.account" }
    input_template = "\"x\""
  }
  ecs_target {
    task_definition_arn = "arn:aws:ecs:us-east-1:123456789012:task-definition/job:1"
    launch_type         = "LAMBDA"
  }
}
"#;
    let dir = c.config("bad", &[("main.tf", &format!("{RULE}{bad}"))]);
    let r = c.run(&["validate", dir.to_str().unwrap()]);
    assert_eq!(r.code, 1, "{}", r.transcript());
    for fragment in [
        "from 0 to 185, got 186",
        "input path \"AWSAccount\" must not",
        "\"LAMBDA\" is not one of EC2, FARGATE,",
        "main.tf:",
    ] {
        assert!(r.stderr.contains(fragment), "{fragment}:\n{}", r.stderr);
    }
    // MaxItems = 1, as the provider declares the block.
    let twice = bad.replace("  retry_policy {\n", "  retry_policy {}\n  retry_policy {\n");
    std::fs::write(dir.join("main.tf"), format!("{RULE}{twice}")).unwrap();
    let r = c.run(&["validate", dir.to_str().unwrap()]);
    assert!(r.stderr.contains("at most 1 `retry_policy` block(s) allowed"), "{}", r.stderr);
}

#[test]
fn force_destroy_is_kept_in_the_state_and_changes_nothing_else() {
    let c = Ctx::new();
    let target = |force: bool| {
        format!(
            r#"
resource "aws_cloudwatch_event_target" "t" {{
  rule          = aws_cloudwatch_event_rule.r.name
  target_id     = "topic"
  arn           = "arn:aws:sns:us-east-1:123456789012:alerts"
  force_destroy = {force}
}}
"#
        )
    };
    let dir = c.config("cfg", &[("main.tf", &format!("{RULE}{}", target(false)))]);
    c.apply_ok(&dir);
    std::fs::write(dir.join("main.tf"), format!("{RULE}{}", target(true))).unwrap();
    let (code, out) = plan_code(&c, &dir);
    assert_eq!(code, 2);
    assert!(out.contains("~ force_destroy = false -> true"), "{out}");
    c.apply_ok(&dir);
    assert_eq!(state_of(&c, "aws_cloudwatch_event_target")["force_destroy"], true);
    assert_eq!(plan_code(&c, &dir).0, 0);
    let r = c.run(&["destroy", dir.to_str().unwrap(), "--auto-approve"]);
    assert_eq!(r.code, 0, "{}", r.transcript());
    assert!(target_in_sandbox(&c, "topic").is_null());
}

/// Provider 6.x records `is_enabled` after every read, from the rule's state: true for
/// `ENABLED` and `ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS`, false for `DISABLED`.
#[test]
fn a_rule_records_is_enabled_from_its_state() {
    let c = Ctx::new();
    let rule = |state: &str| {
        format!(
            r#"
provider "aws" {{
  region = "us-east-1"
}}

resource "aws_cloudwatch_event_rule" "r" {{
  name          = "findings"
  event_pattern = jsonencode({{ source = ["aws.inspector2"] }})
  {state}
}}

output "enabled" {{
  value = aws_cloudwatch_event_rule.r.is_enabled
}}
"#
        )
    };
    let dir = c.config("cfg", &[("main.tf", &rule(""))]);
    c.apply_ok(&dir);
    let a = state_of(&c, "aws_cloudwatch_event_rule");
    assert_eq!((a["state"].as_str(), a["is_enabled"].as_bool()), (Some("ENABLED"), Some(true)), "{a}");
    assert_eq!(a["force_destroy"], false);
    assert_eq!(plan_code(&c, &dir).0, 0);

    for (state, enabled) in
        [(r#"state = "DISABLED""#, false), (r#"state = "ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS""#, true)]
    {
        std::fs::write(dir.join("main.tf"), rule(state)).unwrap();
        c.apply_ok(&dir);
        assert_eq!(state_of(&c, "aws_cloudwatch_event_rule")["is_enabled"], enabled, "{state}");
        assert_eq!(plan_code(&c, &dir).0, 0, "{state}");
    }
    // A reference to `is_enabled` reads the recorded value.
    let s: Value = c.state_view();
    assert_eq!(s["outputs"]["enabled"]["value"], true, "{}", s["outputs"]);

    // The deprecated argument is read as `state`, and recorded as itself.
    std::fs::write(dir.join("main.tf"), rule("is_enabled = false")).unwrap();
    c.apply_ok(&dir);
    let a = state_of(&c, "aws_cloudwatch_event_rule");
    assert_eq!((a["state"].as_str(), a["is_enabled"].as_bool()), (Some("DISABLED"), Some(false)), "{a}");
    assert_eq!(plan_code(&c, &dir).0, 0);
}

/// The provider's id of a target is `RULE-TARGET_ID`; a state an earlier baseline wrote with
/// `BUS/RULE/TARGET_ID` still plans no changes, and a refresh records the provider's id.
#[test]
fn a_target_records_the_providers_id_and_an_old_id_still_refreshes() {
    let c = Ctx::new();
    let target = r#"
resource "aws_cloudwatch_event_target" "t" {
  rule      = aws_cloudwatch_event_rule.r.name
  target_id = "t"
  arn       = "arn:aws:sns:us-east-1:123456789012:alerts"
}
"#;
    let dir = c.config("target", &[("main.tf", &format!("{RULE}{target}"))]);
    c.apply_ok(&dir);
    assert_eq!(state_of(&c, "aws_cloudwatch_event_target")["id"], "nightly-t");

    let text = std::fs::read_to_string(c.state()).unwrap();
    assert!(text.contains("\"nightly-t\""));
    std::fs::write(c.state(), text.replace("\"nightly-t\"", "\"default/nightly/t\"")).unwrap();
    assert_eq!(state_of(&c, "aws_cloudwatch_event_target")["id"], "default/nightly/t");
    let (code, out) = plan_code(&c, &dir);
    assert_eq!(code, 0, "{out}");
    let r = c.run(&["apply", dir.to_str().unwrap(), "--refresh-only", "--auto-approve"]);
    assert_eq!(r.code, 0, "{}", r.transcript());
    assert_eq!(state_of(&c, "aws_cloudwatch_event_target")["id"], "nightly-t");
}

/// `data "aws_cloudwatch_event_bus"` reads the `default` bus (modules put their rules on it
/// that way); a bus that does not exist fails the plan, as in the provider.
#[test]
fn the_default_event_bus_is_read_by_name() {
    let c = Ctx::new();
    let dir = c.config(
        "bus",
        &[(
            "main.tf",
            r#"
provider "aws" { region = "eu-west-1" }
data "aws_cloudwatch_event_bus" "this" {
  name = "default"
}
resource "aws_cloudwatch_event_rule" "r" {
  name                = "hourly"
  schedule_expression = "rate(1 hour)"
  event_bus_name      = data.aws_cloudwatch_event_bus.this.name
}
output "bus" { value = data.aws_cloudwatch_event_bus.this.arn }
"#,
        )],
    );
    let r = c.apply_ok(&dir);
    assert!(r.stdout.contains(":events:eu-west-1:") && r.stdout.contains(":event-bus/default\""), "{}", r.stdout);
    let r = c.run(&["plan", dir.to_str().unwrap(), "--detailed-exitcode"]);
    assert_eq!(r.code, 0, "{}", r.transcript());
    let missing = c.config(
        "missing",
        &[("main.tf", "provider \"aws\" { region = \"eu-west-1\" }\ndata \"aws_cloudwatch_event_bus\" \"x\" {\n  name = \"orders\"\n}\n")],
    );
    let r = c.run(&["plan", missing.to_str().unwrap()]);
    assert_eq!(r.code, 1, "{}", r.transcript());
    assert!(r.stderr.contains("no event bus named \"orders\""), "{}", r.stderr);
}
