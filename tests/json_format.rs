//! `plan --format json` speaks Terraform's machine-readable plan format (`terraform show -json`),
//! so tools written for Terraform plans read baseline's. Plans are made through the library on
//! the embedded sandbox account.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use baseline::addr::Address;
use baseline::apply::{apply, Progress};
use baseline::cloud::CloudError;
use baseline::config::{self, Config};
use baseline::graph::Graph;
use baseline::lang::Value;
use baseline::plan::{Action, Plan, PlanMode, Planner, ResourceChange};
use baseline::render::json::{plan_json, state_json};
use baseline::services::sandbox::Sandbox;
use baseline::state::{LocalStore, State, StateWriter};
use serde_json::{json, Value as Json};

/// A loaded, checked configuration.
struct Loaded {
    config: Config,
    vars: BTreeMap<String, Value>,
    graph: Graph,
}

fn load(dir: &Path) -> Loaded {
    let (mut config, mut diags) = config::load_dir(dir);
    let (vars, vdiags) = config::vars::resolve(&mut config, &[], &[]);
    for d in vdiags.0 {
        diags.push(d);
    }
    config::check_references(&config, &mut diags);
    let graph = Graph::build(&config, &mut diags);
    assert!(!diags.has_errors(), "config errors: {diags:?}");
    Loaded { config, vars, graph }
}

fn example() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/inspector-classic")
}

/// One test's account (a sandbox file) and state file.
struct World {
    dir: tempfile::TempDir,
}

struct Quiet;
impl Progress for Quiet {
    fn start(&self, _: &Address, _: &str) {}
    fn done(&self, _: &Address, _: &str, _: u64, _: Option<&str>) {}
    fn failed(&self, addr: &Address, verb: &str, error: &CloudError) {
        panic!("{addr}: {verb} failed: {error}");
    }
    fn note(&self, _: &str) {}
}

fn quiet_log(_: &str) {}

impl World {
    fn new() -> World {
        World { dir: tempfile::tempdir().expect("temp dir") }
    }

    fn sandbox_path(&self) -> PathBuf {
        self.dir.path().join("sandbox.json")
    }

    /// The account as the file holds it now (edits to the file show up in the next plan).
    fn sandbox(&self) -> Sandbox {
        Sandbox::open(&self.sandbox_path()).expect("sandbox").with_faults(vec![])
    }

    /// A copy of the example with `edit` applied to its main.hcl.
    fn example_with(&self, name: &str, edit: impl FnOnce(String) -> String) -> PathBuf {
        let text = std::fs::read_to_string(example().join("main.hcl")).unwrap();
        let edited = edit(text.clone());
        assert_ne!(text, edited, "the edit changed nothing");
        let d = self.dir.path().join(name);
        std::fs::create_dir_all(&d).unwrap();
        std::fs::write(d.join("main.hcl"), edited).unwrap();
        d
    }

    async fn plan(&self, dir: &Path, prior: &State) -> Plan {
        self.plan_mode(dir, prior, false).await
    }

    async fn plan_mode(&self, dir: &Path, prior: &State, refresh_only: bool) -> Plan {
        let l = load(dir);
        let cloud = baseline::services::Clouds::new(Box::new(self.sandbox()));
        let planner = Planner {
            config: &l.config,
            graph: &l.graph,
            vars: &l.vars,
            clouds: &cloud,
            parallelism: 4,
            log: &quiet_log,
            focus: Default::default(),
            tags: Default::default(),
        };
        // Owned, as `plan` passes it (its objects are freed after the refresh).
        let owned = std::borrow::Cow::Owned(prior.clone());
        match planner.plan_with(owned, !prior.resources.is_empty(), PlanMode::Normal, refresh_only).await {
            Ok(p) => p,
            Err(e) => panic!("planning failed: {e:?}"),
        }
    }

