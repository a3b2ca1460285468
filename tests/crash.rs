//! Crash safety: applies killed with SIGKILL at random points, on the sandbox and on moto.
//! After each kill, the state must load, the next apply must converge (a clean plan after it),
//! and no object in the account may be missing from the state.

mod common;

use std::collections::BTreeSet;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::moto::Moto;
use common::Ctx;

/// A config of `n` roles (each with an inline policy: two calls to create), rules with a target,
/// topics, and Inspector filters (AWS chooses their ARN: a second create makes a second one):
/// every kind of create the journal has to cover.
fn config(n: usize) -> String {
    let mut out = String::from("provider \"aws\" { region = \"us-east-1\" }\n");
    for i in 0..n {
        out.push_str(&format!(
            r#"
resource "aws_iam_role" "r{i}" {{
  name               = "role-{i}"
  assume_role_policy = jsonencode({{ Version = "2012-10-17", Statement = [{{ Effect = "Allow", Action = "sts:AssumeRole", Principal = {{ Service = "events.amazonaws.com" }} }}] }})
  inline_policy {{
    name   = "p"
    policy = jsonencode({{ Version = "2012-10-17", Statement = [{{ Effect = "Allow", Action = "inspector:StartAssessmentRun", Resource = "*" }}] }})
  }}
}}
resource "aws_cloudwatch_event_rule" "e{i}" {{
  name                = "rule-{i}"
  schedule_expression = "rate(1 day)"
  tags                = {{ n = "{i}" }}
}}
resource "aws_cloudwatch_event_target" "t{i}" {{
  rule      = aws_cloudwatch_event_rule.e{i}.name
  target_id = "t"
  arn       = "arn:aws:sns:us-east-1:123456789012:x"
}}
resource "aws_sns_topic" "s{i}" {{
  name = "topic-{i}"
}}
"#
        ));
        out.push_str(&common::suppression_filter(i));
    }
    out
}

/// A small deterministic generator (the same delays on every run of the test).
struct Lcg(u64);

impl Lcg {
    fn unit(&mut self) -> f64 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (self.0 >> 11) as f64 / (1u64 << 53) as f64
    }
}

fn baseline(dir: &Path, args: &[&str], env: &[(String, String)]) -> Command {
    common::bare(dir, args, env)
}

/// What the state records, as `(type, name)` (a filter's ARN: names do not tell them apart).
fn recorded(dir: &Path) -> BTreeSet<(String, String)> {
    let state = common::state_view(&dir.join("terraform.tfstate"));
    state["resources"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .map(|r| {
            let a = &r["attributes"];
            let ty = r["type"].as_str().unwrap().to_string();
            let key = if ty == "aws_inspector2_filter" { &a["arn"] } else { &a["name"] };
            (ty, key.as_str().unwrap_or_default().to_string())
        })
        .collect()
}

/// Runs an uninterrupted apply (after `reset`) and returns how long it took.
fn measure(dir: &Path, args: &[&str], env: &[(String, String)], reset: &dyn Fn()) -> Duration {
    reset();
    let apply: Vec<&str> = [&["apply", "."], args, &["--auto-approve"]].concat();
    let start = Instant::now();
    let out = baseline(dir, &apply, env).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    start.elapsed()
}

/// After `reset`, kills `apply` once after a share `at` of `full`; then the next apply must
/// converge and nothing in `account` (its `(type, name)` objects) may be unrecorded. Returns
/// whether the kill landed inside the apply.
fn kill_and_recover(
    dir: &Path,
    args: &[&str],
    env: &[(String, String)],
    full: Duration,
    at: f64,
    account: &dyn Fn() -> BTreeSet<(String, String)>,
    reset: &dyn Fn(),
) -> bool {
    let apply: Vec<&str> = [&["apply", "."], args, &["--auto-approve"]].concat();
    let plan: Vec<&str> = [&["plan", "."], args, &["--detailed-exitcode"]].concat();
    reset();
    let mut child = baseline(dir, &apply, env).stdout(Stdio::null()).stderr(Stdio::null()).spawn().unwrap();
    std::thread::sleep(full.mul_f64(at));
    let _ = child.kill(); // SIGKILL
    let interrupted = !child.wait().unwrap().success();
    // A request the killed run had sent may still be in the server (as it may be in AWS). AWS
    // refuses a second filter of the same name, and the next run adopts the first; moto does
    // not, so let it finish before the next run looks.
    std::thread::sleep(Duration::from_millis(300));
    let recovery = baseline(dir, &apply, env).output().unwrap();
    let transcript =
        format!("{}{}", String::from_utf8_lossy(&recovery.stdout), String::from_utf8_lossy(&recovery.stderr));
    assert!(recovery.status.success(), "kill at {at:.2}: the apply after it failed:\n{transcript}");
    let out = baseline(dir, &plan, env).output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "kill at {at:.2}: not converged:\n{}\n--- the recovery apply:\n{transcript}",
        String::from_utf8_lossy(&out.stdout)
    );
    let missing: Vec<_> = account().difference(&recorded(dir)).cloned().collect();
    assert!(missing.is_empty(), "kill at {at:.2}: in the account but not in the state: {missing:?}");
    interrupted
}

