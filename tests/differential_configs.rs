//! The configurations of `tests/differential/configs/` planned and applied by baseline on the
//! sandbox, compared with what Terraform 1.11.4 did with them (`configs.golden.json`, recorded
//! by `tests/differential/record-configs.py`; CI needs no `terraform`) (issue 24).
//!
//! Each step (`stepN/` sub-folders in order, against the same state; else the folder itself) is
//! `baseline plan --out p`, `baseline show --format json p`, then `baseline apply p` unless the
//! step holds `PLAN_ONLY`. Compared per step: whether the plan failed, each resource change's
//! address and actions, each output change's actions, `after`, `after_unknown` and
//! `sensitive`, whether the plan warned, whether the apply failed, and after an apply each
//! output's recorded type (list or tuple, map or object, set) and sensitivity, and what
//! `output` prints. A step that differs must
//! be listed in `configs-known-differences.txt` (`config/step reason`); a listed step that now
//! matches fails the test too, so the list only shrinks.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use common::Ctx;
use serde_json::{json, Value};

/// No region is set: as Terraform, a configuration with nothing of the AWS provider needs none.
const NO_ENV: &[(&str, &str)] = &[];

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/differential")
}

/// The steps of one configuration: (name, directory), in order.
fn steps_of(config: &Path) -> Vec<(String, PathBuf)> {
    let mut steps: Vec<(u32, String, PathBuf)> = std::fs::read_dir(config)
        .expect("config dir")
        .filter_map(|e| e.ok())
        .filter(|e| e.path().is_dir())
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            let n = name.strip_prefix("step")?.parse().ok()?;
            Some((n, name, e.path()))
        })
        .collect();
    steps.sort();
    if steps.is_empty() {
        return vec![("main".into(), config.to_path_buf())];
    }
    steps.into_iter().map(|(_, name, path)| (name, path)).collect()
}

/// Whether a run's output reports a warning.
fn warned(r: &common::Run) -> bool {
    // miette marks a warning with `⚠`.
    [&r.stdout, &r.stderr].iter().any(|s| s.contains("Warning:") || s.contains('⚠'))
}

/// What baseline did with one step, in the golden's shape (only the compared fields). The
/// second value says whether the next step may run.
fn run_step(ctx: &Ctx, name: &str, dir: &Path) -> (Value, bool) {
    let plan_file = ctx.dir.path().join("p");
    let _ = std::fs::remove_file(&plan_file);
    let plan = ctx.run_env(&["plan", dir.to_str().unwrap(), "--out", plan_file.to_str().unwrap()], NO_ENV);
    let mut out = json!({ "step": name, "error": plan.code != 0, "warned": warned(&plan) });
    if plan.code != 0 {
        return (out, false);
    }
    let show = ctx.run(&["show", plan_file.to_str().unwrap(), "--format", "json"]);
    let doc: Value = match serde_json::from_str(&show.stdout) {
        Ok(doc) if show.code == 0 => doc,
        _ => {
            out["show_failed"] = json!(show.stderr.lines().next().unwrap_or(""));
            return (out, false);
        }
    };
    let mut resources: Vec<Value> = doc["resource_changes"]
        .as_array()
        .map(|rcs| {
            rcs.iter().map(|rc| json!({ "address": rc["address"], "actions": rc["change"]["actions"] })).collect()
        })
        .unwrap_or_default();
    resources.sort_by(|a, b| a["address"].as_str().cmp(&b["address"].as_str()));
    out["resources"] = json!(resources);
    out["outputs"] = outputs_of(&doc["output_changes"]);
    out["planned_outputs"] = state_outputs(&doc["planned_values"]["outputs"]);
    if dir.join("PLAN_ONLY").exists() {
        return (out, true);
    }
    let apply = ctx.run_env(&["apply", plan_file.to_str().unwrap()], NO_ENV);
    out["apply_error"] = json!(apply.code != 0);
    if apply.code == 0 {
        let state = ctx.run(&["show", "--format", "json", "--state", ctx.state().to_str().unwrap()]);
        let doc: Value = serde_json::from_str(&state.stdout).unwrap_or(Value::Null);
        out["state_outputs"] = state_outputs(&doc["values"]["outputs"]);
        out["output_text"] = json!(ctx.run(&["output", "--state", ctx.state().to_str().unwrap()]).stdout);
    }
    (out, apply.code == 0)
}

/// Each recorded output's type and sensitivity, from a state's `show -json` (or the golden).
fn state_outputs(outputs: &Value) -> Value {
    let mut m = serde_json::Map::new();
    for (k, o) in outputs.as_object().into_iter().flatten() {
        m.insert(k.clone(), json!({ "type": o["type"], "sensitive": o["sensitive"] == json!(true) }));
    }
    Value::Object(m)
}

/// The compared fields of a `show -json` document's `output_changes` (or the golden's outputs).
fn outputs_of(changes: &Value) -> Value {
    let mut m = serde_json::Map::new();
    if let Some(changes) = changes.as_object() {
        for (k, oc) in changes {
            let sensitive = oc.get("sensitive").or_else(|| oc.get("after_sensitive")).cloned();
            m.insert(
                k.clone(),
                json!({
                    "actions": oc["actions"],
                    "after": oc["after"],
                    "after_unknown": oc["after_unknown"],
                    "sensitive": sensitive == Some(json!(true)),
                }),
            );
        }
    }
    Value::Object(m)
}