    /// Plans and applies `dir`; returns the state afterwards.
    async fn apply(&self, dir: &Path, prior: &State) -> State {
        let l = load(dir);
        let cloud = baseline::services::Clouds::new(Box::new(self.sandbox()));
        let planner = Planner {
            config: &l.config,
            graph: &l.graph,
            vars: &l.vars,
            clouds: &cloud,
            parallelism: 4,
            log: &quiet_log,
            focus: Default::default(),
            tags: Default::default(),
        };
        let plan = match planner.plan(std::borrow::Cow::Borrowed(prior), PlanMode::Normal).await {
            Ok(p) => p,
            Err(e) => panic!("planning failed: {e:?}"),
        };
        let mut writer = StateWriter::new(LocalStore::new(self.dir.path().join("state.json")), prior.clone());
        let outcome = match apply(&planner, &plan, &mut writer, &Quiet).await {
            Ok(o) => o,
            Err(e) => panic!("apply failed: {e:?}"),
        };
        assert!(outcome.failures.is_empty(), "{:?}", outcome.failures);
        writer.current().clone()
    }

    /// Edits the sandbox account file, as a change made outside baseline.
    fn edit_sandbox(&self, f: impl FnOnce(&mut Json)) {
        let text = std::fs::read_to_string(self.sandbox_path()).unwrap();
        let mut v: Json = serde_json::from_str(&text).unwrap();
        f(&mut v);
        std::fs::write(self.sandbox_path(), serde_json::to_string_pretty(&v).unwrap()).unwrap();
    }
}

/// The `resource_changes` (or `resource_drift`) entry for `address`.
fn entry<'a>(j: &'a Json, list: &str, address: &str) -> &'a Json {
    j[list]
        .as_array()
        .unwrap_or_else(|| panic!("no {list} in {j:#}"))
        .iter()
        .find(|r| r["address"] == address)
        .unwrap_or_else(|| panic!("{address} not in {list}"))
}

fn actions(j: &Json, address: &str) -> Json {
    entry(j, "resource_changes", address)["change"]["actions"].clone()
}

fn planned_resource<'a>(j: &'a Json, address: &str) -> &'a Json {
    j["planned_values"]["root_module"]["resources"]
        .as_array()
        .expect("planned resources")
        .iter()
        .find(|r| r["address"] == address)
        .unwrap_or_else(|| panic!("{address} not in planned_values"))
}

fn change<'a>(plan: &'a Plan, address: &str) -> &'a ResourceChange {
    plan.changes.iter().find(|c| c.addr.to_string() == address).expect("change")
}

const ROLE: &str = "aws_iam_role.inspector_events";

