//! The S3 backend against moto's S3 (which honours conditional writes): state kept in the
//! bucket, Terraform-format locks, compare-and-swap writes, workspaces, `--backend-config`,
//! `force-unlock`, and a run killed while holding the lock.

mod common;

use std::os::unix::process::ExitStatusExt;
use std::path::Path;
use std::process::Stdio;

use common::moto::Moto;
use common::Ctx;

const BUCKET: &str = "tf-state";

fn config(extra_backend: &str) -> String {
    format!(
        r#"
terraform {{
  backend "s3" {{
    bucket         = "{BUCKET}"
    region         = "us-east-1"
    use_lockfile   = true
    use_path_style = true
    {extra_backend}
  }}
}}
provider "aws" {{ region = "us-east-1" }}
resource "aws_cloudwatch_event_rule" "r" {{
  name                = "nightly-${{terraform.workspace}}"
  schedule_expression = "rate(1 day)"
}}
"#
    )
}

fn env(m: &Moto) -> Vec<(String, String)> {
    let mut e: Vec<(String, String)> = m.env().into_iter().map(|(k, v)| (k.to_string(), v)).collect();
    e.push(("AWS_REGION".into(), "us-east-1".into()));
    e
}

fn baseline(dir: &Path, args: &[&str], env: &[(String, String)]) -> common::Run {
    common::Run::of(common::bare(dir, args, env).output().unwrap())
}

async fn s3(m: &Moto) -> aws_sdk_s3::Client {
    let conf = m.sdk_config("us-east-1").await;
    let c = aws_sdk_s3::Client::from_conf(aws_sdk_s3::config::Builder::from(&conf).force_path_style(true).build());
    let _ = c.create_bucket().bucket(BUCKET).send().await;
    c
}

async fn object(c: &aws_sdk_s3::Client, key: &str) -> Option<serde_json::Value> {
    let out = c.get_object().bucket(BUCKET).key(key).send().await.ok()?;
    serde_json::from_slice(&out.body.collect().await.ok()?.into_bytes()).ok()
}

