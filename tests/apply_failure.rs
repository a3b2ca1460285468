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
    assert!(p.stdout.ends_with("Plan: 1 to add, 0 to change, 0 to destroy.\n"), "{}", p.stdout);
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
    let state: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(c.state()).unwrap()).unwrap();
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
    let state: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(c.state()).unwrap()).unwrap();
    assert!(state["resources"].as_array().unwrap().iter().all(|r| r.get("deposed").is_none()), "{state}");
    assert_eq!(c.run(&["plan", two.to_str().unwrap(), "--detailed-exitcode"]).code, 0);
}