#[tokio::test]
async fn plan_has_the_fields_terraform_requires() {
    let w = World::new();
    let plan = w.plan(&example(), &State::new()).await;
    let j = plan_json(&plan);

    assert_eq!(j["format_version"], "1.2");
    assert!(j["terraform_version"].is_string());
    assert!(j["timestamp"].as_str().is_some_and(|t| humantime::parse_rfc3339(t).is_ok()), "{}", j["timestamp"]);
    assert_eq!(j["applyable"], true);
    assert_eq!(j["complete"], true);
    assert_eq!(j["errored"], false);
    assert_eq!(j["variables"]["region"], json!({ "value": "ap-northeast-1" }));
    assert_eq!(j["variables"]["schedule"], json!({ "value": "cron(0 9 ? * 1 *)" }));

    let planned = j["planned_values"]["root_module"]["resources"].as_array().expect("planned resources");
    assert_eq!(planned.len(), 6);
    for r in planned {
        for k in ["address", "mode", "type", "name", "provider_name"] {
            assert!(r[k].is_string(), "{k} in {r:#}");
        }
        assert_eq!(r["schema_version"], 0);
        assert!(r["values"].is_object() && r["sensitive_values"].is_object(), "{r:#}");
        assert!(r.get("index").is_none(), "no index without count/for_each");
    }

    let changes = j["resource_changes"].as_array().expect("resource_changes");
    assert_eq!(changes.len(), 6);
    let addresses: Vec<&str> = changes.iter().filter_map(|c| c["address"].as_str()).collect();
    let mut sorted = addresses.clone();
    sorted.sort();
    assert_eq!(addresses, sorted, "address order");
    for c in changes {
        for k in ["address", "mode", "type", "name", "provider_name"] {
            assert!(c[k].is_string(), "{k} in {c:#}");
        }
        assert_eq!(c["mode"], "managed");
        assert_eq!(c["provider_name"], "registry.terraform.io/hashicorp/aws");
        let ch = &c["change"];
        assert!(ch["actions"].is_array(), "{c:#}");
        for k in ["before", "after", "after_unknown", "before_sensitive", "after_sensitive"] {
            assert!(ch.get(k).is_some(), "{k} in {c:#}");
        }
        assert_eq!(ch["actions"], json!(["create"]));
        assert_eq!(ch["before"], Json::Null);
        assert_eq!(ch["before_sensitive"], false);
        assert!(ch["after"].is_object() && ch["after_unknown"].is_object(), "{c:#}");
        assert!(c.get("action_reason").is_none(), "a create has no reason");
    }
    let role = entry(&j, "resource_changes", ROLE);
    assert_eq!((role["type"].as_str(), role["name"].as_str()), (Some("aws_iam_role"), Some("inspector_events")));

    let config = &j["configuration"];
    assert!(config["root_module"]["resources"].is_array(), "{config:#}");
    assert_eq!(config, &plan.configuration);

    // The prior state is the refreshed state plus what planning read: only the data source.
    let prior = &j["prior_state"];
    assert_eq!(prior["format_version"], "1.0");
    let prior_resources = prior["values"]["root_module"]["resources"].as_array().expect("prior resources");
    assert_eq!(prior_resources.len(), 1);
    assert_eq!(prior_resources[0]["address"], "data.aws_inspector_rules_packages.available");
    assert_eq!(prior_resources[0]["mode"], "data");
    assert_eq!(prior_resources[0]["values"]["arns"].as_array().map(Vec::len), Some(4));

    // Nothing to drift from yet.
    assert!(j.get("resource_drift").is_none());

    // With a state: the prior state lists what it holds, and nothing is left to do.
    let state = w.apply(&example(), &State::new()).await;
    let again = plan_json(&w.plan(&example(), &state).await);
    assert_eq!(again["applyable"], false);
    let prior = again["prior_state"]["values"]["root_module"]["resources"].as_array().expect("prior resources");
    assert_eq!(prior.len(), 7, "6 managed resources and the data source");
    assert!(prior.iter().all(|r| r["values"]["arn"].is_string() || r["mode"] == "data"));
    let changes = again["resource_changes"].as_array().expect("resource_changes");
    assert!(changes.iter().all(|c| c["change"]["actions"] == json!(["no-op"])), "{again:#}");
    for c in changes {
        assert_eq!(c["change"]["after_unknown"], json!({}));
        assert!(c["change"]["before"].is_object());
    }
    assert_eq!(
        again["output_changes"]["assessment_template_arn"]["actions"],
        json!(["no-op"]),
        "{:#}",
        again["output_changes"]
    );
}

/// Every edit at once: an update, both kinds of replacement, a delete and a deferred read.
fn edit_everything(t: String) -> String {
    let t = t
        .replace("cron(0 9 ? * 1 *)", "cron(0 0 ? * MON *)")
        .replace("All-Instances-All-Rules\"", "All-Instances-All-Rules-v2\"")
        .replace(
            "name = \"${local.prefix}-InspectorEvents-${var.region}\"",
            "name = \"${local.prefix}-InspectorEvents2-${var.region}\"\n  lifecycle {\n    create_before_destroy = true\n  }",
        )
        .replace(
            "data \"aws_inspector_rules_packages\" \"available\" {}",
            "data \"aws_inspector_rules_packages\" \"available\" {\n  depends_on = [aws_iam_role.inspector_events]\n}",
        );
    let start = t.find("resource \"aws_cloudwatch_event_target\"").expect("target block");
    let end = start + t[start..].find("\n}\n").expect("block end") + 3;
    format!("{}{}", &t[..start], &t[end..])
}

