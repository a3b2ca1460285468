//! Plans and states in Terraform's machine-readable format (what `terraform show -json` prints),
//! so tools written for Terraform plans — checkov, OPA/conftest policies, infracost — read
//! baseline's unchanged. Plan format version 1.2, state format version 1.0.
//!
//! Where Terraform's own choices are not obvious they are followed on purpose: unknown
//! attributes are left out of `after` and `planned_values` (and shown in `after_unknown`),
//! empty collections are left out at the top level, and `*_sensitive` mirror the value's
//! structure with nothing marked (baseline has no sensitive attributes).

use std::collections::BTreeMap;

use serde_json::{json, Map, Value as Json};

use crate::addr::{Address, Mode};
use crate::lang::Value;
use crate::plan::{Action, Drift, Plan, ResourceChange};
use crate::resources::Obj;
use crate::state::State;

/// Terraform's plan JSON format version this module writes.
const PLAN_FORMAT_VERSION: &str = "1.2";
/// Terraform's state JSON format version this module writes.
const STATE_FORMAT_VERSION: &str = "1.0";
/// Terraform's JSON plan representation of `plan`.
pub fn plan_json(plan: &Plan) -> Json {
    let changes = change_views(plan);
    let mut out = Map::new();
    out.insert("format_version".into(), json!(PLAN_FORMAT_VERSION));
    out.insert("terraform_version".into(), json!(env!("CARGO_PKG_VERSION")));
    if !plan.variables.is_empty() {
        let vars: Map<String, Json> = plan
            .variables
            .iter()
            .map(|(k, v)| (k.clone(), json!({ "value": v.to_json().unwrap_or(Json::Null) })))
            .collect();
        out.insert("variables".into(), Json::Object(vars));
    }
    out.insert("planned_values".into(), planned_values(plan, &changes));
    if !plan.checks.is_empty() {
        // Terraform's `checks`: one entry per check block with its status and problems.
        let checks: Vec<Json> = plan
            .checks
            .iter()
            .map(|c| {
                let address = json!({ "kind": "check", "name": c.name, "to_display": format!("check.{}", c.name) });
                let problems: Vec<Json> = c.problems.iter().map(|m| json!({ "message": m })).collect();
                json!({
                    "address": address,
                    "status": c.status,
                    "instances": [{ "address": { "to_display": format!("check.{}", c.name) }, "status": c.status, "problems": problems }],
                })
            })
            .collect();
        out.insert("checks".into(), Json::Array(checks));
    }
    let drift: Vec<Json> = plan.drift.iter().map(drift_entry).collect();
    if !drift.is_empty() {
        out.insert("resource_drift".into(), Json::Array(drift));
    }
    let resource_changes: Vec<Json> = changes.iter().map(change_entry).collect();
    if !resource_changes.is_empty() {
        out.insert("resource_changes".into(), Json::Array(resource_changes));
    }
    let outputs = output_changes(plan);
    if !outputs.is_empty() {
        out.insert("output_changes".into(), Json::Object(outputs));
    }
    // Terraform's prior state is the refreshed state including the data sources read while
    // planning; it is left out when there is nothing in it.
    let prior = state_doc(&plan.refreshed, &plan.data);
    if prior.get("values").is_some() {
        out.insert("prior_state".into(), prior);
    }
    out.insert("configuration".into(), plan.configuration.clone());
    let relevant = relevant_attributes(&plan.drift);
    if !relevant.is_empty() {
        out.insert("relevant_attributes".into(), Json::Array(relevant));
    }
    out.insert("timestamp".into(), json!(humantime::format_rfc3339_seconds(std::time::SystemTime::now()).to_string()));
    out.insert("applyable".into(), json!(plan.has_actions()));
    out.insert("complete".into(), json!(true));
    out.insert("errored".into(), json!(false));
    Json::Object(out)
}

/// Terraform's JSON state representation (`terraform show -json` without a plan file).
pub fn state_json(state: &State) -> Json {
    state_doc(state, &BTreeMap::new())
}

// ---- resource changes ----

/// One resource change as the JSON shows it. A refresh-only plan shows Terraform's view:
/// a no-op for every object that exists, with the refreshed object both before and after.
struct ChangeView<'a> {
    source: &'a ResourceChange,
    action: Action,
    /// The planned object; `None` when nothing exists afterwards (delete).
    after: Option<Value>,
}

