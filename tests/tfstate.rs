//! Terraform's state format (issue 25): states Terraform wrote are read as they are (`state
//! list` gives Terraform's addresses, a plan finds no changes), written back with every field,
//! and what baseline writes is Terraform's format. `tests/tfstate/terraform-data/` was written
//! by Terraform 1.11.4 (`tests/tfstate/record.py`); `tests/tfstate/aws/` as the AWS provider 6
//! writes its state (hand-written, checked by `terraform state list`).

mod common;

use std::path::{Path, PathBuf};

use common::moto::Moto;
use common::Ctx;
use serde_json::{json, Value};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/tfstate").join(name)
}

/// Runs baseline in `dir` with exactly `args` (no state or sandbox added).
fn run(dir: &Path, args: &[&str], env: &[(String, String)]) -> common::Run {
    let mut cmd = common::bare(dir, args, env);
    cmd.stdin(std::process::Stdio::null());
    common::Run::of(cmd.output().unwrap())
}

fn read_json(p: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(p).unwrap()).unwrap()
}

/// The Terraform-written directory copied to a scratch place: (config dir, its state file).
fn terraform_dir(c: &Ctx) -> (PathBuf, PathBuf) {
    let dir = c.dir.path().join("tf");
    common::copy_dir(&fixture("terraform-data"), &dir);
    let state = dir.join("terraform.tfstate");
    (dir, state)
}

#[test]
fn a_state_terraform_wrote_lists_its_addresses_and_plans_no_changes() {
    let c = Ctx::new();
    let (dir, state) = terraform_dir(&c);
    let st = state.to_str().unwrap();
    let r = run(c.dir.path(), &["state", "list", "--state", st], &[]);
    assert_eq!(r.code, 0, "{}", r.transcript());
    let want = std::fs::read_to_string(fixture("terraform-data/state-list.txt")).unwrap();
    assert_eq!(r.stdout, want);
    // `state show` of a module instance's object, and the outputs Terraform recorded.
    let r = run(c.dir.path(), &["state", "show", "module.m[\"two\"].terraform_data.inner", "--state", st], &[]);
    assert_eq!(r.code, 0, "{}", r.transcript());
    assert!(r.stdout.contains("input"), "{}", r.stdout);
    let r = run(c.dir.path(), &["output", "--state", st], &[]);
    assert!(r.stdout.contains("list = tolist([\n  \"a\",\n])\n"), "{}", r.transcript());
    assert!(r.stdout.contains("secret = <sensitive>\n"), "{}", r.transcript());
    let sb = c.sandbox();
    let sandbox = ["--sandbox", "--sandbox-file", sb.to_str().unwrap()];
    let r = run(c.dir.path(), &[&["plan", dir.to_str().unwrap(), "--detailed-exitcode"][..], &sandbox].concat(), &[]);
    assert_eq!(r.code, 0, "{}", r.transcript());
    assert!(r.stdout.contains("No changes."), "{}", r.stdout);
}

#[test]
fn a_read_write_round_trip_keeps_every_field() {
    let path = fixture("terraform-data/terraform.tfstate");
    let bytes = std::fs::read(&path).unwrap();
    let state = baseline::state::from_bytes(&bytes, &path).unwrap();
    let written = baseline::state::to_bytes(&state).unwrap();
    let mut back: Value = serde_json::from_slice(&written).unwrap();
    // baseline's own record (its version) is the one addition; Terraform ignores it.
    assert_eq!(back["baseline"]["version"], env!("CARGO_PKG_VERSION"));
    back.as_object_mut().unwrap().remove("baseline");
    let original: Value = serde_json::from_slice(&bytes).unwrap();
    assert_eq!(back, original, "written back:\n{}", String::from_utf8_lossy(&written));
    let aws = fixture("aws/terraform.tfstate");
    let bytes = std::fs::read(&aws).unwrap();
    let mut back: Value = serde_json::from_slice(
        &baseline::state::to_bytes(&baseline::state::from_bytes(&bytes, &aws).unwrap()).unwrap(),
    )
    .unwrap();
    back.as_object_mut().unwrap().remove("baseline");
    assert_eq!(back, serde_json::from_slice::<Value>(&bytes).unwrap());
}