#[tokio::test]
async fn action_lists_and_reasons_follow_terraform() {
    let w = World::new();
    let state = w.apply(&example(), &State::new()).await;
    let dir = w.example_with("edited", edit_everything);
    let plan = w.plan(&dir, &state).await;
    let j = plan_json(&plan);

    let rule = "aws_cloudwatch_event_rule.assessment";
    let target = "aws_inspector_assessment_target.all_instances";
    let events_target = "aws_cloudwatch_event_target.assessment";
    let data = "data.aws_inspector_rules_packages.available";
    assert_eq!(actions(&j, rule), json!(["update"]));
    assert_eq!(actions(&j, target), json!(["delete", "create"]));
    assert_eq!(actions(&j, ROLE), json!(["create", "delete"]));
    assert_eq!(actions(&j, events_target), json!(["delete"]));
    assert_eq!(actions(&j, data), json!(["read"]));
    assert_eq!(actions(&j, "aws_iam_service_linked_role.inspector"), json!(["no-op"]));

    // Reasons, where Terraform gives them.
    let reason = |a: &str| entry(&j, "resource_changes", a).get("action_reason").cloned();
    assert_eq!(reason(rule), None);
    assert_eq!(reason(target), Some(json!("replace_because_cannot_update")));
    assert_eq!(reason(ROLE), Some(json!("replace_because_cannot_update")));
    assert_eq!(reason(events_target), Some(json!("delete_because_no_resource_config")));
    assert_eq!(reason(data), Some(json!("read_because_dependency_pending")));

    // What forced each replacement.
    assert_eq!(entry(&j, "resource_changes", target)["change"]["replace_paths"], json!([["name"]]));
    assert_eq!(entry(&j, "resource_changes", ROLE)["change"]["replace_paths"], json!([["name"]]));
    assert!(entry(&j, "resource_changes", rule)["change"].get("replace_paths").is_none());

    // An update: before is the live object, after the planned one.
    let upd = &entry(&j, "resource_changes", rule)["change"];
    assert_eq!(upd["before"]["schedule_expression"], "cron(0 9 ? * 1 *)");
    assert_eq!(upd["after"]["schedule_expression"], "cron(0 0 ? * MON *)");
    assert_eq!(upd["after_unknown"], json!({}));

    // A delete: nothing after, and it leaves planned_values.
    let del = &entry(&j, "resource_changes", events_target)["change"];
    assert!(del["before"]["arn"].is_string());
    assert_eq!(
        (&del["after"], &del["after_unknown"], &del["after_sensitive"]),
        (&Json::Null, &json!({}), &json!(false))
    );
    let planned: Vec<&str> = j["planned_values"]["root_module"]["resources"]
        .as_array()
        .expect("planned")
        .iter()
        .filter_map(|r| r["address"].as_str())
        .collect();
    assert!(!planned.contains(&events_target), "{planned:?}");
    assert!(planned.contains(&data), "a deferred read is planned: {planned:?}");

    // A replacement gets new cloud-chosen values: unknown again.
    let rep = &entry(&j, "resource_changes", ROLE)["change"];
    assert!(rep["before"]["arn"].is_string());
    assert_eq!(rep["after_unknown"]["arn"], true);
    assert!(rep["after"].get("arn").is_none());
    assert_eq!(rep["after"]["name"], "DefaultSecuritySettings-InspectorEvents2-ap-northeast-1");

    // A deferred read knows none of its results.
    let read = &entry(&j, "resource_changes", data)["change"];
    assert_eq!(read["before"], Json::Null);
    assert_eq!(read["after_unknown"], json!({ "arns": true, "id": true }));
    assert_eq!(entry(&j, "resource_changes", data)["mode"], "data");

    assert_eq!(j["applyable"], true);
}