fn change_views(plan: &Plan) -> Vec<ChangeView<'_>> {
    if plan.refresh_only {
        return plan
            .changes
            .iter()
            .filter_map(|c| {
                let before = c.before.as_ref()?;
                Some(ChangeView { source: c, action: Action::NoOp, after: Some(obj_value(before)) })
            })
            .collect();
    }
    plan.changes
        .iter()
        .map(|c| {
            let after = match c.action {
                Action::Delete => None,
                Action::Read if c.after.is_empty() => Some(read_after(&c.addr)),
                _ => Some(Value::from(c.after.clone())),
            };
            ChangeView { source: c, action: c.action, after }
        })
        .collect()
}

/// A data source read during apply: the planner records no object, so its results (every
/// attribute the cloud fills in) are unknown. Its arguments are not in the plan and are left
/// out.
fn read_after(addr: &Address) -> Value {
    let attrs = crate::resources::data_source(&addr.type_name)
        .map(|d| d.schema().attrs)
        .unwrap_or_default()
        .iter()
        .filter(|a| a.computed_by_cloud())
        .map(|a| (a.name.to_string(), Value::UNKNOWN))
        .collect();
    Value::Object(attrs)
}

fn actions(a: Action) -> Json {
    let list: &[&str] = match a {
        Action::NoOp => &["no-op"],
        Action::Create => &["create"],
        Action::Read => &["read"],
        Action::Update => &["update"],
        Action::Replace { create_before_destroy: false } => &["delete", "create"],
        Action::Replace { create_before_destroy: true } => &["create", "delete"],
        Action::Delete => &["delete"],
        Action::Forget => &["forget"],
    };
    json!(list)
}

/// `address`, `mode`, `type`, `name`, `index` (for count/for_each instances only, as Terraform
/// leaves it out otherwise) and `provider_name` of a resource.
fn resource_header(addr: &Address) -> Map<String, Json> {
    let mut m = Map::new();
    m.insert("address".into(), json!(addr.to_string()));
    if !addr.module.is_empty() {
        m.insert("module_address".into(), json!(crate::addr::module_path_string(&addr.module)));
    }
    m.insert("mode".into(), json!(mode_name(addr.mode)));
    m.insert("type".into(), json!(addr.type_name));
    m.insert("name".into(), json!(addr.name));
    match &addr.key {
        Some(crate::addr::InstanceKey::Index(i)) => {
            m.insert("index".into(), json!(i));
        }
        Some(crate::addr::InstanceKey::Key(k)) => {
            m.insert("index".into(), json!(k));
        }
        None => {}
    }
    m.insert("provider_name".into(), json!(crate::resources::provider_source(&addr.type_name)));
    m
}

fn mode_name(m: Mode) -> &'static str {
    match m {
        Mode::Managed => "managed",
        Mode::Data => "data",
    }
}

/// The `change` object: before/after with their unknown and sensitive masks. A missing side
/// is `null`, and its sensitive mask `false`, as Terraform writes a null object.
fn change_object(
    action: Action,
    before: Option<&Obj>,
    after: Option<&Value>,
    sensitive: &[String],
) -> Map<String, Json> {
    let before = before.map(|b| Json::Object(b.clone()));
    let before_sensitive = before.as_ref().map_or(json!(false), |b| marked(sensitive_mask(b), sensitive));
    let (after, after_unknown, after_sensitive) = match after {
        Some(a) => {
            let known = known_part(a).unwrap_or(Json::Null);
            // A wholly known object has nothing unknown to mirror.
            let unknown = if a.is_known() { json!({}) } else { unknown_mask(a) };
            let mask = marked(sensitive_mask(&known), sensitive);
            (known, unknown, mask)
        }
        None => (Json::Null, json!({}), json!(false)),
    };
    let mut m = Map::new();
    m.insert("actions".into(), actions(action));
    m.insert("before".into(), before.unwrap_or(Json::Null));
    m.insert("after".into(), after);
    m.insert("after_unknown".into(), after_unknown);
    m.insert("before_sensitive".into(), before_sensitive);
    m.insert("after_sensitive".into(), after_sensitive);
    m
}

fn change_entry(c: &ChangeView<'_>) -> Json {
    let rc = c.source;
    let mut change = change_object(c.action, rc.before.as_ref(), c.after.as_ref(), &rc.sensitive);
    if let Some(id) = &rc.importing {
        change.insert("importing".into(), json!({ "id": id }));
    }
    if matches!(c.action, Action::Replace { .. }) {
        let paths: Vec<Json> = rc
            .attrs
            .iter()
            .filter(|a| a.forces_replacement)
            .map(|a| &a.name)
            .chain(rc.blocks.iter().filter(|b| b.forces_replacement).map(|b| &b.name))
            .map(|n| json!([n]))
            .collect();
        // Left out when no attribute caused it (a region move), as Terraform does.
        if !paths.is_empty() {
            change.insert("replace_paths".into(), Json::Array(paths));
        }
    }
    let mut m = resource_header(&rc.addr);
    if let Some(old) = &rc.previous_address {
        m.insert("previous_address".into(), json!(old.to_string()));
    }
    m.insert("change".into(), Json::Object(change));
    if let Some(reason) = action_reason(c) {
        m.insert("action_reason".into(), json!(reason));
    }
    if let Some(notes) = notes_json(rc, c.action) {
        m.insert("baseline".into(), notes);
    }
    Json::Object(m)
}

