//! End-to-end: planning and applying the article's baseline on the sandbox account.

mod common;

use common::{settings, Ctx};

fn ex() -> String {
    Ctx::example().display().to_string()
}

#[test]
fn plan_of_the_article_baseline_reads_like_terraform() {
    let c = Ctx::new();
    let r = c.run(&["plan", &ex()]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("\nPlan: 6 to add, 0 to change, 0 to destroy.\n\nChanges to Outputs:\n"), "{}", r.stdout);
    // The article's comment says Monday; the plan tells the truth.
    assert!(r.stdout.contains(r#""cron(0 9 ? * 1 *)" # every Sunday at 09:00 UTC"#));
    // Data sources are read during plan: Tokyo's real rules package ARNs are in it.
    assert!(r.stdout.contains("arn:aws:inspector:ap-northeast-1:406045910587:rulespackage/0-gHP9oWNT"));
    settings().bind(|| insta::assert_snapshot!("plan_article_baseline", r.transcript()));
}

#[test]
fn plan_never_writes_the_state() {
    let c = Ctx::new();
    assert_eq!(c.run(&["plan", &ex()]).code, 0);
    assert!(!c.state().exists());
}

#[test]
fn apply_records_state_and_a_second_plan_says_no_changes() {
    let c = Ctx::new();
    let r = c.apply_ok(&Ctx::example());
    assert!(r.stdout.contains("Apply complete! Resources: 6 added, 0 changed, 0 destroyed."));
    assert!(r.stdout.contains("assessment_template_arn = \"arn:aws:inspector:ap-northeast-1:123456789012:target/"));
    assert_eq!(
        c.state_list(),
        [
            "aws_cloudwatch_event_rule.assessment",
            "aws_cloudwatch_event_target.assessment",
            "aws_iam_role.inspector_events",
            "aws_iam_service_linked_role.inspector",
            "aws_inspector_assessment_target.all_instances",
            "aws_inspector_assessment_template.all_rules",
        ]
    );
    let again = c.run(&["plan", &ex(), "--detailed-exitcode"]);
    assert_eq!(again.code, 0, "{}", again.transcript());
    assert!(again.stdout.starts_with("No changes."), "{}", again.stdout);
    // One refresh of the example: 9 reads for 6 resources (batched where the API allows; the
    // untagged rule's and template's tags are not read), 1 for the rules packages data source,
    // and 1 to ask which account the state is used in.
    assert!(
        again.stderr.ends_with(
            "baseline made 11 API calls to the sandbox account.
"
        ),
        "{}",
        again.stderr
    );
    // The sandbox really holds what was declared.
    let sb = c.sandbox_json();
    assert!(sb["iam"]["roles"]["AWSServiceRoleForAmazonInspector"].is_object());
    let rule = &sb["regions"]["ap-northeast-1"]["events"]["rules"]["Amazon_Inspector_Assessment"];
    assert_eq!(rule["schedule_expression"], "cron(0 9 ? * 1 *)");
    assert_eq!(
        rule["targets"]["InspectorAssessmentTemplate"]["role_arn"],
        "arn:aws:iam::123456789012:role/DefaultSecuritySettings-InspectorEvents-ap-northeast-1"
    );
}

#[test]
fn state_file_has_lineage_serial_and_a_backup_of_the_previous_version() {
    let c = Ctx::new();
    c.apply_ok(&Ctx::example());
    let s: serde_json::Value = c.state_view();
    assert!(s["lineage"].as_str().is_some_and(|l| l.len() == 36));
    // Each action is a journal line; the snapshot is written every two seconds and at the end:
    // once for a run this short.
    assert_eq!(s["serial"], 1);
    assert!(!c.dir.path().join("state.json.journal").exists(), "the journal is settled");
    let dir = c.with_schedule("cron(0 0 ? * MON *)");
    c.apply_ok(&dir);
    let backup: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(c.dir.path().join("state.json.backup")).unwrap()).unwrap();
    assert_eq!(backup["serial"], 1);
    let s2: serde_json::Value = c.state_view();
    assert_eq!(s2["serial"], 2);
    assert_eq!(s2["lineage"], s["lineage"]);
    assert!(!c.dir.path().join("state.json.lock").exists(), "lock released");
}

trait ScheduleEdit {
    fn with_schedule(&self, s: &str) -> std::path::PathBuf;
}
impl ScheduleEdit for Ctx {
    fn with_schedule(&self, s: &str) -> std::path::PathBuf {
        self.example_with("monday", |t| t.replace("cron(0 9 ? * 1 *)", s))
    }
}

#[test]
fn detailed_exitcode_is_2_when_there_are_changes() {
    let c = Ctx::new();
    assert_eq!(c.run(&["plan", &ex(), "--detailed-exitcode"]).code, 2);
    assert_eq!(c.run(&["plan", &ex()]).code, 0);
}

#[test]
fn an_edit_shows_exactly_what_changes_with_the_schedule_in_words() {
    let c = Ctx::new();
    c.apply_ok(&Ctx::example());
    let dir = c.with_schedule("cron(0 0 ? * MON *)");
    let r = c.run(&["plan", dir.to_str().unwrap()]);
    settings().bind(|| insta::assert_snapshot!("plan_schedule_update", r.transcript()));
    assert!(r.stdout.contains("# every Monday at 00:00 UTC"));
    assert!(r.stdout.ends_with("Plan: 0 to add, 1 to change, 0 to destroy.\n"));
}

#[test]
fn drift_is_shown_first_then_repaired_by_apply() {
    let c = Ctx::new();
    c.apply_ok(&Ctx::example());
    c.edit_sandbox(|v| {
        v["regions"]["ap-northeast-1"]["events"]["rules"]["Amazon_Inspector_Assessment"]["schedule_expression"] =
            "cron(0 10 ? * 1 *)".into();
    });
    let r = c.run(&["plan", &ex(), "--detailed-exitcode"]);
    assert_eq!(r.code, 2);
    settings().bind(|| insta::assert_snapshot!("plan_drift_schedule", r.transcript()));
    let drift_at =
        r.stdout.find("aws_cloudwatch_event_rule.assessment: schedule_expression changed outside baseline").unwrap();
    let plan_at = r.stdout.find("will be updated in place").unwrap();
    assert!(drift_at < plan_at, "drift comes first");
    c.apply_ok(&Ctx::example());
    assert_eq!(
        c.sandbox_json()["regions"]["ap-northeast-1"]["events"]["rules"]["Amazon_Inspector_Assessment"]
            ["schedule_expression"],
        "cron(0 9 ? * 1 *)"
    );
    assert_eq!(c.run(&["plan", &ex(), "--detailed-exitcode"]).code, 0);
}

#[test]
fn a_resource_deleted_outside_is_created_again() {
    let c = Ctx::new();
    c.apply_ok(&Ctx::example());
    c.edit_sandbox(|v| {
        v["regions"]["ap-northeast-1"]["events"]["rules"]["Amazon_Inspector_Assessment"]["targets"] =
            serde_json::json!({});
    });
    let r = c.run(&["plan", &ex()]);
    assert!(r.stdout.contains("# aws_cloudwatch_event_target.assessment was deleted outside baseline"), "{}", r.stdout);
    assert!(r.stdout.contains("# (because it was deleted outside baseline)"));
    assert!(r.stdout.ends_with("Plan: 1 to add, 0 to change, 0 to destroy.\n"));
    c.apply_ok(&Ctx::example());
    assert_eq!(c.run(&["plan", &ex(), "--detailed-exitcode"]).code, 0);
}

#[test]
fn a_replacement_counts_one_add_and_one_destroy_and_names_its_cause() {
    let c = Ctx::new();
    c.apply_ok(&Ctx::example());
    let dir = c.example_with("short", |t| t.replace("duration           = 3600", "duration           = 1800"));
    let r = c.run(&["plan", dir.to_str().unwrap()]);
    assert!(r.stdout.contains("-/+ resource \"aws_inspector_assessment_template\" \"all_rules\""), "{}", r.stdout);
    assert!(r.stdout.contains("~ duration = 3600 -> 1800 # forces replacement"), "{}", r.stdout);
    // The event target points at the template's new ARN: an update in place.
    assert!(r.stdout.contains("\nPlan: 1 to add, 1 to change, 1 to destroy.\n"), "{}", r.stdout);
    c.apply_ok(&dir);
    assert_eq!(c.run(&["plan", dir.to_str().unwrap(), "--detailed-exitcode"]).code, 0);
}

#[test]
fn policies_compare_by_meaning_and_real_changes_are_line_diffs() {
    let c = Ctx::new();
    c.apply_ok(&Ctx::example());
    // Same meaning: a one-item list instead of a string, keys in another order.
    let same = c.example_with("same", |t| {
        t.replace(r#"Action   = "inspector:StartAssessmentRun""#, r#"Action   = ["inspector:StartAssessmentRun"]"#)
    });
    assert_eq!(c.run(&["plan", same.to_str().unwrap(), "--detailed-exitcode"]).code, 0);
    let changed = c.example_with("changed", |t| {
        t.replace(r#"Action   = "inspector:StartAssessmentRun""#, r#"Action   = "inspector:*""#)
    });
    let r = c.run(&["plan", changed.to_str().unwrap()]);
    assert!(r.stdout.contains(r#"-       "Action": "inspector:StartAssessmentRun","#), "{}", r.stdout);
    assert!(r.stdout.contains(r#"+       "Action": "inspector:*","#), "{}", r.stdout);
    settings().bind(|| insta::assert_snapshot!("plan_policy_line_diff", r.transcript()));
}

#[test]
fn variables_come_from_flags_and_files_with_terraform_typing() {
    let c = Ctx::new();
    let r = c.run(&["plan", &ex(), "--var", "region=us-east-1"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("arn:aws:inspector:us-east-1:316112463485:rulespackage/0-gEjTy7T7"));
    assert!(r.stdout.contains("DefaultSecuritySettings-InspectorEvents-us-east-1"));
    let vf = c.dir.path().join("vars.hcl");
    std::fs::write(&vf, "region = \"eu-west-1\"\nschedule = \"rate(7 days)\"\n").unwrap();
    let r = c.run(&["plan", &ex(), "--var-file", vf.to_str().unwrap()]);
    assert!(r.stdout.contains("DefaultSecuritySettings-InspectorEvents-eu-west-1"), "{}", r.stderr);
    assert!(r.stdout.contains(r#""rate(7 days)" # every 7 days"#), "{}", r.stdout);
    // --var wins over --var-file.
    let r = c.run(&["plan", &ex(), "--var-file", vf.to_str().unwrap(), "--var", "region=us-west-2"]);
    assert!(r.stdout.contains("InspectorEvents-us-west-2"));
    // Non-string variables parse VALUE as HCL.
    let dir = c.config(
        "typed",
        &[(
            "main.hcl",
            r#"
provider "aws" { region = "us-east-1" }
variable "names" { type = list(string) }
resource "aws_inspector_assessment_target" "t" {
  name = join("+", var.names)
}
"#,
        )],
    );
    let r = c.run(&["plan", dir.to_str().unwrap(), "--var", r#"names=["a", "b"]"#]);
    assert!(r.stdout.contains(r#"+ name   = "a+b""#), "{}", r.transcript());
    let r = c.run(&["plan", dir.to_str().unwrap(), "--var", "names=notalist"]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("variable values must be constants"), "{}", r.stderr);
    let r = c.run(&["plan", dir.to_str().unwrap(), "--var", r#"names="notalist""#]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("invalid value for variable `names`: list of string required"), "{}", r.stderr);
}

#[test]
fn state_show_prints_one_resource() {
    let c = Ctx::new();
    c.apply_ok(&Ctx::example());
    let r = c.run(&["state", "show", "aws_cloudwatch_event_rule.assessment"]);
    assert_eq!(r.code, 0);
    settings().bind(|| insta::assert_snapshot!("state_show_rule", r.transcript()));
    let r = c.run(&["state", "show", "aws_cloudwatch_event_rule.assesment"]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("did you mean `aws_cloudwatch_event_rule.assessment`?"), "{}", r.stderr);
}

#[test]
fn apply_without_a_terminal_refuses_instead_of_waiting() {
    let c = Ctx::new();
    let r = c.run(&["apply", &ex()]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("standard input is not a terminal"), "{}", r.stderr);
    assert!(r.stderr.contains("--auto-approve"));
    assert!(!c.state().exists(), "nothing applied, nothing written");
}

#[test]
fn prevent_destroy_fails_the_plan_before_anything_runs() {
    let c = Ctx::new();
    c.apply_ok(&Ctx::example());
    let r = c.run(&["destroy", &ex(), "--auto-approve"]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("prevent_destroy"), "{}", r.stderr);
    assert_eq!(c.state_list().len(), 6, "nothing was destroyed");
}

#[test]
fn destroy_removes_everything_in_reverse_dependency_order() {
    let c = Ctx::new();
    let dir = c.example_with("unprotected", |t| t.replace("prevent_destroy = true", "prevent_destroy = false"));
    c.apply_ok(&dir);
    let r = c.run(&["destroy", dir.to_str().unwrap(), "--auto-approve"]);
    assert_eq!(r.code, 0, "{}", r.transcript());
    assert!(r.stdout.contains("Plan: 0 to add, 0 to change, 6 to destroy."));
    assert!(r.stdout.contains("Destroy complete! Resources: 6 destroyed."));
    // The target goes before its rule (a rule with targets cannot be deleted).
    let t = r.stderr.find("aws_cloudwatch_event_target.assessment: Destroying").unwrap();
    let rule = r.stderr.find("aws_cloudwatch_event_rule.assessment: Destroying").unwrap();
    assert!(t < rule, "{}", r.stderr);
    assert!(c.state_list().is_empty());
    let sb = c.sandbox_json();
    assert!(sb["iam"]["roles"].as_object().is_none_or(|m| m.is_empty()), "{sb}");
}

#[test]
fn resources_removed_from_the_config_are_destroyed() {
    let c = Ctx::new();
    c.apply_ok(&Ctx::example());
    let dir = c.example_with("no_schedule", |t| {
        let start = t.find("resource \"aws_cloudwatch_event_target\"").unwrap();
        let end = t.find("output \"assessment_template_arn\"").unwrap();
        format!("{}{}", &t[..start], &t[end..])
    });
    let r = c.run(&["plan", dir.to_str().unwrap()]);
    assert!(r.stdout.contains("# (because it is no longer in the configuration)"), "{}", r.stdout);
    assert!(r.stdout.ends_with("Plan: 0 to add, 0 to change, 1 to destroy.\n"), "{}", r.stdout);
}

#[test]
fn a_second_run_fails_at_once_naming_the_lock_holder() {
    let c = Ctx::new();
    let store = baseline::state::LocalStore::new(c.state());
    let _held = store.lock("apply").unwrap();
    let r = c.run(&["plan", &ex()]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("locked by another run"), "{}", r.stderr);
    assert!(r.stderr.contains(&format!("pid {}", std::process::id())), "{}", r.stderr);
}

#[test]
fn output_has_no_colour_codes_and_no_color_flag_is_accepted() {
    let c = Ctx::new();
    let r = c.run(&["plan", &ex(), "--no-color"]);
    assert_eq!(r.code, 0);
    assert!(!r.stdout.contains('\u{1b}') && !r.stderr.contains('\u{1b}'));
}

/// Runs baseline under a pseudo-terminal (util-linux `script`), typing `answer`.
fn run_in_terminal(c: &Ctx, args: &str, answer: &str) -> (i32, String) {
    let bin = assert_cmd::cargo::cargo_bin("baseline");
    let cmd = format!(
        "{} {args} --sandbox --no-color --state {} --sandbox-file {}",
        bin.display(),
        c.state().display(),
        c.sandbox().display()
    );
    let mut child = std::process::Command::new("script")
        .args(["-qec", &cmd, "/dev/null"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("util-linux script");
    use std::io::Write;
    child.stdin.take().unwrap().write_all(format!("{answer}\n").as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    (out.status.code().unwrap_or(-1), String::from_utf8_lossy(&out.stdout).to_string())
}

#[test]
fn apply_on_a_terminal_asks_and_only_yes_approves() {
    let c = Ctx::new();
    let (code, out) = run_in_terminal(&c, &format!("apply {}", ex()), "no");
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("Only 'yes' will be accepted"), "{out}");
    assert!(out.contains("Apply cancelled."), "{out}");
    assert!(!c.state().exists());
    let (code, out) = run_in_terminal(&c, &format!("apply {}", ex()), "yes");
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("Apply complete! Resources: 6 added"), "{out}");
    assert_eq!(c.state_list().len(), 6);
}

#[test]
fn a_data_source_waiting_on_a_new_resource_is_read_during_apply() {
    let c = Ctx::new();
    let dir = c.config(
        "deferred",
        &[(
            "main.hcl",
            r#"
provider "aws" { region = "us-west-2" }
resource "aws_iam_service_linked_role" "inspector" {
  aws_service_name = "inspector.amazonaws.com"
}
data "aws_inspector_rules_packages" "rules" {
  depends_on = [aws_iam_service_linked_role.inspector]
}
resource "aws_inspector_assessment_target" "all" {
  name = "all"
}
resource "aws_inspector_assessment_template" "t" {
  name               = "t"
  target_arn         = aws_inspector_assessment_target.all.arn
  duration           = 180
  rules_package_arns = data.aws_inspector_rules_packages.rules.arns
}
"#,
        )],
    );
    let r = c.run(&["plan", dir.to_str().unwrap()]);
    assert!(r.stdout.contains("# data.aws_inspector_rules_packages.rules will be read during apply"), "{}", r.stdout);
    assert!(r.stdout.contains(" <= data \"aws_inspector_rules_packages\" \"rules\" {"), "{}", r.stdout);
    assert!(r.stdout.contains("+ rules_package_arns = (known after apply)"), "{}", r.stdout);
    c.apply_ok(&dir);
    let sb = c.sandbox_json();
    let templates = sb["regions"]["us-west-2"]["inspector"]["assessment_templates"].as_object().unwrap();
    let arns = templates.values().next().unwrap()["rules_package_arns"].as_array().unwrap();
    assert_eq!(arns.len(), 4);
    assert_eq!(c.run(&["plan", dir.to_str().unwrap(), "--detailed-exitcode"]).code, 0);
}

/// A data source whose known arguments refer to a resource being created (directly, or
/// through a local) is read during apply, as Terraform defers it, not during plan, where the
/// object does not exist yet; once nothing it depends on changes, it is read during plan.
#[test]
fn a_data_source_referring_to_a_pending_resource_is_read_during_apply() {
    let c = Ctx::new();
    let dir = c.config(
        "referring",
        &[(
            "main.hcl",
            r#"
provider "aws" { region = "us-east-1" }
resource "aws_iam_role" "r" {
  name               = "auditor"
  description        = "reads"
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [] })
}
locals { role = aws_iam_role.r.name }
data "aws_iam_role" "direct" {
  name = aws_iam_role.r.name
}
data "aws_iam_role" "via_local" {
  name = local.role
}
output "description" { value = data.aws_iam_role.via_local.description }
"#,
        )],
    );
    let d = dir.to_str().unwrap();
    let r = c.run(&["plan", d]);
    assert_eq!(r.code, 0, "{}", r.transcript());
    for name in ["direct", "via_local"] {
        assert!(r.stdout.contains(&format!("# data.aws_iam_role.{name} will be read during apply")), "{}", r.stdout);
    }
    assert!(r.stdout.contains("(because it depends on a resource or a module with changes pending)"), "{}", r.stdout);
    let r = c.apply_ok(&dir);
    assert!(r.stdout.contains(r#"description = "reads""#), "{}", r.stdout);
    let r = c.run(&["plan", d, "--detailed-exitcode"]);
    assert_eq!(r.code, 0, "{}", r.transcript());
    assert!(!r.stdout.contains("will be read during apply"), "{}", r.stdout);
}

/// `max_password_age = 0` and `password_reuse_prevention = 0` mean none, as the provider
/// reads them (a popular baseline module defaults to 0): valid, applied as unset, and stable;
/// a number outside AWS's range is refused at validate, saying 0 is allowed.
#[test]
fn zero_password_age_and_reuse_mean_none() {
    let c = Ctx::new();
    let cfg = |age: u32| {
        format!(
            r#"
provider "aws" {{ region = "us-east-1" }}
resource "aws_iam_account_password_policy" "p" {{
  minimum_password_length   = 14
  max_password_age          = {age}
  password_reuse_prevention = 0
}}
"#
        )
    };
    let dir = c.config("pw", &[("main.tf", &cfg(0))]);
    let d = dir.to_str().unwrap();
    c.apply_ok(&dir);
    let policy = &c.sandbox_json()["iam"]["password_policy"];
    assert_eq!(policy["minimum_password_length"], 14, "{policy}");
    assert!(policy["max_password_age"].is_null(), "{policy}");
    assert_eq!(policy["expire_passwords"], false, "{policy}");
    let r = c.run(&["plan", d, "--detailed-exitcode"]);
    assert_eq!(r.code, 0, "{}", r.transcript());
    std::fs::write(dir.join("main.tf"), cfg(2000)).unwrap();
    let r = c.run(&["validate", d]);
    assert_eq!(r.code, 1, "{}", r.transcript());
    // Diagnostics wrap at the terminal's width: each fragment fits one line.
    for fragment in ["must be a whole number from", "or 0 for none", "main.tf:5:31"] {
        assert!(r.stderr.contains(fragment), "{fragment}: {}", r.stderr);
    }
}

/// `region` on a topic and its policy puts them in that region, as on every regional type;
/// changing it replaces the topic.
#[test]
fn a_topic_and_its_policy_take_a_region() {
    let c = Ctx::new();
    let cfg = |region: &str| {
        format!(
            r#"
provider "aws" {{ region = "us-east-1" }}
resource "aws_sns_topic" "t" {{
  region = "{region}"
  name   = "regional"
}}
resource "aws_sns_topic_policy" "p" {{
  region = "{region}"
  arn    = aws_sns_topic.t.arn
  policy = jsonencode({{ Version = "2012-10-17", Statement = [{{ Effect = "Allow", Principal = {{ AWS = "123456789012" }}, Action = "sns:Publish", Resource = aws_sns_topic.t.arn }}] }})
}}
"#
        )
    };
    let dir = c.config("regional", &[("main.tf", &cfg("eu-west-1"))]);
    let d = dir.to_str().unwrap();
    c.apply_ok(&dir);
    let sb = c.sandbox_json();
    let topic = &sb["regions"]["eu-west-1"]["sns"]["topics"]["regional"];
    assert!(topic["attributes"]["Policy"].as_str().unwrap_or_default().contains("sns:Publish"), "{sb}");
    assert!(sb["regions"].get("us-east-1").is_none(), "{sb}");
    assert_eq!(c.run(&["plan", d, "--detailed-exitcode"]).code, 0);
    std::fs::write(dir.join("main.tf"), cfg("eu-central-1")).unwrap();
    let r = c.run(&["plan", d]);
    assert!(r.stdout.contains("# aws_sns_topic.t must be replaced"), "{}", r.stdout);
}

/// A topic's delivery status logging (role ARNs and sample rate per protocol), a FIFO topic's
/// throughput scope and archive policy are applied and read back; unset numbers are recorded
/// as 0, as the provider records them, and plan no change; the FIFO-only settings are refused
/// on a standard topic.
#[test]
fn topic_delivery_logging_and_fifo_settings_apply_and_converge() {
    let c = Ctx::new();
    let main = r#"
provider "aws" { region = "us-east-1" }
resource "aws_iam_role" "feedback" {
  name               = "sns-feedback"
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [] })
}
resource "aws_sns_topic" "logged" {
  name                             = "logged"
  sqs_success_feedback_role_arn    = aws_iam_role.feedback.arn
  sqs_failure_feedback_role_arn    = aws_iam_role.feedback.arn
  sqs_success_feedback_sample_rate = 50
}
resource "aws_sns_topic" "fifo" {
  name                  = "ordered.fifo"
  fifo_topic            = true
  fifo_throughput_scope = "MessageGroup"
  archive_policy        = jsonencode({ MessageRetentionPeriod = 30 })
}
"#;
    let dir = c.config("sns", &[("main.tf", main)]);
    let d = dir.to_str().unwrap();
    c.apply_ok(&dir);
    let sb = c.sandbox_json();
    let topics = &sb["regions"]["us-east-1"]["sns"]["topics"];
    assert_eq!(topics["logged"]["attributes"]["SQSSuccessFeedbackSampleRate"], "50", "{sb}");
    assert!(topics["logged"]["attributes"]["SQSFailureFeedbackRoleArn"]
        .as_str()
        .unwrap()
        .ends_with(":role/sns-feedback"));
    assert_eq!(topics["ordered.fifo"]["attributes"]["FifoThroughputScope"], "MessageGroup", "{sb}");
    let state: serde_json::Value = c.state_view();
    let logged = state["resources"].as_array().unwrap().iter().find(|r| r["name"] == "logged").unwrap();
    assert_eq!(logged["attributes"]["http_success_feedback_sample_rate"], 0, "{logged}");
    assert_eq!(logged["attributes"]["signature_version"], 0, "{logged}");
    let r = c.run(&["plan", d, "--detailed-exitcode"]);
    assert_eq!(r.code, 0, "{}", r.transcript());
    std::fs::write(dir.join("main.tf"), main.replace("fifo_topic            = true", "")).unwrap();
    let r = c.run(&["validate", d]);
    assert_eq!(r.code, 1, "{}", r.transcript());
    assert!(r.stderr.contains("a FIFO throughput scope needs `fifo_topic = true`"), "{}", r.stderr);
}

/// A managed policy records `attachment_count`, as the provider does; attachments made
/// elsewhere change it without ever planning a change.
#[test]
fn a_policy_records_its_attachment_count_without_drift() {
    let c = Ctx::new();
    let main = r#"
provider "aws" { region = "us-east-1" }
resource "aws_iam_role" "r" {
  name               = "r"
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [] })
}
resource "aws_iam_policy" "p" {
  name   = "p"
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "s3:ListAllMyBuckets", Resource = "*" }] })
}
resource "aws_iam_role_policy_attachment" "a" {
  role       = aws_iam_role.r.name
  policy_arn = aws_iam_policy.p.arn
}
output "count" { value = aws_iam_policy.p.attachment_count }
"#;
    let dir = c.config("policy", &[("main.tf", main)]);
    let d = dir.to_str().unwrap();
    c.apply_ok(&dir);
    // The output was evaluated before the attachment existed: only it changes (as in
    // Terraform, an output change is a change for --detailed-exitcode); no resource drifts.
    let r = c.run(&["plan", d, "--detailed-exitcode"]);
    assert_eq!(r.code, 2, "{}", r.transcript());
    assert!(r.stdout.starts_with("Changes to Outputs:\n  ~ count = 0 -> 1\n"), "{}", r.stdout);
    let r = c.apply_ok(&dir);
    assert!(r.stdout.contains("count = 1"), "{}", r.stdout);
    let r = c.run(&["plan", d, "--detailed-exitcode"]);
    assert_eq!(r.code, 0, "{}", r.transcript());
}

/// SNS checks that a topic policy's principals exist: a role of the account that does not
/// exist fails the apply with `PrincipalNotFound`; one the configuration creates is fine.
#[test]
fn a_topic_policy_naming_a_missing_role_is_refused() {
    let c = Ctx::new();
    let cfg = |principal: &str| {
        format!(
            r#"
provider "aws" {{ region = "us-east-1" }}
resource "aws_iam_role" "publisher" {{
  name               = "publisher"
  assume_role_policy = jsonencode({{ Version = "2012-10-17", Statement = [] }})
}}
resource "aws_sns_topic" "t" {{ name = "t" }}
resource "aws_sns_topic_policy" "p" {{
  arn    = aws_sns_topic.t.arn
  policy = jsonencode({{ Version = "2012-10-17", Statement = [{{ Effect = "Allow", Principal = {{ AWS = {principal} }}, Action = "sns:Publish", Resource = aws_sns_topic.t.arn }}] }})
}}
"#
        )
    };
    let dir = c.config("principals", &[("main.tf", &cfg(r#""arn:aws:iam::123456789012:role/nobody""#))]);
    let r = c.run(&["apply", dir.to_str().unwrap(), "--auto-approve"]);
    assert_eq!(r.code, 1, "{}", r.transcript());
    assert!(r.stderr.contains("PrincipalNotFound"), "{}", r.stderr);
    std::fs::write(dir.join("main.tf"), cfg("aws_iam_role.publisher.arn")).unwrap();
    c.apply_ok(&dir);
    let r = c.run(&["plan", dir.to_str().unwrap(), "--detailed-exitcode"]);
    assert_eq!(r.code, 0, "{}", r.transcript());
}

#[test]
fn create_before_destroy_creates_the_new_object_first() {
    let c = Ctx::new();
    let base = |id: &str| {
        format!(
            r#"
provider "aws" {{ region = "eu-west-1" }}
resource "aws_cloudwatch_event_rule" "r" {{
  name                = "weekly"
  schedule_expression = "rate(7 days)"
}}
resource "aws_cloudwatch_event_target" "t" {{
  rule      = aws_cloudwatch_event_rule.r.name
  target_id = "{id}"
  arn       = "arn:aws:sns:eu-west-1:123456789012:topic"
  lifecycle {{
    create_before_destroy = true
  }}
}}
"#
        )
    };
    let one = c.config("one", &[("main.hcl", &base("first"))]);
    c.apply_ok(&one);
    let two = c.config("two", &[("main.hcl", &base("second"))]);
    let r = c.run(&["plan", two.to_str().unwrap()]);
    assert!(r.stdout.contains("+/- resource \"aws_cloudwatch_event_target\" \"t\""), "{}", r.stdout);
    assert!(r.stdout.contains("+/- create replacement and then destroy"), "{}", r.stdout);
    let r = c.apply_ok(&two);
    let created = r.stderr.find("aws_cloudwatch_event_target.t: Creating").unwrap();
    let destroyed = r.stderr.find("aws_cloudwatch_event_target.t: Destroying").unwrap();
    assert!(created < destroyed, "{}", r.stderr);
    let targets = &c.sandbox_json()["regions"]["eu-west-1"]["events"]["rules"]["weekly"]["targets"];
    assert!(targets["second"].is_object() && targets.get("first").is_none(), "{targets}");
    assert_eq!(c.state_list(), ["aws_cloudwatch_event_rule.r", "aws_cloudwatch_event_target.t"]);
    assert_eq!(c.run(&["plan", two.to_str().unwrap(), "--detailed-exitcode"]).code, 0);
}

#[test]
fn the_region_argument_places_a_resource_and_changing_it_replaces_it() {
    let c = Ctx::new();
    let cfg = |region: &str| {
        format!(
            "provider \"aws\" {{\n  region = \"us-east-1\"\n}}\nresource \"aws_cloudwatch_event_rule\" \"r\" {{\n  name                = \"weekly\"\n  schedule_expression = \"rate(7 days)\"\n  region              = \"{region}\"\n}}\nresource \"aws_cloudwatch_event_rule\" \"home\" {{\n  name                = \"home\"\n  schedule_expression = \"rate(1 day)\"\n}}\n"
        )
    };
    let one = c.config("one", &[("main.hcl", &cfg("eu-west-1"))]);
    c.apply_ok(&one);
    let sb = c.sandbox_json();
    assert!(sb["regions"]["eu-west-1"]["events"]["rules"]["weekly"].is_object(), "{sb}");
    assert!(sb["regions"]["us-east-1"]["events"]["rules"]["home"].is_object(), "the provider's region by default");
    assert_eq!(c.run(&["plan", one.to_str().unwrap(), "--detailed-exitcode"]).code, 0);
    let two = c.config("two", &[("main.hcl", &cfg("ap-south-1"))]);
    let r = c.run(&["plan", two.to_str().unwrap()]);
    assert!(
        r.stdout.contains(r#"~ region              = "eu-west-1" -> "ap-south-1" # forces replacement"#),
        "{}",
        r.stdout
    );
    assert!(r.stdout.ends_with("Plan: 1 to add, 0 to change, 1 to destroy.\n"), "{}", r.stdout);
    c.apply_ok(&two);
    let sb = c.sandbox_json();
    assert!(sb["regions"]["ap-south-1"]["events"]["rules"]["weekly"].is_object(), "{sb}");
    assert!(sb["regions"].get("eu-west-1").is_none(), "deleted where it was: {sb}");
}

#[test]
fn for_each_and_count_make_instances_addressed_as_terraform_prints_them() {
    let c = Ctx::new();
    let cfg = |regions: &str| {
        format!(
            r#"
provider "aws" {{
  region = "us-east-1"
}}
variable "regions" {{
  type    = set(string)
  default = {regions}
}}
resource "aws_cloudwatch_event_rule" "weekly" {{
  for_each            = var.regions
  region              = each.key
  name                = "weekly-${{each.value}}"
  schedule_expression = "rate(7 days)"
}}
resource "aws_cloudwatch_event_target" "t" {{
  for_each  = aws_cloudwatch_event_rule.weekly
  region    = each.key
  rule      = each.value.name
  target_id = "sns"
  arn       = "arn:aws:sns:${{each.key}}:123456789012:findings"
}}
resource "aws_inspector_assessment_target" "numbered" {{
  count = 2
  name  = "target-${{count.index}}"
}}
output "rule_arns" {{
  value = {{ for_us_east_1 = aws_cloudwatch_event_rule.weekly["us-east-1"].arn }}
}}
"#
        )
    };
    let dir = c.config("fe", &[("main.hcl", &cfg(r#"["us-east-1", "eu-west-1"]"#))]);
    let r = c.run(&["plan", dir.to_str().unwrap()]);
    assert_eq!(r.code, 0, "{}", r.transcript());
    for a in [
        r#"# aws_cloudwatch_event_rule.weekly["eu-west-1"] will be created"#,
        r#"# aws_cloudwatch_event_rule.weekly["us-east-1"] will be created"#,
        r#"# aws_cloudwatch_event_target.t["us-east-1"] will be created"#,
        "# aws_inspector_assessment_target.numbered[0] will be created",
        "# aws_inspector_assessment_target.numbered[1] will be created",
    ] {
        assert!(r.stdout.contains(a), "missing {a}:\n{}", r.stdout);
    }
    assert!(r.stdout.contains("\nPlan: 6 to add, 0 to change, 0 to destroy.\n"), "{}", r.stdout);
    let a = c.apply_ok(&dir);
    assert!(
        a.stdout.contains(r#""for_us_east_1" = "arn:aws:events:us-east-1:123456789012:rule/weekly-us-east-1""#),
        "{}",
        a.stdout
    );
    let listed = c.state_list();
    assert!(listed.contains(&r#"aws_cloudwatch_event_target.t["eu-west-1"]"#.to_string()), "{listed:?}");
    let sb = c.sandbox_json();
    assert!(sb["regions"]["eu-west-1"]["events"]["rules"]["weekly-eu-west-1"]["targets"]["sns"].is_object(), "{sb}");
    assert_eq!(c.run(&["plan", dir.to_str().unwrap(), "--detailed-exitcode"]).code, 0);
    let r = c.run(&["state", "show", r#"aws_cloudwatch_event_rule.weekly["eu-west-1"]"#]);
    assert_eq!(r.code, 0, "{}", r.stderr);

    // Dropping a key destroys exactly that instance (target before its rule).
    let fewer = c.config("fewer", &[("main.hcl", &cfg(r#"["us-east-1"]"#))]);
    let r = c.run(&["plan", fewer.to_str().unwrap()]);
    assert!(r.stdout.contains(r#"# aws_cloudwatch_event_rule.weekly["eu-west-1"] will be destroyed"#), "{}", r.stdout);
    assert!(r.stdout.ends_with("Plan: 0 to add, 0 to change, 2 to destroy.\n"), "{}", r.stdout);
    let a = c.apply_ok(&fewer);
    let t = a.stderr.find(r#"aws_cloudwatch_event_target.t["eu-west-1"]: Destroying"#).unwrap();
    let rule = a.stderr.find(r#"aws_cloudwatch_event_rule.weekly["eu-west-1"]: Destroying"#).unwrap();
    assert!(t < rule, "{}", a.stderr);
}

#[test]
fn for_each_keys_must_be_known_while_planning() {
    let c = Ctx::new();
    let dir = c.config(
        "unknown",
        &[(
            "main.hcl",
            r#"
provider "aws" {
  region = "us-east-1"
}
resource "aws_inspector_assessment_target" "t" {
  name = "t"
}
resource "aws_inspector_assessment_target" "copies" {
  for_each = toset([aws_inspector_assessment_target.t.arn])
  name     = each.key
}
resource "aws_inspector_assessment_target" "bad" {
  name = each.key
}
"#,
        )],
    );
    let r = c.run(&["plan", dir.to_str().unwrap()]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("`each` is only available in a resource or module that sets `for_each`"), "{}", r.stderr);
    let dir = c.config(
        "unknown2",
        &[(
            "main.hcl",
            r#"
provider "aws" {
  region = "us-east-1"
}
resource "aws_inspector_assessment_target" "t" {
  name = "t"
}
resource "aws_inspector_assessment_target" "copies" {
  for_each = toset([aws_inspector_assessment_target.t.arn])
  name     = each.key
}
"#,
        )],
    );
    let r = c.run(&["plan", dir.to_str().unwrap()]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("its keys must be known while planning"), "{}", r.stderr);
}

#[test]
fn import_blocks_adopt_existing_objects_without_creating_anything() {
    let c = Ctx::new();
    // Something else made these objects.
    let other = c.config(
        "other",
        &[(
            "main.hcl",
            r#"
provider "aws" {
  region = "eu-west-1"
}
resource "aws_cloudwatch_event_rule" "r" {
  name                = "nightly"
  schedule_expression = "rate(1 day)"
}
resource "aws_iam_role" "role" {
  name               = "ops"
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [] })
}
"#,
        )],
    );
    c.apply_ok(&other);
    std::fs::remove_file(c.state()).unwrap();

    let dir = c.config(
        "adopt",
        &[(
            "main.hcl",
            r#"
provider "aws" {
  region = "eu-west-1"
}
import {
  to = aws_cloudwatch_event_rule.r
  id = "nightly"
}
import {
  to = aws_iam_role.role
  id = "ops"
}
resource "aws_cloudwatch_event_rule" "r" {
  name                = "nightly"
  schedule_expression = "rate(12 hours)"
}
resource "aws_iam_role" "role" {
  name               = "ops"
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [] })
}
"#,
        )],
    );
    let r = c.run(&["plan", dir.to_str().unwrap(), "--detailed-exitcode"]);
    assert_eq!(r.code, 2, "{}", r.transcript());
    assert!(r.stdout.contains("# aws_iam_role.role will be imported"), "{}", r.stdout);
    assert!(r.stdout.contains(r#"# (imported from "nightly")"#), "{}", r.stdout);
    assert!(r.stdout.contains(r#"~ schedule_expression = "rate(1 day)" -> "rate(12 hours)""#), "{}", r.stdout);
    assert!(r.stdout.ends_with("Plan: 2 to import, 0 to add, 1 to change, 0 to destroy.\n"), "{}", r.stdout);
    let a = c.apply_ok(&dir);
    assert!(a.stdout.contains("Resources: 2 imported, 0 added, 1 changed, 0 destroyed."), "{}", a.stdout);
    assert!(!a.stderr.contains("Creating"), "nothing created: {}", a.stderr);
    assert_eq!(c.state_list(), ["aws_cloudwatch_event_rule.r", "aws_iam_role.role"]);
    assert_eq!(c.run(&["plan", dir.to_str().unwrap(), "--detailed-exitcode"]).code, 0);

    // A malformed id and a missing object are diagnostics, before anything runs.
    let bad = c.config(
        "bad",
        &[(
            "main.hcl",
            r#"
provider "aws" {
  region = "eu-west-1"
}
import {
  to = aws_cloudwatch_event_target.t
  id = "no-slashes"
}
import {
  to = aws_iam_role.ghost
  id = "ghost"
}
resource "aws_cloudwatch_event_target" "t" {
  rule = "nightly"
  arn  = "arn:aws:sns:eu-west-1:123456789012:t"
}
resource "aws_iam_role" "ghost" {
  name               = "ghost"
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [] })
}
"#,
        )],
    );
    std::fs::remove_file(c.state()).unwrap();
    let r = c.run(&["plan", bad.to_str().unwrap()]);
    assert_eq!(r.code, 1, "{}", r.transcript());
    assert!(r.stderr.contains("is not an import id for `aws_cloudwatch_event_target`"), "{}", r.stderr);
    assert!(r.stderr.contains(r#"no object with id "ghost" exists"#), "{}", r.stderr);
}

#[test]
fn an_existing_service_linked_role_is_planned_as_an_import() {
    let c = Ctx::new();
    let slr = c.config("slr", &[("main.hcl", "provider \"aws\" {\n  region = \"us-east-1\"\n}\nresource \"aws_iam_service_linked_role\" \"i\" {\n  aws_service_name = \"inspector.amazonaws.com\"\n}\n")]);
    c.apply_ok(&slr);
    std::fs::remove_file(c.state()).unwrap();
    let r = c.run(&["plan", slr.to_str().unwrap()]);
    assert!(r.stdout.contains("# aws_iam_service_linked_role.i will be imported"), "{}", r.stdout);
    assert!(r.stdout.ends_with("Plan: 1 to import, 0 to add, 0 to change, 0 to destroy.\n"), "{}", r.stdout);
    let a = c.apply_ok(&slr);
    assert!(a.stdout.contains("1 imported, 0 added"), "{}", a.stdout);
}

#[test]
fn an_aliased_provider_with_assume_role_manages_another_account() {
    let c = Ctx::new();
    let dir = c.config(
        "accounts",
        &[(
            "main.hcl",
            r#"
provider "aws" {
  region = "us-east-1"
}
provider "aws" {
  alias  = "member"
  region = "us-east-1"
  assume_role {
    role_arn = "arn:aws:iam::222222222222:role/baseline"
  }
}
resource "aws_cloudwatch_event_rule" "here" {
  name                = "here"
  schedule_expression = "rate(1 day)"
}
resource "aws_cloudwatch_event_rule" "there" {
  provider            = aws.member
  name                = "there"
  schedule_expression = "rate(1 day)"
}
"#,
        )],
    );
    let r = c.apply_ok(&dir);
    assert!(
        r.stderr.contains("arn:aws:events:us-east-1:222222222222:rule/there") || r.stdout.contains("2 added"),
        "{}",
        r.transcript()
    );
    let member: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(c.dir.path().join("sandbox-222222222222.json")).unwrap())
            .unwrap();
    assert_eq!(member["account_id"], "222222222222");
    assert!(member["regions"]["us-east-1"]["events"]["rules"]["there"].is_object(), "{member}");
    assert!(member["regions"]["us-east-1"]["events"]["rules"].get("here").is_none());
    let home = c.sandbox_json();
    assert!(home["regions"]["us-east-1"]["events"]["rules"].get("there").is_none(), "not in the first account");
    let state: serde_json::Value = c.state_view();
    let there = state["resources"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["address"] == "aws_cloudwatch_event_rule.there")
        .unwrap();
    assert_eq!(there["provider"], "aws.member");
    assert_eq!(there["attributes"]["arn"], "arn:aws:events:us-east-1:222222222222:rule/there");
    assert_eq!(c.run(&["plan", dir.to_str().unwrap(), "--detailed-exitcode"]).code, 0);
    let r = c.run(&["destroy", dir.to_str().unwrap(), "--auto-approve"]);
    assert_eq!(r.code, 0, "{}", r.transcript());
}

#[test]
fn data_sources_take_for_each_and_region_too() {
    let c = Ctx::new();
    let dir = c.config(
        "data",
        &[(
            "main.hcl",
            r#"
provider "aws" {
  region = "us-east-1"
}
variable "regions" {
  type    = set(string)
  default = ["eu-west-1", "ap-northeast-1"]
}
data "aws_inspector_rules_packages" "rules" {
  for_each = var.regions
  region   = each.key
}
resource "aws_inspector_assessment_target" "all" {
  for_each = var.regions
  region   = each.key
  name     = "all"
}
resource "aws_inspector_assessment_template" "t" {
  for_each           = var.regions
  region             = each.key
  name               = "t"
  target_arn         = aws_inspector_assessment_target.all[each.key].arn
  duration           = 3600
  rules_package_arns = data.aws_inspector_rules_packages.rules[each.key].arns
}
"#,
        )],
    );
    let r = c.run(&["plan", dir.to_str().unwrap()]);
    assert_eq!(r.code, 0, "{}", r.transcript());
    // Each region's own rules packages (Tokyo's from the article, Ireland's).
    assert!(r.stdout.contains("arn:aws:inspector:ap-northeast-1:406045910587:rulespackage/0-gHP9oWNT"), "{}", r.stdout);
    assert!(r.stdout.contains("arn:aws:inspector:eu-west-1:"), "{}", r.stdout);
    assert!(r.stdout.contains(r#"# aws_inspector_assessment_template.t["eu-west-1"] will be created"#), "{}", r.stdout);
    c.apply_ok(&dir);
    assert_eq!(c.run(&["plan", dir.to_str().unwrap(), "--detailed-exitcode"]).code, 0);
}

#[test]
fn a_directory_of_tf_files_plans_as_the_same_hcl_does() {
    let c = Ctx::new();
    let text = std::fs::read_to_string(Ctx::example().join("main.hcl")).unwrap();
    // Split where a resource starts, as a Terraform user spreads a config over files.
    let at = text.find("resource \"aws_cloudwatch_event_rule\"").expect("the example has a rule");
    let tf = c.config("tf", &[("b_events.tf", &text[at..]), ("a_main.tf", &text[..at])]);
    let hcl = c.config("hcl", &[("main.hcl", &text)]);
    let from_tf = c.run(&["plan", tf.to_str().unwrap()]);
    let from_hcl = c.run(&["plan", hcl.to_str().unwrap()]);
    assert_eq!(from_tf.code, 0, "{}", from_tf.transcript());
    assert_eq!(from_tf.stdout, from_hcl.stdout);
    assert!(from_tf.stdout.contains("Plan: 6 to add, 0 to change, 0 to destroy."), "{}", from_tf.stdout);
}

#[test]
fn variables_come_from_the_environment_and_automatic_files_in_terraforms_order() {
    let c = Ctx::new();
    // Each variable is set by every source up to one; the name of the highest wins.
    let main = r#"
provider "aws" { region = "us-east-1" }
variable "a" { type = string }
variable "b" { type = string }
variable "c" { type = string }
variable "d" { type = string }
variable "e" { type = string }
variable "n" { type = number }
resource "aws_inspector_assessment_target" "t" {
  name = join("+", [var.a, var.b, var.c, var.d, var.e, "${var.n}"])
}
"#;
    let dir = c.config(
        "vars",
        &[
            ("main.tf", main),
            ("terraform.tfvars", "b = \"tfvars\"\nc = \"tfvars\"\nd = \"tfvars\"\ne = \"tfvars\"\n"),
            ("terraform.tfvars.json", r#"{"c": "json", "d": "json", "e": "json"}"#),
            ("b.auto.tfvars", "d = \"auto-b\"\n"),
            ("a.auto.tfvars.json", r#"{"d": "auto-a", "e": "auto-a"}"#),
        ],
    );
    let flag_file = c.config("flags", &[("flag.tfvars", "e = \"file\"\n")]).join("flag.tfvars");
    let env = [("TF_VAR_a", "env"), ("TF_VAR_b", "env"), ("TF_VAR_n", "7"), ("TF_VAR_undeclared", "ignored")];
    let r = c.run_env(&["plan", dir.to_str().unwrap()], &env);
    assert_eq!(r.code, 0, "{}", r.transcript());
    // a: environment; b: terraform.tfvars; c: terraform.tfvars.json; d: the last *.auto.tfvars
    // in lexical order; e: the last automatic file; n: a number from the environment.
    assert!(r.stdout.contains(r#"+ name   = "env+tfvars+json+auto-b+auto-a+7""#), "{}", r.stdout);
    // --var-file and --var come after every automatic file.
    let file = flag_file.to_str().unwrap();
    let r = c.run_env(&["plan", dir.to_str().unwrap(), "--var-file", file], &env);
    assert!(r.stdout.contains(r#""env+tfvars+json+auto-b+file+7""#), "{}", r.stdout);
    let r = c.run_env(&["plan", dir.to_str().unwrap(), "--var-file", file, "--var", "e=flag"], &env);
    assert!(r.stdout.contains(r#""env+tfvars+json+auto-b+flag+7""#), "{}", r.stdout);
}

/// Colour is only paint: with `CLICOLOR_FORCE` the plan, stripped of its escape codes, is
/// the plain plan character for character (padding is computed before painting); `NO_COLOR`
/// wins over it.
#[test]
fn colour_forced_for_ci_logs_changes_nothing_but_paint() {
    let c = Ctx::new();
    let plain = c.run_env(&["plan", &ex()], &[("NO_COLOR", ""), ("CLICOLOR_FORCE", "")]);
    let coloured = c.run_env(&["plan", &ex()], &[("NO_COLOR", ""), ("CLICOLOR_FORCE", "1")]);
    assert_eq!(plain.code, 0, "{}", plain.transcript());
    assert!(coloured.stdout.contains("\u{1b}["), "coloured: {}", coloured.stdout);
    let stripped = regex::Regex::new("\u{1b}\\[[0-9;]*m").unwrap().replace_all(&coloured.stdout, "");
    assert_eq!(stripped, plain.stdout);
    let off = c.run_env(&["plan", &ex()], &[("NO_COLOR", "1"), ("CLICOLOR_FORCE", "1")]);
    assert!(!off.stdout.contains("\u{1b}["), "{}", off.stdout);
}

/// `--target` plans only the targets and what they depend on (with Terraform's warning);
/// `destroy --target` takes what depends on the target too; `--replace` replaces an unchanged
/// instance; a saved plan takes neither.
#[test]
fn target_and_replace_focus_the_plan_as_terraform_does() {
    let c = Ctx::new();
    let cfg = r#"provider "aws" { region = "us-east-1" }
resource "aws_iam_role" "r" {
  name               = "r"
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "events.amazonaws.com" } }] })
}
resource "aws_iam_role_policy" "p" {
  name   = "p"
  role   = aws_iam_role.r.name
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "inspector:StartAssessmentRun", Resource = "*" }] })
}
resource "aws_cloudwatch_event_rule" "e" {
  for_each            = toset(["a", "b"])
  name                = "rule-${each.key}"
  schedule_expression = "rate(1 day)"
}
"#;
    let dir = c.config("focus", &[("main.tf", cfg)]);
    let d = dir.to_str().unwrap();
    let r = c.run(&["plan", d, "--target", "aws_iam_role_policy.p"]);
    assert_eq!(r.code, 0, "{}", r.transcript());
    assert!(r.stderr.contains("Resource targeting is in effect"), "{}", r.stderr);
    assert!(r.stdout.contains("Plan: 2 to add, 0 to change, 0 to destroy."), "{}", r.stdout);
    assert!(!r.stdout.contains("aws_cloudwatch_event_rule"), "{}", r.stdout);
    let r = c.run(&["apply", d, "--auto-approve", "--target", "aws_cloudwatch_event_rule.e[\"b\"]"]);
    assert_eq!(r.code, 0, "{}", r.transcript());
    assert_eq!(c.state_list(), vec!["aws_cloudwatch_event_rule.e[\"b\"]"]);
    c.apply_ok(&dir);

    let r = c.run(&["plan", d, "--replace", "aws_cloudwatch_event_rule.e[\"a\"]"]);
    assert_eq!(r.code, 0, "{}", r.transcript());
    assert!(r.stdout.contains("aws_cloudwatch_event_rule.e[\"a\"] must be replaced"), "{}", r.stdout);
    assert!(r.stdout.contains("replacement was requested with --replace"), "{}", r.stdout);
    assert!(r.stdout.contains("Plan: 1 to add, 0 to change, 1 to destroy."), "{}", r.stdout);

    let r = c.run(&["destroy", d, "--auto-approve", "--target", "aws_iam_role.r"]);
    assert_eq!(r.code, 0, "{}", r.transcript());
    assert!(r.stdout.contains("Destroy complete! Resources: 2 destroyed."), "{}", r.stdout);
    assert_eq!(c.state_list().len(), 2, "the rules stay");

    let r = c.run(&["plan", d, "--target", "not an address"]);
    assert_eq!(r.code, 1, "{}", r.transcript());
    let plan = c.dir.path().join("p.plan");
    assert_eq!(c.run(&["plan", d, "--out", plan.to_str().unwrap()]).code, 0);
    let r = c.run(&["apply", plan.to_str().unwrap(), "--target", "aws_iam_role.r"]);
    assert_eq!(r.code, 1, "{}", r.transcript());
    assert!(r.stderr.contains("cannot take --target"), "{}", r.stderr);
}

/// As Terraform: a destroy leaves no outputs, so `output NAME` no longer names what is gone;
/// Terraform's single-dash spellings of the flags are accepted.
#[test]
fn destroy_removes_the_outputs_and_single_dash_flags_work() {
    let ctx = Ctx::new();
    let cfg = "resource \"terraform_data\" \"a\" {\n  input = \"v\"\n}\noutput \"o\" {\n  value = terraform_data.a.output\n}\n";
    let dir = ctx.config("d", &[("main.tf", cfg)]);
    let d = dir.to_str().unwrap();
    let st = ctx.state();
    let st = st.to_str().unwrap();
    let r = ctx.run(&["apply", d, "-auto-approve", "-no-color"]);
    assert_eq!(r.code, 0, "{}", r.transcript());
    let r = ctx.run(&["output", "o", "-json", "-state", st]);
    assert_eq!((r.code, r.stdout.as_str()), (0, "\"v\"\n"), "{}", r.transcript());
    let r = ctx.run(&["destroy", d, "-auto-approve"]);
    assert_eq!(r.code, 0, "{}", r.transcript());
    let r = ctx.run(&["output", "o", "--state", st]);
    assert_eq!(r.code, 1, "{}", r.transcript());
    assert!(r.stderr.contains("no output named"), "{}", r.stderr);
}