#[tokio::test]
async fn replace_order_comes_from_create_before_destroy() {
    // Built by hand: one resource, both lifecycle settings.
    let w = World::new();
    let mut plan = w.plan(&example(), &State::new()).await;
    let base = change(&plan, ROLE).clone();
    for cbd in [false, true] {
        let mut c = base.clone();
        c.action = Action::Replace { create_before_destroy: cbd };
        plan.changes = vec![c];
        let expected = if cbd { json!(["create", "delete"]) } else { json!(["delete", "create"]) };
        assert_eq!(actions(&plan_json(&plan), ROLE), expected);
    }
}

#[tokio::test]
async fn after_unknown_marks_exactly_the_unknown_attributes() {
    let w = World::new();
    let plan = w.plan(&example(), &State::new()).await;
    let j = plan_json(&plan);
    let role = &entry(&j, "resource_changes", ROLE)["change"];
    let unknown = role["after_unknown"].as_object().expect("after_unknown object");
    assert_eq!(unknown.get("arn"), Some(&json!(true)));
    assert_eq!(unknown.get("unique_id"), Some(&json!(true)));
    assert!(unknown.get("name").is_none(), "known attributes are left out");

    // Exactly the planner's unknowns are `true`; anything else is a collection's mirror
    // without a `true` inside.
    for (addr, rc) in plan.changes.iter().map(|c| (c.addr.to_string(), c)) {
        let ch = &entry(&j, "resource_changes", &addr)["change"];
        let expected: BTreeSet<&str> =
            rc.after.iter().filter(|(_, v)| matches!(v, Value::Unknown(_))).map(|(k, _)| k.as_str()).collect();
        let marks = ch["after_unknown"].as_object().expect("object");
        let trues: BTreeSet<&str> = marks.iter().filter(|(_, v)| **v == json!(true)).map(|(k, _)| k.as_str()).collect();
        assert_eq!(trues, expected, "{addr}");
        for (k, v) in marks {
            assert!(*v == json!(true) || !v.to_string().contains("true"), "{addr}.{k}: {v}");
        }
        // Unknown attributes are left out of `after`; every known one is there.
        let after = ch["after"].as_object().expect("after object");
        for (k, v) in &rc.after {
            assert_eq!(after.contains_key(k), v.is_known(), "{addr}.{k}");
        }
    }
    // A list of known blocks is mirrored element by element.
    assert_eq!(role["after_unknown"]["inline_policy"], json!([{}]));
    assert_eq!(
        role["after"]["inline_policy"][0]["name"],
        "DefaultSecuritySettings-AWSEventsInspectorPolicy-ap-northeast-1"
    );

    // The output is unknown as a whole.
    let out = &j["output_changes"]["assessment_template_arn"];
    assert_eq!(out["actions"], json!(["create"]));
    assert_eq!((&out["before"], &out["after"], &out["after_unknown"]), (&Json::Null, &Json::Null, &json!(true)));
    assert_eq!((&out["before_sensitive"], &out["after_sensitive"]), (&json!(false), &json!(false)));
}

#[tokio::test]
async fn planned_values_leave_unknowns_out() {
    let w = World::new();
    let plan = w.plan(&example(), &State::new()).await;
    let j = plan_json(&plan);
    for rc in &plan.changes {
        let values = planned_resource(&j, &rc.addr.to_string())["values"].as_object().expect("values");
        for (k, v) in &rc.after {
            match v.to_json() {
                Some(known) => assert_eq!(values.get(k), Some(&known), "{}.{k}", rc.addr),
                None => assert!(!values.contains_key(k), "{}.{k} is unknown", rc.addr),
            }
        }
    }
    let role = planned_resource(&j, ROLE);
    assert_eq!(role["values"]["name"], "DefaultSecuritySettings-InspectorEvents-ap-northeast-1");
    assert!(role["values"].get("arn").is_none());
    assert_eq!(role["sensitive_values"], json!({ "inline_policy": [{}] }));
    let target = planned_resource(&j, "aws_cloudwatch_event_target.assessment");
    assert!(target["values"].get("role_arn").is_none() && target["values"].get("arn").is_none());
    assert_eq!(target["values"]["target_id"], "InspectorAssessmentTemplate");
    // An output whose value is unknown keeps only its sensitivity.
    assert_eq!(j["planned_values"]["outputs"]["assessment_template_arn"], json!({ "sensitive": false }));
    assert_eq!(change(&plan, ROLE).action, Action::Create);
}