/// baseline's notes on a change, as the plan decided them: review warnings, the schedule in
/// words, why the account cannot carry it out (preflight), why the object is destroyed. An extension object (`"baseline"`) that readers of
/// Terraform's format ignore; left out when there is nothing to say.
fn notes_json(c: &ResourceChange, action: Action) -> Option<Json> {
    let mut m = Map::new();
    if !c.warnings.is_empty() {
        let w: Vec<Json> =
            c.warnings.iter().map(|w| json!({ "attribute": w.attribute, "message": w.message })).collect();
        m.insert("warnings".into(), Json::Array(w));
    }
    if let Some(s) = &c.schedule {
        let reading = |r: &crate::plan::notes::Reading| json!({ "expression": r.expression, "words": r.words });
        let mut j = Map::new();
        j.insert("attribute".into(), json!(s.attribute));
        j.insert("before".into(), s.before.as_ref().map_or(Json::Null, reading));
        j.insert("after".into(), s.after.as_ref().map_or(Json::Null, reading));
        j.insert("after_unknown".into(), json!(s.after_unknown));
        m.insert("schedule".into(), Json::Object(j));
    }
    if let Some(why) = &c.preflight {
        m.insert("preflight".into(), json!(why));
    }
    if let (Some(d), Action::Delete | Action::Replace { .. }) = (&c.destroy_notice, action) {
        m.insert("destroy".into(), json!({ "forced_by": d.forced_by, "reason": d.reason }));
    }
    (!m.is_empty()).then_some(Json::Object(m))
}

