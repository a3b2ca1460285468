//! Tests of apply: the check of final values against the plan (on a sandbox run), and of
//! results against the plan.

use std::sync::Mutex;

use super::*;
use crate::graph::Graph;
use crate::plan::PlanMode;
use crate::services::sandbox::Sandbox;
use crate::services::Clouds;
use crate::state::LocalStore;

const CONFIG: &str = r#"
    provider "aws" { region = "us-east-1" }
    resource "aws_iam_role" "r" {
      name               = "planned"
      description        = "as planned"
      assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [] })
    }
"#;

#[derive(Default)]
struct Recorder(Mutex<Vec<String>>);
impl Progress for Recorder {
    fn start(&self, addr: &Address, verb: &str) {
        self.0.lock().unwrap().push(format!("{addr}: {verb}"));
    }
    fn done(&self, _: &Address, _: &str, _: u64, _: Option<&str>) {}
    fn failed(&self, _: &Address, _: &str, _: &CloudError) {}
    fn note(&self, _: &str) {}
}

#[tokio::test]
async fn an_action_whose_final_values_differ_from_the_plan_is_refused() {
    let (config, diags) = crate::config::load_sources(vec![("main.hcl".into(), CONFIG.into())]);
    assert!(!diags.has_errors(), "{diags:?}");
    let mut diags = Diags::new();
    let graph = Graph::build(&config, &mut diags);
    let dir = tempfile::tempdir().unwrap();
    let sandbox = Sandbox::open(&dir.path().join("sandbox.json")).unwrap();
    let clouds = Clouds::new(sandbox);
    let vars = BTreeMap::new();
    let log = |_: &str| {};
    let planner = Planner {
        config: &config,
        graph: &graph,
        vars: &vars,
        clouds: &clouds,
        parallelism: 2,
        log: &log,
        focus: Default::default(),
        tags: Default::default(),
    };
    let mut plan = planner.plan(std::borrow::Cow::Owned(State::new()), PlanMode::Normal).await.expect("plan");
    // The plan a reviewer approved said something else than the config now evaluates to.
    plan.changes[0].after.insert("description".into(), Value::str("what the reviewer saw"));

    let mut writer = StateWriter::new(LocalStore::new(dir.path().join("state.json")), State::new());
    let progress = Recorder::default();
    let outcome = apply(&planner, &plan, &mut writer, &progress).await.expect("apply runs");
    assert_eq!(outcome.added, 0);
    let [failure] = outcome.failures.as_slice() else { panic!("one failure: {:?}", outcome.failures) };
    assert!(failure.error.starts_with("inconsistent final plan: `description` was planned as"), "{}", failure.error);
    assert!(progress.0.lock().unwrap().is_empty(), "no action was started");
    assert!(clouds.default_cloud().iam.get_role("planned").await.unwrap().is_none(), "nothing was created");
    assert!(writer.current().resources.is_empty());
}

#[test]
fn unknowns_may_become_anything_known_values_may_not_change() {
    let planned = BTreeMap::from([
        ("arn".to_string(), Value::UNKNOWN),
        ("tags".to_string(), Value::Object(BTreeMap::from([("a".to_string(), Value::UNKNOWN)]).into())),
        ("name".to_string(), Value::str("x")),
    ]);
    let mut fin = planned.clone();
    fin.insert("arn".into(), Value::str("arn:aws:iam::1:role/x"));
    fin.insert("tags".into(), Value::Object(BTreeMap::from([("a".to_string(), Value::str("b"))]).into()));
    assert_eq!(crate::plan::inconsistency(&planned, &fin), None);
    fin.insert("tags".into(), Value::Object(BTreeMap::new().into()));
    assert!(crate::plan::inconsistency(&planned, &fin).unwrap().starts_with("`tags` was planned as"));
    fin.insert("tags".into(), planned["tags"].clone());
    fin.insert("name".into(), Value::UNKNOWN);
    assert!(crate::plan::inconsistency(&planned, &fin).unwrap().contains("is now (known after apply)"));
}

#[test]
fn a_result_is_held_to_the_arguments_the_plan_knew() {
    let schema = resources::resource_type("aws_iam_role").unwrap().schema();
    let planned: BTreeMap<String, Value> = [
        ("name", Value::str("r")),
        ("description", Value::str("planned")),
        ("assume_role_policy", Value::str(r#"{"Version":"2012-10-17","Statement":[]}"#)),
        ("arn", Value::UNKNOWN),
        ("max_session_duration", Value::num(3600.0)),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect();
    let got: Obj = serde_json::from_value(serde_json::json!({
        "name": "r",
        "description": "changed by AWS",
        // The same document, written otherwise: no difference.
        "assume_role_policy": "{\"Statement\": [], \"Version\": \"2012-10-17\"}",
        "arn": "arn:aws:iam::123456789012:role/r",
        "max_session_duration": 3600
    }))
    .unwrap();
    let differ = inconsistencies(schema, &planned, &[], &got);
    assert_eq!(differ, [r#".description: was "planned", but now "changed by AWS""#]);
    // A sensitive argument is named, its values never shown.
    let differ = inconsistencies(schema, &planned, &["description".to_string()], &got);
    assert_eq!(differ, [".description: inconsistent values for sensitive attribute"]);
    let mut same = got.clone();
    same.insert("description".into(), "planned".into());
    assert!(inconsistencies(schema, &planned, &[], &same).is_empty());
}