#[tokio::test]
async fn drift_shows_as_resource_drift() {
    let w = World::new();
    let state = w.apply(&example(), &State::new()).await;
    w.edit_sandbox(|v| {
        v["regions"]["ap-northeast-1"]["events"]["rules"]["Amazon_Inspector_Assessment"]["schedule_expression"] =
            "cron(0 10 ? * 1 *)".into();
        v["regions"]["ap-northeast-1"]["events"]["rules"]["Amazon_Inspector_Assessment"]["targets"] = json!({});
    });
    let j = plan_json(&w.plan(&example(), &state).await);
    let rule = entry(&j, "resource_drift", "aws_cloudwatch_event_rule.assessment");
    assert_eq!(rule["change"]["actions"], json!(["update"]));
    assert_eq!(rule["change"]["before"]["schedule_expression"], "cron(0 9 ? * 1 *)");
    assert_eq!(rule["change"]["after"]["schedule_expression"], "cron(0 10 ? * 1 *)");
    let gone = entry(&j, "resource_drift", "aws_cloudwatch_event_target.assessment");
    assert_eq!(gone["change"]["actions"], json!(["delete"]));
    assert_eq!(gone["change"]["after"], Json::Null);
    assert_eq!(
        j["relevant_attributes"],
        json!([{ "resource": "aws_cloudwatch_event_rule.assessment", "attribute": ["schedule_expression"] }])
    );
    // The plan repairs both.
    assert_eq!(actions(&j, "aws_cloudwatch_event_rule.assessment"), json!(["update"]));
    assert_eq!(actions(&j, "aws_cloudwatch_event_target.assessment"), json!(["create"]));

    // Refresh-only: the same drift, and a no-op for every object that exists, showing it as
    // it is live; the deleted target has no change at all.
    let r = plan_json(&w.plan_mode(&example(), &state, true).await);
    assert_eq!(r["resource_drift"], j["resource_drift"]);
    assert_eq!(r["applyable"], true);
    let changes = r["resource_changes"].as_array().expect("resource_changes");
    assert_eq!(changes.len(), 5, "{r:#}");
    for c in changes {
        assert_eq!(c["change"]["actions"], json!(["no-op"]));
        assert_eq!(c["change"]["before"], c["change"]["after"]);
        assert!(c.get("action_reason").is_none());
    }
    let rule = entry(&r, "resource_changes", "aws_cloudwatch_event_rule.assessment");
    assert_eq!(rule["change"]["after"]["schedule_expression"], "cron(0 10 ? * 1 *)");
    assert!(changes.iter().all(|c| c["address"] != "aws_cloudwatch_event_target.assessment"));
}

