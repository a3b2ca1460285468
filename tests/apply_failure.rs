//! A failure midway through apply: the state records exactly what succeeded, the run ends
//! with a clear summary and exit 1, and the next apply finishes the job.

mod common;

use common::{settings, Ctx};

#[test]
fn a_failed_action_stops_its_dependents_and_the_next_apply_finishes() {
    let c = Ctx::new();
    let ex = Ctx::example().display().to_string();
    let r = c.run_env(
        &["apply", &ex, "--auto-approve", "--parallelism", "1"],
        &[("BASELINE_SANDBOX_FAIL", "events:PutTargets")],
    );
    assert_eq!(r.code, 1, "{}", r.transcript());
    assert!(r.stderr.contains("aws_cloudwatch_event_target.assessment: Creation failed"), "{}", r.stderr);
    assert!(r.stderr.contains("1 failed action"), "{}", r.stderr);
    assert!(r.stderr.contains("5 added"), "{}", r.stderr);
    settings().bind(|| insta::assert_snapshot!("apply_failed_midway_stderr", r.stderr.clone()));
    // Exactly the five that succeeded are recorded.
    let listed = c.state_list();
    assert_eq!(listed.len(), 5, "{listed:?}");
    assert!(!listed.contains(&"aws_cloudwatch_event_target.assessment".to_string()));
    // The next plan wants only the missing target; the next apply creates it.
    let p = c.run(&["plan", &ex]);
    // (The outputs were not recorded by the failed run: they are to be saved too.)
    assert!(p.stdout.contains("\nPlan: 1 to add, 0 to change, 0 to destroy.\n"), "{}", p.stdout);
    assert!(p.stdout.contains("Changes to Outputs:\n  + assessment_template_arn = "), "{}", p.stdout);
    let r = c.apply_ok(&Ctx::example());
    assert!(r.stdout.contains("Resources: 1 added, 0 changed, 0 destroyed."), "{}", r.stdout);
    assert_eq!(c.state_list().len(), 6);
    assert_eq!(c.run(&["plan", &ex, "--detailed-exitcode"]).code, 0);
}

#[test]
fn a_failure_early_skips_everything_that_depends_on_it() {
    let c = Ctx::new();
    let ex = Ctx::example().display().to_string();
    let r =
        c.run_env(&["apply", &ex, "--auto-approve"], &[("BASELINE_SANDBOX_FAIL", "inspector:CreateAssessmentTarget")]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("aws_inspector_assessment_template.all_rules: not attempted"), "{}", r.stderr);
    assert!(r.stderr.contains("aws_cloudwatch_event_target.assessment: not attempted"), "{}", r.stderr);
    // Independent branches still ran: the roles and the rule exist.
    let listed = c.state_list();
    assert_eq!(
        listed,
        [
            "aws_cloudwatch_event_rule.assessment",
            "aws_iam_role.inspector_events",
            "aws_iam_service_linked_role.inspector"
        ]
    );
    c.apply_ok(&Ctx::example());
    assert_eq!(c.state_list().len(), 6);
}

#[test]
fn an_existing_service_linked_role_is_adopted_not_an_error() {
    let c = Ctx::new();
    let ex = Ctx::example().display().to_string();
    c.apply_ok(&Ctx::example());
    // Forget everything but keep the account: the role "has been taken".
    std::fs::remove_file(c.state()).unwrap();
    let dir = c.config(
        "slr",
        &[(
            "main.hcl",
            r#"
provider "aws" { region = "ap-northeast-1" }
resource "aws_iam_service_linked_role" "inspector" {
  aws_service_name = "inspector.amazonaws.com"
}
"#,
        )],
    );
    let r = c.apply_ok(&dir);
    // Found while planning: shown as an import, and recorded without creating anything.
    assert!(r.stdout.contains("# (imported from \"arn:aws:iam::123456789012:role/aws-service-role/"), "{}", r.stdout);
    assert!(r.stdout.contains("Plan: 1 to import, 0 to add"), "{}", r.stdout);
    assert!(r.stdout.contains("Resources: 1 imported, 0 added"), "{}", r.stdout);
    assert!(!r.stderr.contains("Creating"), "{}", r.stderr);
    assert_eq!(c.state_list(), ["aws_iam_service_linked_role.inspector"]);
    let _ = ex;
}