#[test]
fn an_apply_over_a_terraform_state_writes_terraforms_format_with_a_backup() {
    let c = Ctx::new();
    let (dir, state) = terraform_dir(&c);
    let before = read_json(&state);
    let sb = c.sandbox();
    let sandbox = ["--sandbox", "--sandbox-file", sb.to_str().unwrap()];
    let apply = ["apply", dir.to_str().unwrap(), "--auto-approve", "-var", "secret=changed"];
    let r = run(c.dir.path(), &[&apply[..], &sandbox].concat(), &[]);
    assert_eq!(r.code, 0, "{}", r.transcript());
    let after = read_json(&state);
    assert_eq!(after["version"], 4);
    assert_eq!(after["lineage"], before["lineage"], "the same state's history");
    assert!(after["serial"].as_u64() > before["serial"].as_u64());
    assert_eq!(after["terraform_version"], before["terraform_version"]);
    let backup = read_json(&dir.join("terraform.tfstate.backup"));
    assert_eq!(backup, before, "the state as Terraform left it is the backup");
    let counted = after["resources"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["name"] == "counted")
        .expect("terraform_data.counted")
        .clone();
    assert_eq!(counted["provider"], "provider[\"terraform.io/builtin/terraform\"]");
    let first = &counted["instances"][0];
    assert_eq!(first["index_key"], 0);
    // A dynamic attribute is stored with its type, as Terraform stores it.
    assert_eq!(first["attributes"]["input"]["value"]["secret"], "changed");
    assert_eq!(first["attributes"]["input"]["type"], json!(["object", { "n": "number", "secret": "string" }]));
    // The sensitive value's path, as Terraform marked it (inside `input`, not all of it).
    let tf_counted = before["resources"].as_array().unwrap().iter().find(|r| r["name"] == "counted").unwrap();
    assert_eq!(first["sensitive_attributes"], tf_counted["instances"][0]["sensitive_attributes"]);
    assert_eq!(first["sensitive_attributes"][0][1]["value"], "secret");
    // What did not change keeps its fields: the dependency and create_before_destroy.
    let each = after["resources"].as_array().unwrap().iter().find(|r| r["name"] == "each").unwrap();
    assert_eq!(each["instances"][0]["dependencies"], json!(["terraform_data.plain"]));
    assert_eq!(each["instances"][0]["create_before_destroy"], true);
    assert!(after["outputs"]["secret"]["sensitive"] == true);
    assert_eq!(after["outputs"]["list"]["type"], json!(["list", "string"]));
    let plan = ["plan", dir.to_str().unwrap(), "--detailed-exitcode", "-var", "secret=changed"];
    let r = run(c.dir.path(), &[&plan[..], &sandbox].concat(), &[]);
    assert_eq!(r.code, 0, "{}", r.transcript());
}