fn remove_state(dir: &Path) {
    for f in ["terraform.tfstate", "terraform.tfstate.backup", "terraform.tfstate.journal"] {
        let _ = std::fs::remove_file(dir.join(f));
    }
}

#[test]
fn applies_killed_at_random_points_on_the_sandbox_recover() {
    let c = Ctx::new();
    let dir = c.config("cfg", &[("main.tf", &config(12))]);
    let sandbox = c.sandbox();
    let args = ["--sandbox", "--sandbox-file", sandbox.to_str().unwrap(), "--parallelism", "4"];
    let account = || {
        let Ok(text) = std::fs::read_to_string(&sandbox) else { return BTreeSet::new() };
        let sb: serde_json::Value = serde_json::from_str(&text).unwrap();
        let region = &sb["regions"]["us-east-1"];
        let names = |v: &serde_json::Value, ty: &str| -> Vec<(String, String)> {
            v.as_object().map(|m| m.keys().map(|k| (ty.to_string(), k.clone())).collect()).unwrap_or_default()
        };
        let mut out = BTreeSet::new();
        out.extend(names(&sb["iam"]["roles"], "aws_iam_role"));
        out.extend(names(&region["events"]["rules"], "aws_cloudwatch_event_rule"));
        out.extend(names(&region["sns"]["topics"], "aws_sns_topic"));
        out.extend(names(&region["inspector2"]["filters"], "aws_inspector2_filter"));
        out
    };
    let reset = || {
        remove_state(&dir);
        let _ = std::fs::remove_file(&sandbox);
    };
    let full = measure(&dir, &args, &[], &reset);
    let mut rng = Lcg(7);
    let runs = 20;
    // Every other run snapshots after every action: kills land between snapshots, journal
    // resets and appends alike.
    let often = [("BASELINE_SNAPSHOT_INTERVAL".to_string(), "0s".to_string())];
    let interrupted = (0..runs)
        .filter(|i| {
            let env: &[(String, String)] = if i % 2 == 0 { &often } else { &[] };
            kill_and_recover(&dir, &args, env, full, 0.05 + 0.9 * rng.unit(), &account, &reset)
        })
        .count();
    assert!(interrupted >= 15, "most kills land inside the apply ({interrupted} of {runs})");
}