#[test]
fn an_interrupted_create_before_destroy_keeps_the_old_object_on_record_until_deleted() {
    let c = Ctx::new();
    let cfg = |id: &str| {
        format!(
            "provider \"aws\" {{\n  region = \"eu-west-1\"\n}}\nresource \"aws_cloudwatch_event_rule\" \"r\" {{\n  name                = \"weekly\"\n  schedule_expression = \"rate(7 days)\"\n}}\nresource \"aws_cloudwatch_event_target\" \"t\" {{\n  rule      = aws_cloudwatch_event_rule.r.name\n  target_id = \"{id}\"\n  arn       = \"arn:aws:sns:eu-west-1:123456789012:topic\"\n  lifecycle {{\n    create_before_destroy = true\n  }}\n}}\n"
        )
    };
    c.apply_ok(&c.config("one", &[("main.hcl", &cfg("first"))]));
    let two = c.config("two", &[("main.hcl", &cfg("second"))]);
    // The new target is created, then deleting the old one fails: both exist in the account.
    let r = c.run_env(
        &["apply", two.to_str().unwrap(), "--auto-approve"],
        &[("BASELINE_SANDBOX_FAIL", "events:RemoveTargets")],
    );
    assert_eq!(r.code, 1, "{}", r.transcript());
    let state: serde_json::Value = c.state_view();
    let t = state["resources"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["address"] == "aws_cloudwatch_event_target.t")
        .unwrap();
    assert_eq!(t["attributes"]["target_id"], "second", "the new object is recorded");
    assert_eq!(t["deposed"][0]["target_id"], "first", "and so is the old one, still in the account: {t}");
    // The next plan destroys the leftover; the next apply finishes the job.
    let p = c.run(&["plan", two.to_str().unwrap()]);
    assert!(
        p.stdout.contains("aws_cloudwatch_event_target.t (deposed object weekly-first) will be destroyed"),
        "{}",
        p.stdout
    );
    assert!(p.stdout.ends_with("Plan: 0 to add, 0 to change, 1 to destroy.\n"), "{}", p.stdout);
    let a = c.apply_ok(&two);
    assert!(a.stdout.contains("0 added, 0 changed, 1 destroyed"), "{}", a.stdout);
    let targets = &c.sandbox_json()["regions"]["eu-west-1"]["events"]["rules"]["weekly"]["targets"];
    assert!(targets.get("first").is_none() && targets["second"].is_object(), "{targets}");
    let state: serde_json::Value = c.state_view();
    assert!(state["resources"].as_array().unwrap().iter().all(|r| r.get("deposed").is_none()), "{state}");
    assert_eq!(c.run(&["plan", two.to_str().unwrap(), "--detailed-exitcode"]).code, 0);
}

/// The attributes of `addr` as the state file records them.
fn recorded(c: &Ctx, addr: &str) -> serde_json::Value {
    let state: serde_json::Value = c.state_view();
    let found = state["resources"].as_array().unwrap().iter().find(|r| r["address"] == addr);
    found.unwrap_or_else(|| panic!("{addr} is not on record: {state}"))["attributes"].clone()
}

const ROLE_AND_POLICY: &str = r#"
provider "aws" { region = "eu-west-1" }
resource "aws_iam_role" "reader" {
  name               = "log-reader"
  description        = "Reads logs"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { Service = "events.amazonaws.com" }, Action = "sts:AssumeRole" }]
  })
}
resource "aws_iam_role_policy" "read" {
  role   = aws_iam_role.reader.name
  name   = "read"
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "logs:GetLogEvents", Resource = "*" }]
  })
}
"#;