/// The golden step in the same shape as `run_step`'s.
fn expected(step: &Value) -> Value {
    let mut out = json!({
        "step": step["step"],
        "error": !step["error"].is_null(),
        "warned": step["warnings"].as_array().is_some_and(|w| !w.is_empty()),
    });
    if !step["error"].is_null() {
        return out;
    }
    out["resources"] = step["resources"].clone();
    out["outputs"] = outputs_of(&step["outputs"]);
    out["planned_outputs"] = state_outputs(&step["planned_outputs"]);
    if step["applied"] == json!(true) {
        out["apply_error"] = json!(!step["apply_error"].is_null());
        if step["apply_error"].is_null() {
            out["state_outputs"] = state_outputs(&step["state_outputs"]);
            // No outputs: Terraform's "No outputs found" warning, which baseline logs on
            // standard error, leaving standard output empty.
            out["output_text"] = json!(step["output_text"].as_str().unwrap_or(""));
        }
    }
    out
}

/// The fields where `got` differs from `want`, in words.
fn differences(want: &Value, got: &Value) -> Vec<String> {
    let mut out = Vec::new();
    let (Some(w), Some(g)) = (want.as_object(), got.as_object()) else { return out };
    let keys: BTreeSet<&String> = w.keys().chain(g.keys()).collect();
    for k in keys {
        let (a, b) = (w.get(k).unwrap_or(&Value::Null), g.get(k).unwrap_or(&Value::Null));
        if a != b {
            out.push(format!("{k}: terraform {a}, baseline {b}"));
        }
    }
    out
}

fn known_differences() -> BTreeMap<String, String> {
    let text = std::fs::read_to_string(root().join("configs-known-differences.txt")).unwrap_or_default();
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| match l.split_once(char::is_whitespace) {
            Some((id, reason)) => (id.to_string(), reason.trim().to_string()),
            None => (l.to_string(), String::new()),
        })
        .collect()
}

/// Runs every step of `config`; (step id, differences) per compared step.
fn check_config(config: &str, golden: &[Value]) -> Vec<(String, Vec<String>)> {
    let ctx = Ctx::new();
    let mut results = Vec::new();
    let steps = steps_of(&root().join("configs").join(config));
    for (i, (name, dir)) in steps.iter().enumerate() {
        let id = format!("{config}/{name}");
        let Some(want) = golden.get(i) else { break };
        let (got, go_on) = run_step(&ctx, name, dir);
        results.push((id, differences(&expected(want), &got)));
        if !go_on {
            break;
        }
    }
    results
}

#[test]
fn configurations_plan_and_apply_as_terraform_does() {
    let golden: BTreeMap<String, Vec<Value>> =
        serde_json::from_str(&std::fs::read_to_string(root().join("configs.golden.json")).expect("golden"))
            .expect("golden JSON");
    let configs: Vec<String> = golden.keys().cloned().collect();
    for c in &configs {
        assert!(root().join("configs").join(c).is_dir(), "{c} is recorded but has no folder");
    }
    // A few configurations at once: each runs baseline several times.
    let chunks: Vec<Vec<String>> = configs.chunks(configs.len().div_ceil(4)).map(<[String]>::to_vec).collect();
    let results: Vec<(String, Vec<String>)> = std::thread::scope(|s| {
        let handles: Vec<_> = chunks
            .iter()
            .map(|chunk| s.spawn(|| chunk.iter().flat_map(|c| check_config(c, &golden[c])).collect::<Vec<_>>()))
            .collect();
        handles.into_iter().flat_map(|h| h.join().expect("worker")).collect()
    });
    let known = known_differences();
    let matched = results.iter().filter(|(_, d)| d.is_empty()).count();
    println!("configurations: {matched}/{} steps match Terraform", results.len());
    let mut failures = Vec::new();
    for (id, diffs) in &results {
        if diffs.is_empty() {
            if known.contains_key(id) {
                failures.push(format!("{id} now matches Terraform: remove it from configs-known-differences.txt"));
            }
            continue;
        }
        println!("{id} differs{}:", known.get(id).map(|r| format!(" (known: {r})")).unwrap_or_default());
        for d in diffs {
            println!("    {d}");
        }
        if !known.contains_key(id) {
            failures.push(format!("{id} differs from Terraform: {}", diffs.join("; ")));
        }
    }
    let ran: BTreeSet<&String> = results.iter().map(|(id, _)| id).collect();
    for id in known.keys() {
        if !ran.contains(id) {
            failures.push(format!("{id} is listed in configs-known-differences.txt but no such step ran"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn differences_name_each_field_that_differs() {
    let want = json!({ "error": false, "resources": [{ "address": "a", "actions": ["create"] }] });
    let got = json!({ "error": false, "resources": [{ "address": "a", "actions": ["update"] }] });
    let d = differences(&want, &got);
    assert_eq!(d.len(), 1);
    assert!(d[0].starts_with("resources:"), "{d:?}");
    assert!(differences(&want, &want).is_empty());
}