#[tokio::test(flavor = "multi_thread")]
async fn the_state_lives_in_s3_per_workspace_and_the_lock_is_gone_after_the_run() {
    let m = Moto::start();
    let c = Ctx::new();
    let s3 = s3(&m).await;
    let dir = c.config("cfg", &[("main.tf", &config(""))]);
    let d = dir.to_str().unwrap();
    let e = env(&m);
    // The key is kept out of the configuration.
    let r = baseline(&dir, &["apply", d, "--auto-approve", "--backend-config", "key=security/baseline.tfstate"], &e);
    assert_eq!(r.code, 0, "{}", r.transcript());
    let state = object(&s3, "security/baseline.tfstate").await.expect("the state is in the bucket");
    // In Terraform's format: instances grouped under their resource.
    assert_eq!(state["version"], 4);
    assert_eq!(state["resources"][0]["instances"][0]["attributes"]["name"], "nightly-default");
    assert!(object(&s3, "security/baseline.tfstate.tflock").await.is_none(), "unlocked");
    assert!(!dir.join("terraform.tfstate").exists(), "nothing local");
    let r =
        baseline(&dir, &["plan", d, "--detailed-exitcode", "--backend-config", "key=security/baseline.tfstate"], &e);
    assert_eq!(r.code, 0, "{}", r.transcript());

    // A workspace: its own state at Terraform's place, and `terraform.workspace` in the config.
    let mut e2 = e.clone();
    e2.push(("TF_WORKSPACE".into(), "staging".into()));
    let key = "--backend-config=key=security/baseline.tfstate";
    let r = baseline(&dir, &["apply", d, "--auto-approve", key], &e2);
    assert_eq!(r.code, 0, "{}", r.transcript());
    let staged = object(&s3, "env:/staging/security/baseline.tfstate").await.expect("workspace state");
    assert_eq!(staged["resources"][0]["instances"][0]["attributes"]["name"], "nightly-staging");
    assert_ne!(staged["lineage"], state["lineage"]);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_terraform_lock_is_understood_waited_for_and_force_unlocked() {
    let m = Moto::start();
    let c = Ctx::new();
    let s3 = s3(&m).await;
    let dir = c.config("cfg", &[("main.tf", &config(r#"key = "b.tfstate""#))]);
    let d = dir.to_str().unwrap();
    let e = env(&m);
    // A lock as Terraform 1.10 writes it.
    let lock = r#"{"ID":"6a1c-terraform","Operation":"OperationTypeApply","Info":"","Who":"ci@runner","Version":"1.10.3","Created":"2026-12-02T09:00:00.000000Z","Path":"tf-state/b.tfstate"}"#;
    s3.put_object().bucket(BUCKET).key("b.tfstate.tflock").body(lock.as_bytes().to_vec().into()).send().await.unwrap();
    let r = baseline(&dir, &["plan", d], &e);
    assert_eq!(r.code, 1, "{}", r.transcript());
    assert!(r.stderr.contains("OperationTypeApply by ci@runner"), "{}", r.stderr);
    assert!(r.stderr.contains("6a1c-terraform"), "{}", r.stderr);
    let started = std::time::Instant::now();
    let r = baseline(&dir, &["plan", d, "--lock-timeout", "2s"], &e);
    assert_eq!(r.code, 1, "{}", r.transcript());
    assert!(started.elapsed() >= std::time::Duration::from_secs(2), "it waited");
    assert!(r.stderr.contains("Waiting up to 2s for the state lock"), "{}", r.stderr);
    let r = baseline(&dir, &["force-unlock", "6a1c-terraform", d], &e);
    assert_eq!(r.code, 1, "asks first: {}", r.transcript());
    let r = baseline(&dir, &["force-unlock", "--force", "wrong-id", d], &e);
    assert_eq!(r.code, 1, "{}", r.transcript());
    let r = baseline(&dir, &["force-unlock", "--force", "6a1c-terraform", d], &e);
    assert_eq!(r.code, 0, "{}", r.transcript());
    assert!(object(&s3, "b.tfstate.tflock").await.is_none());
    let r = baseline(&dir, &["apply", d, "--auto-approve"], &e);
    assert_eq!(r.code, 0, "{}", r.transcript());

    // A run killed while it holds the lock (stuck on an endpoint that never answers): its lock,
    // in Terraform's format, stays until force-unlock removes it; then the next run converges.
    let stall = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let stalled = format!("http://{}", stall.local_addr().unwrap());
    let mut e_stuck = e.clone();
    e_stuck.push(("AWS_ENDPOINT_URL_EVENTBRIDGE".into(), stalled));
    std::fs::write(dir.join("main.tf"), config(r#"key = "b.tfstate""#).replace("rate(1 day)", "rate(2 days)")).unwrap();
    let mut child = common::bare(&dir, &["apply", d, "--auto-approve"], &e_stuck)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut held = None;
    for _ in 0..200 {
        held = object(&s3, "b.tfstate.tflock").await;
        if held.is_some() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    let _ = child.kill();
    let _ = child.wait();
    drop(stall);
    let held = held.expect("the stuck run holds the lock");
    assert_eq!(held["Operation"], "OperationTypeApply");
    assert_eq!(held["Path"], "tf-state/b.tfstate");
    assert!(held["Who"].as_str().is_some_and(|w| w.contains('@')), "{held}");
    let id = held["ID"].as_str().unwrap().to_string();
    assert!(object(&s3, "b.tfstate.tflock").await.is_some(), "a killed run's lock stays");
    let r = baseline(&dir, &["plan", d], &e);
    assert_eq!(r.code, 1, "{}", r.transcript());
    assert!(r.stderr.contains(&id), "{}", r.transcript());
    let r = baseline(&dir, &["force-unlock", "--force", &id, d], &e);
    assert_eq!(r.code, 0, "{}", r.transcript());
    let r = baseline(&dir, &["apply", d, "--auto-approve"], &e);
    assert_eq!(r.code, 0, "{}", r.transcript());
    let r = baseline(&dir, &["plan", d, "--detailed-exitcode"], &e);
    assert_eq!(r.code, 0, "{}", r.transcript());
}

#[tokio::test(flavor = "multi_thread")]
async fn another_backend_is_refused_pointing_at_the_block() {
    let m = Moto::start();
    let c = Ctx::new();
    let cfg = config(r#"key = "k""#).replace("backend \"s3\"", "backend \"gcs\"");
    let dir = c.config("cfg", &[("main.tf", &cfg)]);
    let r = baseline(&dir, &["plan", dir.to_str().unwrap()], &env(&m));
    assert_eq!(r.code, 1, "{}", r.transcript());
    assert!(r.stderr.contains("the `gcs` backend is not supported"), "{}", r.stderr);
    assert!(r.stderr.contains("main.tf:3:"), "the error points at the block: {}", r.stderr);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_writer_that_lost_the_race_writes_nothing() {
    use baseline::state::s3::{S3Settings, S3Store};
    use baseline::state::{State, StateError, StateStore};
    let m = Moto::start();
    let s3 = s3(&m).await;
    for (k, v) in env(&m) {
        std::env::set_var(k, v);
    }
    let settings = S3Settings {
        bucket: BUCKET.into(),
        key: "race.tfstate".into(),
        region: Some("us-east-1".into()),
        use_lockfile: true,
        use_path_style: true,
        workspace_key_prefix: "env:".into(),
        endpoint: Some(m.url()),
        ..S3Settings::default()
    };
    let (a, b) = (S3Store::connect(settings.clone(), "default").await, S3Store::connect(settings, "default").await);
    // Both start from no state; the first write wins, the second is refused.
    assert!(a.read().await.unwrap().is_none());
    assert!(b.read().await.unwrap().is_none());
    let first = State::new();
    a.write(&first).await.unwrap();
    let second = State::new();
    assert!(matches!(b.write(&second).await, Err(StateError::Changed { .. })));
    assert_eq!(object(&s3, "race.tfstate").await.unwrap()["lineage"], first.lineage.as_str());
    // After reading again, b may write; a, holding a stale ETag, may not.
    let read = b.read().await.unwrap().unwrap();
    b.write(&State { serial: read.serial + 1, ..read }).await.unwrap();
    assert!(matches!(a.write(&first).await, Err(StateError::Changed { .. })));
    // One lock at a time.
    let held = a.lock("apply", "a@test").await.unwrap();
    match b.lock("plan", "b@test").await {
        Err(StateError::Locked { holder, .. }) => assert!(holder.contains("a@test"), "{holder}"),
        other => panic!("expected Locked, got {other:?}"),
    }
    drop(held);
    assert!(object(&s3, "race.tfstate.tflock").await.is_none(), "released on drop");
    b.lock("plan", "b@test").await.unwrap();
}

/// Adding the backend block to a configuration with a local state: the run says how to move
/// it; `state push` moves it (refusing another lineage or an older serial without `--force`);
/// `state pull` shows it.
#[tokio::test(flavor = "multi_thread")]
async fn a_local_state_is_moved_into_s3_with_state_push() {
    let m = Moto::start();
    let c = Ctx::new();
    let s3 = s3(&m).await;
    let e = env(&m);
    let with_backend = config(r#"key = "moved.tfstate""#);
    let local_only = with_backend[with_backend.find("provider").unwrap()..].to_string();
    let dir = c.config("cfg", &[("main.tf", &local_only)]);
    let d = dir.to_str().unwrap();
    let r = baseline(&dir, &["apply", d, "--auto-approve"], &e);
    assert_eq!(r.code, 0, "{}", r.transcript());
    let local = dir.join("terraform.tfstate");
    let lineage = serde_json::from_str::<serde_json::Value>(&std::fs::read_to_string(&local).unwrap()).unwrap()
        ["lineage"]
        .clone();

    std::fs::write(dir.join("main.tf"), &with_backend).unwrap();
    let r = baseline(&dir, &["plan", d], &e);
    assert_eq!(r.code, 1, "{}", r.transcript());
    assert!(r.stderr.contains("baseline state push"), "{}", r.stderr);
    let r = baseline(&dir, &["state", "push", local.to_str().unwrap(), d], &e);
    assert_eq!(r.code, 0, "{}", r.transcript());
    assert_eq!(object(&s3, "moved.tfstate").await.unwrap()["lineage"], lineage);
    std::fs::remove_file(&local).unwrap();
    let r = baseline(&dir, &["plan", d, "--detailed-exitcode"], &e);
    assert_eq!(r.code, 0, "{}", r.transcript());
    let r = baseline(&dir, &["state", "pull", d], &e);
    assert_eq!(r.code, 0, "{}", r.transcript());
    let pulled: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(pulled["lineage"], lineage);

    // Another state is not pushed over it without --force.
    let other = c.config("other", &[("main.tf", &local_only)]);
    let r = baseline(
        &other,
        &[
            "apply",
            other.to_str().unwrap(),
            "--auto-approve",
            "--sandbox",
            "--sandbox-file",
            c.sandbox().to_str().unwrap(),
        ],
        &e,
    );
    assert_eq!(r.code, 0, "{}", r.transcript());
    let foreign = other.join("terraform.tfstate");
    let r = baseline(&dir, &["state", "push", foreign.to_str().unwrap(), d], &e);
    assert_eq!(r.code, 1, "{}", r.transcript());
    assert!(r.stderr.contains("another state (lineage"), "{}", r.stderr);
    assert_eq!(object(&s3, "moved.tfstate").await.unwrap()["lineage"], lineage, "untouched");
}

/// `workspace new|select|list|show`: the selection is kept per configuration directory in
/// Terraform's file, and every run of the directory uses it.
#[tokio::test(flavor = "multi_thread")]
async fn workspaces_are_created_listed_and_selected() {
    let m = Moto::start();
    let c = Ctx::new();
    let s3 = s3(&m).await;
    let e = env(&m);
    let dir = c.config("cfg", &[("main.tf", &config(r#"key = "ws.tfstate""#))]);
    let d = dir.to_str().unwrap();
    let r = baseline(&dir, &["workspace", "new", "eu-west-1", d], &e);
    assert_eq!(r.code, 0, "{}", r.transcript());
    assert_eq!(std::fs::read_to_string(dir.join(".terraform/environment")).unwrap(), "eu-west-1");
    let r = baseline(&dir, &["workspace", "new", "eu-west-1", d], &e);
    assert_eq!(r.code, 1, "already exists: {}", r.transcript());
    let r = baseline(&dir, &["apply", d, "--auto-approve"], &e);
    assert_eq!(r.code, 0, "{}", r.transcript());
    let st = object(&s3, "env:/eu-west-1/ws.tfstate").await.unwrap();
    assert_eq!(st["resources"][0]["instances"][0]["attributes"]["name"], "nightly-eu-west-1");
    let r = baseline(&dir, &["workspace", "list", d], &e);
    assert_eq!(r.stdout, "  default\n* eu-west-1\n", "{}", r.transcript());
    let r = baseline(&dir, &["workspace", "select", "nope", d], &e);
    assert_eq!(r.code, 1, "{}", r.transcript());
    let r = baseline(&dir, &["workspace", "select", "default", d], &e);
    assert_eq!(r.code, 0, "{}", r.transcript());
    let r = baseline(&dir, &["workspace", "show", d], &e);
    assert_eq!(r.stdout, "default\n");
    let r = baseline(&dir, &["plan", d], &e);
    assert!(r.stdout.contains("nightly-default"), "{}", r.transcript());
}

/// `assume_role { role_arn }` in the backend: the state is read and written with that role's
/// credentials (moto's STS issues them).
#[tokio::test(flavor = "multi_thread")]
async fn the_backend_assumes_its_role() {
    let m = Moto::start();
    let c = Ctx::new();
    let s3 = s3(&m).await;
    let cfg = config("key = \"assumed.tfstate\"\n    assume_role {\n      role_arn = \"arn:aws:iam::123456789012:role/state-writer\"\n    }");
    let dir = c.config("cfg", &[("main.tf", &cfg)]);
    let r = baseline(&dir, &["apply", dir.to_str().unwrap(), "--auto-approve"], &env(&m));
    assert_eq!(r.code, 0, "{}", r.transcript());
    assert!(object(&s3, "assumed.tfstate").await.is_some());
}

/// `n` Inspector v2 filters: AWS gives each a new ARN on every create, so a filter made and not
/// recorded is an orphan, and a second create makes a second one.
fn filters(key: &str, n: usize) -> String {
    let mut out = format!(
        r#"
terraform {{
  backend "s3" {{
    bucket         = "{BUCKET}"
    key            = "{key}"
    region         = "us-east-1"
    use_lockfile   = true
    use_path_style = true
  }}
}}
provider "aws" {{ region = "us-east-1" }}
"#
    );
    for i in 0..n {
        out.push_str(&common::suppression_filter(i));
    }
    out
}

/// An apply killed between snapshots keeps its journal in the bucket, not on the runner: the
/// next run, from another working directory (another CI runner), takes every filter the killed
/// run made into the state and makes none twice.
#[tokio::test(flavor = "multi_thread")]
async fn a_killed_runs_journal_is_in_the_bucket_and_the_next_runner_replays_it() {
    let m = Moto::start();
    let c = Ctx::new();
    let s3 = s3(&m).await;
    let n = 16;
    let text = filters("j.tfstate", n);
    let first = c.config("runner-1", &[("main.tf", &text)]);
    let second = c.config("runner-2", &[("main.tf", &text)]);
    let mut e = env(&m);
    // No snapshot while the run lasts: what it made is only in the journal.
    e.push(("BASELINE_SNAPSHOT_INTERVAL".into(), "1h".into()));
    let d1 = first.to_str().unwrap();
    // The run's stderr is kept: if it ends before it is killed, the failure says why.
    let log = tempfile::NamedTempFile::new().unwrap();
    let mut child = common::bare(&first, &["apply", d1, "--auto-approve", "--parallelism", "1"], &e)
        .stdout(Stdio::null())
        .stderr(log.reopen().unwrap())
        .spawn()
        .unwrap();
    let i2 = aws_sdk_inspector2::Client::new(&m.sdk_config("us-east-1").await);
    let mut made = 0;
    // Polled by time, not by count: a loaded CI machine may take seconds to start the run.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(120);
    while std::time::Instant::now() < deadline {
        made = i2.list_filters().send().await.unwrap().filters().len();
        if made >= 4 || child.try_wait().unwrap().is_some() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    }
    let _ = child.kill(); // SIGKILL
    let status = child.wait().unwrap();
    let said = || std::fs::read_to_string(log.path()).unwrap_or_default();
    assert!(status.signal() == Some(9), "killed mid-run, not ended by itself ({status}): {}", said());
    let made = i2.list_filters().send().await.unwrap().filters().len().max(made);
    assert!(made > 0 && made < n, "killed part-way: {made} of {n} filters made; the run said: {}", said());
    let journal = s3.list_objects_v2().bucket(BUCKET).prefix("j.tfstate.journal/").send().await.unwrap();
    assert!(journal.contents().len() >= made, "the run journals into the bucket");
    let state = object(&s3, "j.tfstate").await;
    let in_state = state.as_ref().and_then(|s| s["resources"].as_array().map(Vec::len)).unwrap_or(0);
    assert!(in_state < made, "the snapshot lags the account ({in_state} recorded, {made} made)");

    // The other runner: the killed run's lock stays until force-unlock; its local files are gone.
    let d2 = second.to_str().unwrap();
    e.pop();
    let lock = object(&s3, "j.tfstate.tflock").await.expect("the killed run's lock");
    let r = baseline(&second, &["force-unlock", "--force", lock["ID"].as_str().unwrap(), d2], &e);
    assert_eq!(r.code, 0, "{}", r.transcript());
    let r = baseline(&second, &["apply", d2, "--auto-approve"], &e);
    assert_eq!(r.code, 0, "{}", r.transcript());
    assert!(r.stderr.contains("j.tfstate.journal/"), "the bucket's journal is named: {}", r.stderr);
    let r = baseline(&second, &["plan", d2, "--detailed-exitcode"], &e);
    assert_eq!(r.code, 0, "{}", r.transcript());
    let all = i2.list_filters().send().await.unwrap();
    let mut names: Vec<&str> = all.filters().iter().map(|f| f.name()).collect();
    names.sort();
    names.dedup();
    assert_eq!(all.filters().len(), n, "no filter made twice: {names:?}");
    assert_eq!(names.len(), n);
    let left = s3.list_objects_v2().bucket(BUCKET).prefix("j.tfstate.journal/").send().await.unwrap();
    assert!(left.contents().is_empty(), "the journal is settled");
}

/// CI cancelling a job sends SIGTERM, and again if the job does not stop. The first lets the
/// action in progress finish (here it never will: its endpoint does not answer); the second
/// abandons it at once. Either way the run records what completed, keeps the abandoned
/// create's intent in the bucket's journal and releases the S3 lock; the next run converges.
#[tokio::test(flavor = "multi_thread")]
async fn a_second_sigterm_abandons_the_stuck_action_and_releases_the_lock() {
    let m = Moto::start();
    let c = Ctx::new();
    let s3 = s3(&m).await;
    let text = config(r#"key = "t.tfstate""#) + "resource \"aws_sns_topic\" \"t\" { name = \"alerts\" }\n";
    let dir = c.config("cfg", &[("main.tf", &text)]);
    let d = dir.to_str().unwrap();
    let e = env(&m);
    let stall = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let mut stuck = e.clone();
    stuck.push(("AWS_ENDPOINT_URL_SNS".into(), format!("http://{}", stall.local_addr().unwrap())));
    let mut child = common::bare(&dir, &["apply", d, "--auto-approve", "--aws-timeout", "10m"], &stuck)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let pid = child.id().to_string();
    let lines = std::io::BufRead::lines(std::io::BufReader::new(child.stderr.take().unwrap()));
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for l in lines.map_while(Result::ok) {
            let _ = tx.send(l);
        }
    });
    let mut stderr = String::new();
    let wait_for = |what: &str, stderr: &mut String| {
        while !stderr.contains(what) {
            match rx.recv_timeout(std::time::Duration::from_secs(20)) {
                Ok(l) => {
                    stderr.push_str(&l);
                    stderr.push('\n');
                }
                Err(_) => return false,
            }
        }
        true
    };
    assert!(wait_for("aws_cloudwatch_event_rule.r: Creation complete", &mut stderr), "{stderr}");
    assert!(wait_for("aws_sns_topic.t: Creating...", &mut stderr), "{stderr}");
    let term = || assert!(std::process::Command::new("kill").args(["-TERM", &pid]).status().unwrap().success());
    term();
    assert!(wait_for("Stopping: no new action will start", &mut stderr), "{stderr}");
    std::thread::sleep(std::time::Duration::from_millis(500));
    assert!(child.try_wait().unwrap().is_none(), "the first signal waits for the action in progress");
    let second = std::time::Instant::now();
    term();
    let status = child.wait().unwrap();
    assert!(second.elapsed() < std::time::Duration::from_secs(10), "the second signal stops at once");
    wait_for("API call", &mut stderr);
    assert_eq!(status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("1 abandoned in progress"), "{stderr}");
    assert!(object(&s3, "t.tfstate.tflock").await.is_none(), "the lock is released");
    let state = object(&s3, "t.tfstate").await.expect("what completed is recorded");
    assert_eq!(state["resources"].as_array().unwrap().len(), 1, "{state}");
    let journal = s3.list_objects_v2().bucket(BUCKET).prefix("t.tfstate.journal/").send().await.unwrap();
    let mut intents = 0;
    for o in journal.contents() {
        let entry = object(&s3, o.key().unwrap()).await.unwrap();
        intents += usize::from(entry["kind"] == "intent" && entry["address"] == "aws_sns_topic.t");
    }
    assert_eq!(intents, 1, "the abandoned create's intent stays journalled");
    drop(stall);
    let r = baseline(&dir, &["apply", d, "--auto-approve"], &e);
    assert_eq!(r.code, 0, "{}", r.transcript());
    let r = baseline(&dir, &["plan", d, "--detailed-exitcode"], &e);
    assert_eq!(r.code, 0, "{}", r.transcript());
}

/// A plan stuck on an endpoint stops at the first signal (it has changed nothing) and releases
/// its lock.
#[tokio::test(flavor = "multi_thread")]
async fn a_signal_stops_a_stuck_plan_and_releases_the_lock() {
    let m = Moto::start();
    let c = Ctx::new();
    let s3 = s3(&m).await;
    let dir = c.config("cfg", &[("main.tf", &config(r#"key = "p.tfstate""#))]);
    let d = dir.to_str().unwrap();
    let e = env(&m);
    assert_eq!(baseline(&dir, &["apply", d, "--auto-approve"], &e).code, 0);
    let stall = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let mut stuck = e.clone();
    stuck.push(("AWS_ENDPOINT_URL_EVENTBRIDGE".into(), format!("http://{}", stall.local_addr().unwrap())));
    let child = common::bare(&dir, &["plan", d, "--aws-timeout", "10m"], &stuck)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut locked = false;
    for _ in 0..200 {
        locked = object(&s3, "p.tfstate.tflock").await.is_some();
        if locked {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(25)).await;
    }
    assert!(locked, "the plan holds the lock");
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let pid = child.id().to_string();
    assert!(std::process::Command::new("kill").args(["-INT", &pid]).status().unwrap().success());
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("stopped on request while planning"), "{stderr}");
    assert!(object(&s3, "p.tfstate.tflock").await.is_none(), "the lock is released");
    drop(stall);
}

/// `init` as Terraform's (issue 25): records the backend settings later runs use without
/// repeating `--backend-config`, notices a backend changed since, and `--migrate-state` copies
/// the local state to the bucket; Terraform's single-dash spellings are taken.
#[tokio::test(flavor = "multi_thread")]
async fn init_records_the_backend_and_migrates_a_local_state_to_s3() {
    let m = Moto::start();
    let c = Ctx::new();
    let s3 = s3(&m).await;
    let e = env(&m);
    let with_backend = config("");
    let local = with_backend[with_backend.find("provider \"aws\"").unwrap()..].to_string();
    let dir = c.config("cfg", &[("main.tf", &local)]);
    let d = dir.to_str().unwrap();
    let r = baseline(&dir, &["init", d, "-input=false"], &e);
    assert_eq!((r.code, r.stdout.as_str()), (0, "baseline has been successfully initialized!\n"), "{}", r.transcript());
    assert!(r.stderr.contains("nothing to install"), "{}", r.stderr);
    let r = baseline(&dir, &["apply", d, "-auto-approve"], &e);
    assert_eq!(r.code, 0, "{}", r.transcript());
    assert!(dir.join("terraform.tfstate").exists());

    // The team moves the state to S3.
    std::fs::write(dir.join("main.tf"), &with_backend).unwrap();
    let r = baseline(&dir, &["init", d, "-backend-config=key=team/baseline.tfstate"], &e);
    assert_eq!(r.code, 1, "{}", r.transcript());
    assert!(r.stderr.contains("--migrate-state"), "{}", r.stderr);
    let r = baseline(&dir, &["init", d, "-migrate-state", "-backend-config=key=team/baseline.tfstate"], &e);
    assert_eq!(r.code, 0, "{}", r.transcript());
    let moved = object(&s3, "team/baseline.tfstate").await.expect("the state is in the bucket");
    let local_state = read(&dir.join("terraform.tfstate"));
    assert_eq!(moved["lineage"], local_state["lineage"], "the same state's history");
    // Later runs find the key `init` recorded: the objects are known, nothing to do.
    let r = baseline(&dir, &["plan", d, "-detailed-exitcode"], &e);
    assert_eq!(r.code, 0, "{}", r.transcript());
    let r = baseline(&dir, &["init", d, "-migrate-state", "-backend-config=key=team/baseline.tfstate"], &e);
    assert_eq!(r.code, 0, "the same backend again: {}", r.transcript());
}

fn read(p: &Path) -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(p).unwrap()).unwrap()
}