/// Terraform's "Provider produced inconsistent result after apply": a create that AWS stored
/// otherwise than it was sent fails, naming the resource and the attribute; the object is on
/// record as it is, what depends on it waits, and the next plan and apply converge.
#[test]
fn a_create_stored_otherwise_than_planned_fails_and_the_next_apply_converges() {
    let c = Ctx::new();
    let dir = c.config("role", &[("main.tf", ROLE_AND_POLICY)]);
    let d = dir.to_str().unwrap();
    let r = c.run_env(&["apply", d, "--auto-approve"], &[("BASELINE_SANDBOX_FAIL", "iam:CreateRole~description")]);
    assert_eq!(r.code, 1, "{}", r.transcript());
    for said in [
        "Error: aws_iam_role.reader: creation failed: Provider produced inconsistent result after apply",
        "when applying changes to aws_iam_role.reader",
        "produced an unexpected new value: .description: was \"Reads logs\", but now \"Reads logs (mangled)\"",
        "aws_iam_role_policy.read: not attempted",
        "1 failed action",
    ] {
        assert!(r.stderr.contains(said), "{said:?} in:\n{}", r.stderr);
    }
    // On record as it is in the account (nothing orphaned); its dependent was not applied.
    assert_eq!(c.state_list(), ["aws_iam_role.reader"]);
    assert_eq!(recorded(&c, "aws_iam_role.reader")["description"], "Reads logs (mangled)");
    assert_eq!(c.sandbox_json()["iam"]["roles"]["log-reader"]["description"], "Reads logs (mangled)");
    assert!(c.sandbox_json()["iam"]["roles"]["log-reader"]["inline_policies"].as_object().is_none_or(|p| p.is_empty()));
    // Without the fault, the next plan puts the description back and adds the policy.
    let p = c.run(&["plan", d]);
    assert_eq!(p.code, 0, "{}", p.transcript());
    assert!(p.stdout.contains("aws_iam_role.reader will be updated in place"), "{}", p.stdout);
    assert!(p.stdout.contains(r#"~ description = "Reads logs (mangled)" -> "Reads logs""#), "{}", p.stdout);
    assert!(p.stdout.ends_with("Plan: 1 to add, 1 to change, 0 to destroy.\n"), "{}", p.stdout);
    let a = c.apply_ok(&dir);
    assert!(a.stdout.contains("Resources: 1 added, 1 changed, 0 destroyed."), "{}", a.stdout);
    assert_eq!(c.sandbox_json()["iam"]["roles"]["log-reader"]["description"], "Reads logs");
    let p = c.run(&["plan", d, "--detailed-exitcode"]);
    assert_eq!(p.code, 0, "{}", p.transcript());
    assert!(p.stdout.contains("No changes."), "{}", p.stdout);
}

/// The same for an update, on an SNS topic whose settings are kept as attributes.
#[test]
fn an_update_stored_otherwise_than_planned_fails_and_the_next_apply_converges() {
    let c = Ctx::new();
    let cfg = |name: &str| {
        format!(
            r#"
provider "aws" {{ region = "eu-west-1" }}
resource "aws_sns_topic" "alerts" {{
  name         = "alerts"
  display_name = "{name}"
}}
resource "aws_sns_topic_subscription" "hook" {{
  topic_arn              = aws_sns_topic.alerts.arn
  protocol               = "https"
  endpoint               = "https://hooks.example.com/${{aws_sns_topic.alerts.display_name}}"
  endpoint_auto_confirms = true
}}
"#
        )
    };
    let dir = c.config("topic", &[("main.tf", &cfg("Alerts"))]);
    let d = dir.to_str().unwrap();
    c.apply_ok(&dir);
    std::fs::write(dir.join("main.tf"), cfg("Pager")).unwrap();
    let fault = ("BASELINE_SANDBOX_FAIL", "sns:SetTopicAttributes~attributes.DisplayName");
    let r = c.run_env(&["apply", d, "--auto-approve"], &[fault]);
    assert_eq!(r.code, 1, "{}", r.transcript());
    for said in [
        "Error: aws_sns_topic.alerts: modifications failed: Provider produced inconsistent result after apply",
        ".display_name: was \"Pager\", but now \"Pager (mangled)\"",
        "aws_sns_topic_subscription.hook: not attempted",
    ] {
        assert!(r.stderr.contains(said), "{said:?} in:\n{}", r.stderr);
    }
    assert_eq!(recorded(&c, "aws_sns_topic.alerts")["display_name"], "Pager (mangled)");
    // The subscription's replacement was destroyed first; its new object waits for the topic.
    assert_eq!(c.state_list(), ["aws_sns_topic.alerts"]);
    let p = c.run(&["plan", d]);
    assert!(p.stdout.contains(r#"= "Pager (mangled)" -> "Pager""#), "{}", p.stdout);
    c.apply_ok(&dir);
    assert_eq!(recorded(&c, "aws_sns_topic.alerts")["display_name"], "Pager");
    assert_eq!(recorded(&c, "aws_sns_topic_subscription.hook")["endpoint"], "https://hooks.example.com/Pager");
    let p = c.run(&["plan", d, "--detailed-exitcode"]);
    assert_eq!(p.code, 0, "{}", p.transcript());
}

/// No supported type has a sensitive argument by schema; a value from a sensitive variable
/// is one, and the failure names the attribute without printing either value.
#[test]
fn an_inconsistent_sensitive_value_is_named_never_shown() {
    let c = Ctx::new();
    let secret = "desc-7c1e55ab";
    let cfg = ROLE_AND_POLICY.replace("\"Reads logs\"", "var.description")
        + "variable \"description\" {\n  type      = string\n  sensitive = true\n}\n";
    let dir = c.config("secret", &[("main.tf", &cfg)]);
    let d = dir.to_str().unwrap();
    let var = format!("description={secret}");
    let r = c.run_env(
        &["apply", d, "--auto-approve", "--var", &var],
        &[("BASELINE_SANDBOX_FAIL", "iam:CreateRole~description")],
    );
    assert_eq!(r.code, 1, "{}", r.transcript());
    assert!(r.stderr.contains(".description: inconsistent values for sensitive attribute"), "{}", r.stderr);
    assert!(!r.transcript().contains(secret), "the secret was printed:\n{}", r.transcript());
    assert_eq!(recorded(&c, "aws_iam_role.reader")["description"], format!("{secret} (mangled)"));
    let p = c.run(&["plan", d, "--var", &var]);
    assert_eq!(p.code, 0, "{}", p.transcript());
    assert!(p.stdout.contains("Plan: 1 to add, 1 to change, 0 to destroy."), "{}", p.stdout);
    assert!(!p.transcript().contains(secret), "the plan printed the secret:\n{}", p.transcript());
    let a = c.run(&["apply", d, "--auto-approve", "--var", &var]);
    assert_eq!(a.code, 0, "{}", a.transcript());
    assert!(!a.transcript().contains(secret), "{}", a.transcript());
    assert_eq!(c.run(&["plan", d, "--var", &var, "--detailed-exitcode"]).code, 0);
}