/// Terraform's machine-readable reason, where it gives one.
fn action_reason(c: &ChangeView<'_>) -> Option<&'static str> {
    match c.action {
        // Baseline replaces only because an attribute (or the region) cannot be updated.
        Action::Replace { .. } => Some("replace_because_cannot_update"),
        Action::Delete => c
            .source
            .reason
            .as_deref()
            .filter(|r| r.contains("no longer in the configuration"))
            .map(|_| "delete_because_no_resource_config"),
        Action::Read => Some(if c.source.read_waits_for_dependency {
            "read_because_dependency_pending"
        } else {
            "read_because_config_unknown"
        }),
        _ => None,
    }
}

fn drift_entry(d: &Drift) -> Json {
    let (action, after) = match &d.live {
        Some(live) if !d.deleted => (Action::Update, Some(obj_value(live))),
        _ => (Action::Delete, None),
    };
    let mut m = resource_header(&d.addr);
    m.insert("change".into(), Json::Object(change_object(action, Some(&d.stored), after.as_ref(), &[])));
    m.insert("baseline".into(), json!({ "summary": d.summary }));
    Json::Object(m)
}

/// Each attribute and block type that changed outside baseline: all of them bear on the plan.
fn relevant_attributes(drift: &[Drift]) -> Vec<Json> {
    drift
        .iter()
        .filter(|d| !d.deleted)
        .flat_map(|d| {
            let names = d.attrs.iter().map(|a| &a.name).chain(d.blocks.iter().map(|b| &b.name));
            names.map(move |n| json!({ "resource": d.addr.to_string(), "attribute": [n] }))
        })
        .collect()
}

// ---- planned values and outputs ----

/// Terraform's module tree of resource values: the root module's `resources`, and each
/// module instance's under `child_modules` (with its `address`), all ordered by address.
fn module_tree(resources: &[(Address, Json)], prefix: &[crate::addr::ModuleStep]) -> Map<String, Json> {
    let mut m = Map::new();
    if !prefix.is_empty() {
        m.insert("address".into(), json!(crate::addr::module_path_string(prefix)));
    }
    let own: Vec<Json> = resources.iter().filter(|(a, _)| a.module == prefix).map(|(_, r)| r.clone()).collect();
    if !own.is_empty() {
        m.insert("resources".into(), Json::Array(own));
    }
    let mut children: Vec<Vec<crate::addr::ModuleStep>> = resources
        .iter()
        .filter(|(a, _)| a.module.len() > prefix.len() && a.module.starts_with(prefix))
        .map(|(a, _)| a.module[..prefix.len() + 1].to_vec())
        .collect();
    children.sort_by_key(|c| crate::addr::module_path_string(c));
    children.dedup();
    if !children.is_empty() {
        let list = children.iter().map(|c| Json::Object(module_tree(resources, c))).collect();
        m.insert("child_modules".into(), Json::Array(list));
    }
    m
}

fn planned_values(plan: &Plan, changes: &[ChangeView<'_>]) -> Json {
    let mut resources: Vec<(Address, Json)> = changes
        .iter()
        .filter_map(|c| {
            let after = c.after.as_ref()?;
            let values = match known_part(after) {
                Some(Json::Object(o)) => Json::Object(o),
                _ => json!({}),
            };
            let mut m = resource_header(&c.source.addr);
            m.insert("schema_version".into(), json!(0));
            let sensitive = marked(sensitive_mask(&values), &c.source.sensitive);
            m.insert("values".into(), values);
            m.insert("sensitive_values".into(), sensitive);
            Some((c.source.addr.clone(), Json::Object(m)))
        })
        .collect();
    // Terraform orders them by address text.
    resources.sort_by_key(|a| a.0.to_string());
    let root = module_tree(&resources, &[]);
    let mut out = Map::new();
    let sensitive: BTreeMap<String, bool> = plan.output_changes().into_iter().map(|o| (o.name, o.sensitive)).collect();
    let outputs: Map<String, Json> = plan
        .outputs
        .iter()
        .map(|(name, v)| {
            let mut o = Map::new();
            o.insert("sensitive".into(), json!(sensitive.get(name).copied().unwrap_or(false)));
            // Terraform leaves the value and its type out until all of it is known.
            if let Some(j) = v.to_json() {
                o.insert("type".into(), crate::lang::unify::type_json(v));
                o.insert("value".into(), j);
            }
            (name.clone(), Json::Object(o))
        })
        .collect();
    if !outputs.is_empty() {
        out.insert("outputs".into(), Json::Object(outputs));
    }
    out.insert("root_module".into(), Json::Object(root));
    Json::Object(out)
}

fn output_changes(plan: &Plan) -> Map<String, Json> {
    let mut out = Map::new();
    for o in plan.output_changes() {
        let action = match o.action {
            Action::Create => "create",
            Action::Update => "update",
            Action::Delete => "delete",
            _ => "no-op",
        };
        // A deleted output has no after value (not even a known part of one).
        let (after, unknown) = match o.action {
            Action::Delete if !plan.outputs.contains_key(&o.name) => (None, json!(false)),
            _ if o.after.is_known() => (known_part(&o.after), json!(false)),
            _ => (known_part(&o.after), unknown_mask(&o.after)),
        };
        // Terraform only knows whether the output as a whole is sensitive, so both masks are
        // that one boolean.
        out.insert(
            o.name.clone(),
            json!({
                "actions": [action],
                "before": o.before.clone().unwrap_or(Json::Null),
                "after": after.unwrap_or(Json::Null),
                "after_unknown": unknown,
                "before_sensitive": o.sensitive,
                "after_sensitive": o.sensitive,
            }),
        );
    }
    out
}

// ---- state ----

/// The state document for `state` plus data source results `data`; only `format_version`
/// when both are empty, as Terraform prints for an empty state.
fn state_doc(state: &State, data: &BTreeMap<Address, Obj>) -> Json {
    if state.resources.is_empty() && state.outputs.is_empty() && data.is_empty() {
        return json!({ "format_version": STATE_FORMAT_VERSION });
    }
    let managed = state.resources.iter().map(|r| {
        let deps: Vec<String> = r.dependencies.iter().map(Address::to_string).collect();
        (&r.address, &r.attributes, deps)
    });
    let read = data.iter().map(|(a, o)| (a, o, Vec::new()));
    let mut resources: Vec<(Address, Json)> = managed
        .chain(read)
        .map(|(addr, attrs, deps)| {
            let values = Json::Object(attrs.clone());
            let mut m = resource_header(addr);
            m.insert("schema_version".into(), json!(0));
            let sensitive = sensitive_mask(&values);
            m.insert("values".into(), values);
            m.insert("sensitive_values".into(), sensitive);
            if !deps.is_empty() {
                m.insert("depends_on".into(), json!(deps));
            }
            ((*addr).clone(), Json::Object(m))
        })
        .collect();
    resources.sort_by_key(|a| a.0.to_string());
    let root = module_tree(&resources, &[]);
    let mut values = Map::new();
    if !state.outputs.is_empty() {
        let outputs: Map<String, Json> = state
            .outputs
            .iter()
            .map(|(k, o)| (k.clone(), json!({ "sensitive": o.sensitive, "value": o.value, "type": o.type_json() })))
            .collect();
        values.insert("outputs".into(), Json::Object(outputs));
    }
    values.insert("root_module".into(), Json::Object(root));
    json!({
        "format_version": STATE_FORMAT_VERSION,
        "terraform_version": state.baseline_version,
        "values": values,
    })
}

/// The type Terraform would give a JSON value of unknown type (cty's implied type): the state
/// keeps output values but not their declared types.
pub fn implied_type(j: &Json) -> Json {
    match j {
        Json::Null => json!("dynamic"),
        Json::Bool(_) => json!("bool"),
        Json::Number(_) => json!("number"),
        Json::String(_) => json!("string"),
        Json::Array(a) => json!(["tuple", a.iter().map(implied_type).collect::<Vec<_>>()]),
        Json::Object(o) => {
            json!(["object", o.iter().map(|(k, v)| (k.clone(), implied_type(v))).collect::<Map<String, Json>>()])
        }
    }
}

// ---- value masks ----

fn obj_value(o: &Obj) -> Value {
    Value::Object(o.iter().map(|(k, v)| (k.clone(), Value::from_json(v))).collect())
}

/// The value with unknowns left out: object attributes dropped, list elements nulled (list
/// positions are how `after_unknown` lines up with `after`). `None` for a wholly unknown value.
fn known_part(v: &Value) -> Option<Json> {
    Some(match v {
        Value::Unknown(_) => return None,
        Value::List(items) => Json::Array(items.iter().map(|x| known_part(x).unwrap_or(Json::Null)).collect()),
        Value::Object(m) => Json::Object(m.iter().filter_map(|(k, x)| Some((k.clone(), known_part(x)?))).collect()),
        // Known scalars and null convert directly; the fallback is unreachable.
        other => other.to_json().unwrap_or(Json::Null),
    })
}

/// `after_unknown`: `true` at every unknown leaf; lists keep one entry per element, objects
/// keep only the entries that are not plain `false`.
fn unknown_mask(v: &Value) -> Json {
    match v {
        Value::Unknown(_) => json!(true),
        Value::List(items) => Json::Array(items.iter().map(unknown_mask).collect()),
        Value::Object(m) => Json::Object(
            m.iter().map(|(k, x)| (k.clone(), unknown_mask(x))).filter(|(_, x)| *x != Json::Bool(false)).collect(),
        ),
        _ => json!(false),
    }
}

/// `mask` with each of the `sensitive` attributes marked `true` (the whole attribute).
fn marked(mask: Json, sensitive: &[String]) -> Json {
    match mask {
        Json::Object(mut m) if !sensitive.is_empty() => {
            for a in sensitive {
                m.insert(a.clone(), json!(true));
            }
            Json::Object(m)
        }
        other => other,
    }
}

/// `*_sensitive` and `sensitive_values`: the value's structure with every leaf `false` (no
/// baseline attribute is sensitive); objects drop their `false` entries, lists keep them.
fn sensitive_mask(j: &Json) -> Json {
    match j {
        Json::Array(a) => Json::Array(a.iter().map(sensitive_mask).collect()),
        Json::Object(o) => Json::Object(
            o.iter().map(|(k, x)| (k.clone(), sensitive_mask(x))).filter(|(_, x)| *x != Json::Bool(false)).collect(),
        ),
        _ => json!(false),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_mirror_lists_and_drop_known_object_entries() {
        let v = Value::from(BTreeMap::from([
            ("arn".to_string(), Value::UNKNOWN),
            ("name".to_string(), Value::str("r")),
            ("list".to_string(), Value::from(vec![Value::str("a"), Value::UNKNOWN])),
            ("tags".to_string(), Value::from(BTreeMap::new())),
        ]));
        assert_eq!(unknown_mask(&v), json!({ "arn": true, "list": [false, true], "tags": {} }));
        assert_eq!(known_part(&v), Some(json!({ "name": "r", "list": ["a", null], "tags": {} })));
        assert_eq!(
            sensitive_mask(&json!({ "a": 1, "l": ["x"], "o": { "b": null } })),
            json!({ "l": [false], "o": {} })
        );
    }

    #[test]
    fn empty_state_is_only_a_format_version() {
        assert_eq!(state_json(&State::new()), json!({ "format_version": "1.0" }));
    }
}