#[test]
fn applies_killed_at_random_points_against_moto_recover() {
    let c = Ctx::new();
    let dir = c.config("cfg", &[("main.tf", &config(4))]);
    let rt = tokio::runtime::Runtime::new().unwrap();
    let env_of = |m: &Moto| -> Vec<(String, String)> { m.env().into_iter().map(|(k, v)| (k.to_string(), v)).collect() };
    let full = {
        let m = Moto::start();
        measure(&dir, &[], &env_of(&m), &|| remove_state(&dir))
    };
    let mut rng = Lcg(11);
    let runs = 10;
    let mut interrupted = 0;
    for _ in 0..runs {
        // A fresh, empty account each round.
        let m = Moto::start();
        let conf = rt.block_on(m.sdk_config("us-east-1"));
        let (iam, events, sns) =
            (aws_sdk_iam::Client::new(&conf), aws_sdk_eventbridge::Client::new(&conf), aws_sdk_sns::Client::new(&conf));
        let i2 = aws_sdk_inspector2::Client::new(&conf);
        let account = || {
            rt.block_on(async {
                let mut out = BTreeSet::new();
                for r in iam.list_roles().send().await.unwrap().roles() {
                    out.insert(("aws_iam_role".to_string(), r.role_name().to_string()));
                }
                for r in events.list_rules().send().await.unwrap().rules() {
                    out.insert(("aws_cloudwatch_event_rule".to_string(), r.name().unwrap_or_default().to_string()));
                }
                for t in sns.list_topics().send().await.unwrap().topics() {
                    let name = t.topic_arn().unwrap_or_default().rsplit(':').next().unwrap_or_default();
                    out.insert(("aws_sns_topic".to_string(), name.to_string()));
                }
                for f in i2.list_filters().send().await.unwrap().filters() {
                    out.insert(("aws_inspector2_filter".to_string(), f.arn().to_string()));
                }
                out
            })
        };
        let at = 0.05 + 0.9 * rng.unit();
        interrupted +=
            usize::from(kill_and_recover(&dir, &[], &env_of(&m), full, at, &account, &|| remove_state(&dir)));
    }
    assert!(interrupted >= 6, "most kills land inside an apply ({interrupted} of {runs})");
}