#[test]
fn a_state_of_an_unknown_format_version_is_refused_with_the_way_out() {
    let c = Ctx::new();
    let p = c.dir.path().join("old.tfstate");
    std::fs::write(&p, r#"{"version": 5, "serial": 1, "resources": []}"#).unwrap();
    let r = run(c.dir.path(), &["state", "list", "--state", p.to_str().unwrap()], &[]);
    assert_eq!(r.code, 1, "{}", r.transcript());
    assert!(r.stderr.contains("format version 5"), "{}", r.stderr);
    assert!(r.stderr.contains("needs a newer baseline"), "{}", r.stderr);
}

/// The AWS state: its objects made in moto from the state's ids (as they would exist in the
/// account Terraform managed), then baseline plans no changes and writes the state back in
/// Terraform's format, keeping the provider's fields.
#[tokio::test(flavor = "multi_thread")]
async fn a_terraform_managed_aws_directory_plans_no_changes_with_baseline() {
    let m = Moto::start();
    let c = Ctx::new();
    let dir = c.dir.path().join("aws");
    common::copy_dir(&fixture("aws/config"), &dir);
    std::fs::copy(fixture("aws/terraform.tfstate"), dir.join("terraform.tfstate")).unwrap();
    let state = baseline::state::from_bytes(&std::fs::read(dir.join("terraform.tfstate")).unwrap(), &dir).unwrap();
    for r in &state.resources {
        let conf = m.sdk_config(if r.region.is_empty() { "us-east-1" } else { &r.region }).await;
        let a = &r.attributes;
        let text = |k: &str| a[k].as_str().unwrap().to_string();
        match r.type_name.as_str() {
            "aws_sns_topic" => {
                aws_sdk_sns::Client::new(&conf).create_topic().name(text("name")).send().await.unwrap();
            }
            "aws_iam_role" => {
                aws_sdk_iam::Client::new(&conf)
                    .create_role()
                    .role_name(text("name"))
                    .assume_role_policy_document(text("assume_role_policy"))
                    .send()
                    .await
                    .unwrap();
            }
            "aws_cloudwatch_event_rule" => {
                aws_sdk_eventbridge::Client::new(&conf)
                    .put_rule()
                    .name(text("name"))
                    .schedule_expression(text("schedule_expression"))
                    .send()
                    .await
                    .unwrap();
            }
            other => panic!("no maker for {other}"),
        }
    }
    let env: Vec<(String, String)> = m.env().into_iter().map(|(k, v)| (k.to_string(), v)).collect();
    let d = dir.to_str().unwrap();
    let r = run(c.dir.path(), &["plan", d, "--detailed-exitcode", "--state", &format!("{d}/terraform.tfstate")], &env);
    assert_eq!(r.code, 0, "{}", r.transcript());
    let r = run(c.dir.path(), &["apply", d, "--auto-approve", "--state", &format!("{d}/terraform.tfstate")], &env);
    assert_eq!(r.code, 0, "{}", r.transcript());
    let after = read_json(&dir.join("terraform.tfstate"));
    let list = run(c.dir.path(), &["state", "list", "--state", &format!("{d}/terraform.tfstate")], &[]);
    assert_eq!(list.stdout, std::fs::read_to_string(fixture("aws/state-list.txt")).unwrap());
    let by_name = |n: &str| after["resources"].as_array().unwrap().iter().find(|r| r["name"] == n).unwrap().clone();
    assert_eq!(by_name("weekly")["instances"][0]["schema_version"], 1);
    assert_eq!(by_name("west")["provider"], "provider[\"registry.terraform.io/hashicorp/aws\"].west");
    assert_eq!(by_name("west")["instances"][0]["attributes"]["region"], "us-west-2");
    assert_eq!(by_name("events")["instances"][0]["identity"]["name"], "events");
    assert_eq!(after["baseline"]["accounts"]["aws"]["account_id"], "123456789012");
}

/// A state of Terraform 0.11 (format version 3: modules by path, `TYPE.NAME.N` keys, flat
/// attributes) lists the addresses Terraform 1.11 gives it, and is written back in version 4.
#[test]
fn a_terraform_0_11_state_lists_terraforms_addresses_and_is_written_in_version_4() {
    let c = Ctx::new();
    let p = c.dir.path().join("v3.tfstate");
    std::fs::copy(fixture("v3/terraform.tfstate"), &p).unwrap();
    let st = p.to_str().unwrap();
    let want = std::fs::read_to_string(fixture("v3/state-list.txt")).unwrap();
    let r = run(c.dir.path(), &["state", "list", "--state", st], &[]);
    assert_eq!((r.code, r.stdout.as_str()), (0, want.as_str()), "{}", r.transcript());
    let r = run(c.dir.path(), &["state", "list", "--state", st, "module.network"], &[]);
    assert_eq!(r.stdout.lines().count(), 4, "{}", r.transcript());
    // A state surgery writes the file: Terraform's version 4 now, nothing lost.
    let r = run(c.dir.path(), &["state", "rm", "--state", st, "aws_sns_topic.east"], &[]);
    assert_eq!(r.code, 0, "{}", r.transcript());
    let v4 = read_json(&p);
    assert_eq!(v4["version"], 4);
    assert_eq!(v4["lineage"], "3c1b7e55-8f0e-4a6b-9d2c-7e41f0a9b812");
    let r = run(c.dir.path(), &["state", "list", "--state", st], &[]);
    let rest: String = want.lines().filter(|l| *l != "aws_sns_topic.east").map(|l| format!("{l}\n")).collect();
    assert_eq!(r.stdout, rest);
    let web = v4["resources"].as_array().unwrap().iter().find(|r| r["type"] == "aws_instance").unwrap();
    assert_eq!(web["instances"][0]["status"], "tainted");
    assert_eq!(web["instances"][1]["deposed"].as_str().map(str::len), Some(8), "{web}");
    let flow = v4["resources"].as_array().unwrap().iter().find(|r| r["type"] == "aws_flow_log").unwrap();
    assert_eq!(flow["module"], "module.network.module.flow_logs");
    assert_eq!(flow["provider"], "module.network.provider[\"registry.terraform.io/hashicorp/aws\"]");
}

/// Terraform's own round-trip fixtures (`internal/states/statefile/testdata/roundtrip` of
/// Terraform 1.11.4; the `v4-*` outputs that are symbolic links there are copies of their
/// inputs here): each `NAME.in.tfstate`, read and written again by baseline, holds what
/// `NAME.out.tfstate` holds, compared as Terraform's `TestRoundtrip` compares them: as the
/// states Terraform 1.11 reads from the two files (see [`as_terraform_reads`]).
/// `v1-simple` (Terraform 0.6's format) is read, but its map counts (`triggers.#`) are not
/// renamed as Terraform's 0.6→0.7 upgrade does, so it is left out.
#[test]
fn terraforms_round_trip_fixtures_read_and_write_as_terraform_does() {
    let dir = fixture("roundtrip");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .filter_map(|e| e.file_name().to_str()?.strip_suffix(".in.tfstate").map(str::to_string))
        .filter(|n| n != "v1-simple")
        .collect();
    names.sort();
    assert_eq!(names.len(), 13, "{names:?}");
    let mut problems = Vec::new();
    for name in &names {
        let input = dir.join(format!("{name}.in.tfstate"));
        let state = match baseline::state::from_bytes(&std::fs::read(&input).unwrap(), &input) {
            Ok(s) => s,
            Err(e) => {
                problems.push(format!("{name}: not read: {e}"));
                continue;
            }
        };
        let written: Value = serde_json::from_slice(&baseline::state::to_bytes(&state).unwrap()).unwrap();
        let upgraded = !name.starts_with("v4");
        let got = as_terraform_reads(written, upgraded);
        let want = as_terraform_reads(read_json(&dir.join(format!("{name}.out.tfstate"))), upgraded);
        if got != want {
            problems.push(format!(
                "{name}:\n--- want\n{}\n--- baseline wrote\n{}",
                serde_json::to_string_pretty(&want).unwrap(),
                serde_json::to_string_pretty(&got).unwrap()
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
}

/// A version 4 state file as Terraform 1.11 reads it, for comparing two files: resources in
/// Terraform's order and instances by key (the order Terraform writes them in); what Terraform
/// does not read dropped (`each`, 0.11's `depends_on`, baseline's own `baseline` object); what
/// reads the same made one (`check_results` null or absent, no `sensitive_attributes` or an
/// empty list, a legacy provider address or its registry form); the `terraform_version` of an
/// upgraded state (Terraform records the version that upgraded it) left out.
fn as_terraform_reads(mut doc: Value, upgraded: bool) -> Value {
    let o = doc.as_object_mut().unwrap();
    o.remove("baseline");
    if o.get("check_results").is_some_and(Value::is_null) {
        o.remove("check_results");
    }
    if upgraded {
        o.remove("terraform_version");
    }
    let legacy = |p: &str| -> String {
        let Some(i) = p.find("provider.") else { return p.to_string() };
        let (module, local) = (&p[..i], &p[i + "provider.".len()..]);
        let (name, alias) = local.split_once('.').map_or((local, None), |(n, a)| (n, Some(a)));
        let source = if name == "terraform" {
            "terraform.io/builtin/terraform".to_string()
        } else {
            format!("registry.terraform.io/-/{name}")
        };
        format!("{module}provider[{source:?}]{}", alias.map(|a| format!(".{a}")).unwrap_or_default())
    };
    if let Some(Value::Array(resources)) = o.get_mut("resources") {
        for r in resources.iter_mut() {
            let r = r.as_object_mut().unwrap();
            r.remove("each");
            let p = legacy(r["provider"].as_str().unwrap());
            r.insert("provider".into(), Value::String(p));
            if let Some(Value::Array(instances)) = r.get_mut("instances") {
                for i in instances.iter_mut() {
                    let i = i.as_object_mut().unwrap();
                    i.remove("depends_on");
                    if i.get("sensitive_attributes").is_some_and(|v| v.as_array().is_some_and(Vec::is_empty)) {
                        i.remove("sensitive_attributes");
                    }
                }
                instances.sort_by_key(|i| {
                    (i.get("index_key").map(ToString::to_string), i.get("deposed").map(ToString::to_string))
                });
            }
        }
        let key = |r: &Value| {
            ["module", "mode", "type", "name"].map(|k| r.get(k).and_then(Value::as_str).unwrap_or("").to_string())
        };
        resources.sort_by_key(key);
    }
    doc
}

/// Every recorded state (`tests/tfstate/*/terraform.tfstate`, Terraform-written or of an old
/// format) lists the addresses `terraform state list` printed for it, in its order: shallower
/// modules first, data sources before managed resources, keys in Terraform's order.
#[test]
fn every_recorded_state_lists_terraforms_addresses_in_its_order() {
    let c = Ctx::new();
    let base = fixture("");
    let mut checked = 0;
    for e in std::fs::read_dir(&base).unwrap().flatten() {
        let (state, want) = (e.path().join("terraform.tfstate"), e.path().join("state-list.txt"));
        if !(state.exists() && want.exists()) {
            continue;
        }
        let r = run(c.dir.path(), &["state", "list", "--state", state.to_str().unwrap()], &[]);
        assert_eq!(r.code, 0, "{}: {}", state.display(), r.transcript());
        assert_eq!(r.stdout, std::fs::read_to_string(&want).unwrap(), "{}", state.display());
        checked += 1;
    }
    assert!(checked >= 4, "{checked}");
}