#[tokio::test]
async fn the_plans_notes_ride_along_in_a_baseline_extension() {
    let w = World::new();
    let state = w.apply(&example(), &State::new()).await;
    let dir = w.example_with("edited", edit_everything);
    let j = plan_json(&w.plan(&dir, &state).await);
    let notes = |a: &str| entry(&j, "resource_changes", a).get("baseline").cloned().unwrap_or(Json::Null);

    // Why each doomed object goes, as the text plan and the PR comment say it.
    let role = notes(ROLE);
    assert!(role["destroy"]["forced_by"].as_array().is_some_and(|f| !f.is_empty()), "{role:#}");
    let gone = notes("aws_cloudwatch_event_target.assessment");
    assert_eq!(gone["destroy"]["reason"], "it is no longer in the configuration", "{gone:#}");
    // The schedule in words, before and after.
    let rule = notes("aws_cloudwatch_event_rule.assessment");
    assert_eq!(rule["schedule"]["attribute"], "schedule_expression");
    assert_eq!(rule["schedule"]["before"]["words"], "every Sunday at 09:00 UTC", "{rule:#}");
    assert!(rule["schedule"]["after"]["words"].is_string(), "{rule:#}");
    // Nothing to say, no extension.
    assert_eq!(notes("aws_iam_service_linked_role.inspector"), Json::Null);

    // Drift in words.
    w.edit_sandbox(|v| {
        v["regions"]["ap-northeast-1"]["events"]["rules"]["Amazon_Inspector_Assessment"]["schedule_expression"] =
            "cron(0 10 ? * 1 *)".into();
    });
    let d = plan_json(&w.plan(&example(), &state).await);
    let drift = entry(&d, "resource_drift", "aws_cloudwatch_event_rule.assessment");
    assert_eq!(drift["baseline"]["summary"], "schedule_expression changed outside baseline");
}

#[tokio::test]
async fn plan_json_of_the_example() {
    let w = World::new();
    let plan = w.plan(&example(), &State::new()).await;
    // Keys sorted: serde_json's key order depends on whether any crate in the build enables
    // `preserve_order`.
    let text = serde_json::to_string_pretty(&baseline::policy::sorted(&plan_json(&plan))).expect("json");
    // insta's JSON and redaction features are not enabled in this crate, so the snapshot is the
    // pretty-printed text with the moving parts filtered.
    let mut s = insta::Settings::clone_current();
    s.add_filter(r#""timestamp": "[^"]*""#, r#""timestamp": "[TIME]""#);
    s.add_filter(r#""terraform_version": "[^"]*""#, r#""terraform_version": "[VERSION]""#);
    s.add_filter(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "[UUID]");
    s.add_filter(&regex_escape(&w.dir.path().display().to_string()), "[TMP]");
    s.set_prepend_module_to_snapshot(false);
    s.bind(|| insta::assert_snapshot!("plan_json_inspector_classic", text));
}

fn regex_escape(s: &str) -> String {
    s.chars().map(|c| if c.is_ascii_alphanumeric() || c == '/' { c.to_string() } else { format!("\\{c}") }).collect()
}

#[tokio::test]
async fn state_json_lists_the_applied_resources() {
    let w = World::new();
    let state = w.apply(&example(), &State::new()).await;
    let j = state_json(&state);
    assert_eq!(j["format_version"], "1.0");
    assert!(j["terraform_version"].is_string());
    let resources = j["values"]["root_module"]["resources"].as_array().expect("resources");
    let addresses: Vec<&str> = resources.iter().filter_map(|r| r["address"].as_str()).collect();
    assert_eq!(
        addresses,
        [
            "aws_cloudwatch_event_rule.assessment",
            "aws_cloudwatch_event_target.assessment",
            "aws_iam_role.inspector_events",
            "aws_iam_service_linked_role.inspector",
            "aws_inspector_assessment_target.all_instances",
            "aws_inspector_assessment_template.all_rules",
        ]
    );
    for r in resources {
        assert_eq!(r["mode"], "managed");
        assert_eq!(r["provider_name"], "registry.terraform.io/hashicorp/aws");
        assert_eq!(r["schema_version"], 0);
        assert!(r["values"]["arn"].is_string(), "{r:#}");
        assert!(r["sensitive_values"].is_object());
    }
    let target = resources.iter().find(|r| r["address"] == "aws_cloudwatch_event_target.assessment").expect("target");
    let deps = target["depends_on"].as_array().expect("depends_on");
    assert!(deps.contains(&json!("aws_iam_role.inspector_events")), "{deps:?}");
    let out = &j["values"]["outputs"]["assessment_template_arn"];
    assert!(out["value"].as_str().is_some_and(|v| v.starts_with("arn:aws:inspector:")), "{out}");
    assert_eq!((&out["sensitive"], &out["type"]), (&json!(false), &json!("string")));
}