/// A create whose call took effect but whose response was lost: the run fails, its journal
/// keeps the intent, and the next run finds the object by its name and takes it in (shown as
/// an import) instead of failing on "already exists" forever.
#[test]
fn a_create_whose_response_was_lost_is_found_by_the_next_run() {
    let c = Ctx::new();
    let dir = c.config("cfg", &[("main.tf", &config(1))]);
    let sandbox = c.sandbox();
    let args = ["--sandbox", "--sandbox-file", sandbox.to_str().unwrap()];
    let apply: Vec<&str> = [&["apply", "."][..], &args, &["--auto-approve"]].concat();
    let lose = [("BASELINE_SANDBOX_FAIL".to_string(), "iam:CreateRole@after,sns:CreateTopic@after".to_string())];
    let out = baseline(&dir, &apply, &lose).output().unwrap();
    assert!(!out.status.success());
    assert!(dir.join("terraform.tfstate.journal").exists(), "the unknown outcomes stay journalled");
    let out = baseline(&dir, &apply, &[]).output().unwrap();
    let (stdout, stderr) = (String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(out.status.success(), "{stderr}");
    assert!(stdout.contains(r#"(imported from "role-0")"#), "{stdout}");
    assert!(!stdout.contains("aws_iam_role.r0 will be created"), "{stdout}");
    assert!(!dir.join("terraform.tfstate.journal").exists(), "settled");
    let plan: Vec<&str> = [&["plan", "."][..], &args, &["--detailed-exitcode"]].concat();
    assert_eq!(baseline(&dir, &plan, &[]).output().unwrap().status.code(), Some(0));
}

/// "Already exists" on a create: an object that is exactly what the create would have made (a
/// retried call that had succeeded) is adopted and completed; any other is a real conflict.
#[test]
fn already_exists_adopts_only_the_object_the_create_would_have_made() {
    let c = Ctx::new();
    let dir = c.config("cfg", &[("main.tf", &config(1))]);
    let sandbox = c.sandbox();
    let args = ["--sandbox", "--sandbox-file", sandbox.to_str().unwrap()];
    let apply: Vec<&str> = [&["apply", "."][..], &args, &["--auto-approve"]].concat();
    // Made by a first apply, then forgotten by the state: as if the create's response was lost.
    assert!(baseline(&dir, &apply, &[]).output().unwrap().status.success());
    remove_state(&dir);
    let out = baseline(&dir, &apply, &[]).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(stderr.contains("role-0 already exists as planned"), "{stderr}");
    // Another trust policy: not what this create would have made.
    remove_state(&dir);
    let text =
        std::fs::read_to_string(dir.join("main.tf")).unwrap().replace("events.amazonaws.com", "lambda.amazonaws.com");
    std::fs::write(dir.join("main.tf"), text).unwrap();
    let out = baseline(&dir, &apply, &[]).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(stderr.contains("EntityAlreadyExists"), "{stderr}");
}

/// SIGTERM (how CI cancels a job): no new action starts, those in progress finish and are
/// recorded, the lock is released, and the run exits 1 saying what happened; the next apply
/// finishes the job.
#[test]
fn sigterm_stops_starting_actions_and_records_the_rest() {
    let c = Ctx::new();
    let dir = c.config("cfg", &[("main.tf", &config(12))]);
    let sandbox = c.sandbox();
    let args = ["--sandbox", "--sandbox-file", sandbox.to_str().unwrap(), "--parallelism", "1"];
    let reset = || {
        remove_state(&dir);
        let _ = std::fs::remove_file(&sandbox);
    };
    reset();
    let apply: Vec<&str> = [&["apply", "."][..], &args, &["--auto-approve"]].concat();
    let mut child = baseline(&dir, &apply, &[]).stdout(Stdio::null()).stderr(Stdio::piped()).spawn().unwrap();
    // Signalled as soon as the first action has completed: most are still to come.
    let mut stderr = String::new();
    let mut sent = false;
    for line in std::io::BufRead::lines(std::io::BufReader::new(child.stderr.take().unwrap())) {
        let line = line.unwrap();
        if !sent && line.contains("Creation complete") {
            let status = Command::new("kill").args(["-TERM", &child.id().to_string()]).status().unwrap();
            assert!(status.success());
            sent = true;
        }
        stderr.push_str(&line);
        stderr.push('\n');
    }
    let out = child.wait_with_output().unwrap();
    assert!(sent, "{stderr}");
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("apply stopped on request"), "{stderr}");
    assert!(stderr.contains("not started"), "{stderr}");
    assert!(!dir.join("terraform.tfstate.lock").exists(), "the lock is released");
    assert!(!dir.join("terraform.tfstate.journal").exists(), "everything started was recorded");
    let out = baseline(&dir, &apply, &[]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let plan: Vec<&str> = [&["plan", "."][..], &args, &["--detailed-exitcode"]].concat();
    assert_eq!(baseline(&dir, &plan, &[]).output().unwrap().status.code(), Some(0));
}

/// A tenth of all calls take effect and lose their response (sandbox fault `lose:0.1`): each
/// lossy run makes progress, none leaves an object the state does not know, and the account
/// converges.
#[test]
fn runs_losing_a_tenth_of_their_responses_converge() {
    let c = Ctx::new();
    let dir = c.config("cfg", &[("main.tf", &config(8))]);
    let sandbox = c.sandbox();
    let args = ["--sandbox", "--sandbox-file", sandbox.to_str().unwrap()];
    let apply: Vec<&str> = [&["apply", "."][..], &args, &["--auto-approve"]].concat();
    let lossy = [("BASELINE_SANDBOX_FAIL".to_string(), "lose:0.1".to_string())];
    let mut runs = 0;
    while runs < 12 && !baseline(&dir, &apply, &lossy).output().unwrap().status.success() {
        runs += 1;
    }
    assert!(runs < 12, "lossy runs keep making progress");
    let plan: Vec<&str> = [&["plan", "."][..], &args, &["--detailed-exitcode"]].concat();
    let out = baseline(&dir, &plan, &[]).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stdout));
    let sb: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&sandbox).unwrap()).unwrap();
    let roles: BTreeSet<(String, String)> =
        sb["iam"]["roles"].as_object().unwrap().keys().map(|k| ("aws_iam_role".to_string(), k.clone())).collect();
    let state = recorded(&dir);
    let missing: Vec<_> = roles.difference(&state).collect();
    assert!(missing.is_empty(), "{missing:?}");
}
