//! Per-resource planning: evaluating a resource's config into desired values, and comparing
//! them with the live object to decide the action, attribute by attribute.

use std::collections::BTreeMap;

use serde_json::Value as Json;

use super::{Action, AttrDiff, BlockDiff};
use crate::config::{Expr, Lifecycle, ResourceConfig};
use crate::diag::{Diag, Diags, Span};
use crate::lang::{eval_scoped, Resolver, Scope, Seq, Type, Value};
use crate::resources::Obj;
use crate::schema::{self, Attr, BlockType, Invalid, Presence, Schema};

/// A resource's config, evaluated and converted to its schema's types.
#[derive(Debug, Clone, Default)]
pub struct Desired {
    pub attrs: BTreeMap<String, Value>,
    /// Configured nested blocks; a block type absent from the map is not configured.
    pub blocks: BTreeMap<String, Vec<BTreeMap<String, Value>>>,
    /// Attributes the planner computes rather than the configuration sets (`tags_all`): null
    /// there means "none", which an update must put in place, not "unset, keep the live value".
    pub derived: std::collections::BTreeSet<&'static str>,
}

/// Where an invalid value is: the literal's inner range when the value is a plain string
/// literal (so a bad cron field is underlined exactly), else the whole expression.
fn value_span(
    config_sources: &crate::diag::SourceMap,
    e: &Expr,
    range: Option<std::ops::Range<usize>>,
) -> Option<Span> {
    let vspan = hcl_edit::Span::span(&e.expr).map(|r| Span::new(e.file, r));
    if let (Some(vs), Some(r), hcl_edit::expr::Expression::String(s)) = (vspan, range, &e.expr) {
        let raw = config_sources.snippet(vs);
        if raw.len() == s.value().len() + 2 {
            return Some(Span { file: vs.file, start: vs.start + 1 + r.start, end: vs.start + 1 + r.end });
        }
    }
    vspan.or(e.span)
}

fn invalid_diag(sources: &crate::diag::SourceMap, addr: &str, attr: &str, e: &Expr, inv: Invalid) -> Diag {
    Diag::error("baseline::config::invalid_value", format!("invalid `{attr}` of `{addr}`: {}", inv.message))
        .at(value_span(sources, e, inv.range), "invalid value")
        .maybe_help(inv.help)
}

/// Where a resource's expressions are evaluated: the resolver, the local symbols of enclosing
/// `dynamic` blocks, and the source text for diagnostics.
struct Ctx<'a> {
    r: &'a dyn Resolver,
    sources: &'a crate::diag::SourceMap,
    addr: &'a str,
}

fn eval_attr(cx: &Ctx, scope: &Scope, a: &Attr, e: &Expr, diags: &mut Diags) -> Value {
    let (sources, addr) = (cx.sources, cx.addr);
    let v = eval_scoped(&e.expr, e.file, cx.r, scope, diags);
    let v = match schema::convert(&v, a.ty) {
        Ok(Value::String(s)) if s.is_empty() && a.empty_is_unset => Value::NULL,
        Ok(v) => v,
        Err(msg) => {
            diags.push(
                Diag::error("baseline::config::type", format!("wrong type for `{}` of `{addr}`: {msg}", a.name))
                    .at(value_span(sources, e, None), "wrong type"),
            );
            return Value::UNKNOWN;
        }
    };
    if let (Some(check), Some(j)) = (a.validate, v.to_json()) {
        if !j.is_null() {
            if let Err(inv) = check(&j) {
                diags.push(invalid_diag(sources, addr, a.name, e, inv));
            }
        }
    }
    v
}

/// The values of a list of nested blocks: each static block once, each `dynamic` block once
/// per element of its `for_each` (with its iterator in scope). A `for_each` not known yet
/// gives one block evaluated with an unknown iterator, so its mistakes are still reported.
fn eval_blocks(
    cx: &Ctx,
    scope: &Scope,
    bt: &crate::schema::BlockType,
    items: &[crate::config::NestedBlock],
    diags: &mut Diags,
) -> Vec<BTreeMap<String, Value>> {
    let mut out = Vec::new();
    for it in items {
        let Some(dy) = &it.dynamic else {
            out.push(eval_block(cx, scope, bt, it, diags));
            continue;
        };
        let coll = eval_scoped(&dy.for_each.expr, dy.for_each.file, cx.r, scope, diags);
        let pairs: Vec<(Value, Value)> = match coll.pairs() {
            Ok(pairs) => pairs,
            Err(Value::Unknown(_)) => vec![(Value::UNKNOWN, Value::UNKNOWN)],
            Err(other) => {
                diags.push(
                    Diag::error(
                        "baseline::config::dynamic",
                        format!("a `dynamic` block's `for_each` must be a list, set or map, not {}", other.type_name()),
                    )
                    .at(dy.for_each.span, "not a collection"),
                );
                continue;
            }
        };
        for (k, v) in pairs {
            let iter = Value::object(BTreeMap::from([("key".to_string(), k), ("value".to_string(), v)]));
            let inner = scope.child(vec![(dy.iterator.clone(), iter)]);
            out.push(eval_block(cx, &inner, bt, it, diags));
        }
    }
    out
}

/// One nested block's values: its attributes (null when unset) and, recursively, its blocks
/// as lists of objects.
fn eval_block(
    cx: &Ctx,
    scope: &Scope,
    bt: &crate::schema::BlockType,
    it: &crate::config::NestedBlock,
    diags: &mut Diags,
) -> BTreeMap<String, Value> {
    let mut m = BTreeMap::new();
    for a in bt.attrs {
        let v = match it.attrs.get(a.name) {
            Some(e) => eval_attr(cx, scope, a, e, diags),
            None => a.default_json().map(|j| Value::from_json(&j)).unwrap_or(Value::NULL),
        };
        m.insert(a.name.to_string(), v);
    }
    for inner in bt.blocks {
        let items = it.blocks.get(inner.name).map(Vec::as_slice).unwrap_or(&[]);
        let list = eval_blocks(cx, scope, inner, items, diags).into_iter().map(Value::from).collect();
        m.insert(inner.name.to_string(), Value::List(list));
    }
    m
}

/// Evaluates a resource's arguments and blocks against `r`, checking types and values.
pub fn desired(
    rc: &ResourceConfig,
    schema: &Schema,
    default_region: &str,
    check: &dyn Fn(&Obj) -> Vec<(&'static str, Invalid)>,
    r: &dyn Resolver,
    sources: &crate::diag::SourceMap,
    diags: &mut Diags,
) -> Desired {
    let addr = rc.addr.to_string();
    let cx = Ctx { r, sources, addr: &addr };
    let top = Scope::empty();
    let mut d = Desired::default();
    for (name, e) in &rc.attrs {
        if let Some(a) = schema.attr(name) {
            d.attrs.insert(name.clone(), eval_attr(&cx, &top, a, e, diags));
        }
    }
    for (bname, items) in &rc.blocks {
        let Some(bt) = schema.block(bname) else {
            // Generated `timeouts`: checked here; the waits use the written block's limits.
            if bname == schema::TIMEOUTS.name {
                let out = eval_blocks(&cx, &top, &schema::TIMEOUTS, items, diags);
                if out.len() > 1 {
                    let span = items.first().map_or(rc.span, |i| i.span);
                    diags.push(
                        Diag::error("baseline::config::too_many", "at most 1 `timeouts` block allowed")
                            .at(span, "generates too many"),
                    );
                }
            }
            continue;
        };
        let out = eval_blocks(&cx, &top, bt, items, diags);
        if let Some(max) = bt.max_items.filter(|&m| out.len() > m) {
            let span = items.iter().find(|i| i.dynamic.is_some()).map_or(rc.span, |i| i.span);
            diags.push(
                Diag::error(
                    "baseline::config::too_many",
                    format!("at most {max} `{bname}` block(s) allowed, got {}", out.len()),
                )
                .at(span, "generates too many"),
            );
        }
        // Zero generated blocks read as no block written, as in Terraform.
        if !out.is_empty() || items.iter().any(|i| i.dynamic.is_none()) {
            d.blocks.insert(bname.clone(), out);
        }
    }
    // Regional types take the provider's region unless they set their own (as in the
    // Terraform AWS provider v6).
    if schema.attr("region").is_some() && d.attrs.get("region").is_none_or(|v| matches!(v, Value::Null(_))) {
        d.attrs.insert("region".to_string(), Value::str(default_region));
    }
    // Cross-attribute checks need every value known.
    let mut known = Obj::new();
    let mut all_known = true;
    for a in schema.attrs {
        let v = d.attrs.get(a.name).cloned().unwrap_or(Value::NULL);
        match v.to_json() {
            Some(j) => {
                let j = if j.is_null() { a.default_json().unwrap_or(Json::Null) } else { j };
                known.insert(a.name.to_string(), j);
            }
            None => all_known = false,
        }
    }
    for bt in schema.blocks {
        let items = d.blocks.get(bt.name).map(|b| block_value(b)).unwrap_or(Value::List(Seq::default()));
        match items.to_json() {
            Some(j) => {
                known.insert(bt.name.to_string(), j);
            }
            None => all_known = false,
        }
    }
    // A misspelt argument is reported where it is read; "needs `x`" would only repeat it.
    if all_known && !rc.misspelt {
        for (attr, inv) in check(&known) {
            let span = rc.attrs.get(attr).map(|e| value_span(sources, e, None)).unwrap_or(rc.span);
            diags.push(
                Diag::error("baseline::config::invalid_value", format!("invalid `{addr}`: {}", inv.message))
                    .at(span, "invalid")
                    .maybe_help(inv.help),
            );
        }
    }
    d
}

impl Desired {
    /// Sets `tags_all` of a tagged type: `tags` over the provider's `default_tags`, without
    /// ignored keys. A tag whose value is null is dropped from `tags` first, as the provider does.
    pub fn with_tags_all(mut self, schema: &Schema, policy: &crate::plan::tags::TagPolicy) -> Desired {
        if crate::plan::tags::tagged(schema) {
            if let Some(tags) = self.attrs.get_mut("tags") {
                *tags = crate::plan::tags::without_null_values(tags);
            }
            let all = policy.desired_all(self.attrs.get("tags"));
            self.attrs.insert("tags_all".into(), all);
            self.derived.insert("tags_all");
        }
        self
    }

    /// A data source's arguments and blocks as its `read` takes them; `None` while any part
    /// is unknown (the read then waits for apply).
    pub fn data_args(&self) -> Option<Obj> {
        let mut out: Obj = self.attrs.iter().map(|(k, v)| Some((k.clone(), v.to_json()?))).collect::<Option<_>>()?;
        for (name, items) in &self.blocks {
            let list: Vec<Json> = items.iter().map(|m| Value::from(m.clone()).to_json()).collect::<Option<_>>()?;
            out.insert(name.clone(), Json::Array(list));
        }
        Some(out)
    }

    /// The region the object lives in: its `region` argument, else `fallback`.
    pub fn region(&self, fallback: &str) -> String {
        match self.attrs.get("region") {
            Some(Value::String(r)) => r.clone(),
            _ => fallback.to_string(),
        }
    }
}

/// The outcome of comparing one resource's desired values with its live object.
#[derive(Debug, Clone)]
pub struct Planned {
    pub action: Action,
    pub after: BTreeMap<String, Value>,
    pub attrs: Vec<AttrDiff>,
    pub blocks: Vec<BlockDiff>,
}

fn ignored(lc: &Lifecycle, name: &str) -> bool {
    lc.ignore_changes.iter().any(|x| x == "*" || x == name)
}

fn explain(a: &Attr, v: &Value, before: Option<&Json>) -> Option<String> {
    let f = a.explain?;
    match v {
        Value::String(s) => f(s),
        Value::Unknown(_) | Value::Null(_) => before.and_then(Json::as_str).and_then(f),
        _ => None,
    }
}

/// Inside a configured single block, a nested block that keeps its live value when unset
/// (Optional and Computed in the provider) and is not configured takes the live one, at every
/// depth: configuring `datasources { s3_logs { … } }` leaves `datasources.kubernetes` as it is.
fn keep_live_nested(bt: &BlockType, item: &mut BTreeMap<String, Value>, live: Option<&Json>) {
    for inner in bt.blocks {
        let live_inner = live.and_then(|l| l.get(inner.name)).and_then(Json::as_array);
        let configured = item.get(inner.name).is_some_and(|v| matches!(v, Value::List(l) if !l.is_empty()));
        match (configured, live_inner) {
            (false, Some(l)) if inner.keep_live_when_unset && !l.is_empty() => {
                item.insert(inner.name.to_string(), Value::from_json(&Json::Array(l.clone())));
            }
            (true, Some(l)) if inner.max_items == Some(1) => {
                if let Some(Value::List(items)) = item.get_mut(inner.name) {
                    if let Some(Value::Object(first)) = items.first_mut() {
                        let mut map: BTreeMap<String, Value> =
                            first.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
                        keep_live_nested(inner, &mut map, l.first());
                        *first = map.into();
                    }
                }
            }
            _ => {}
        }
    }
}

fn block_value(items: &[BTreeMap<String, Value>]) -> Value {
    Value::List(items.iter().map(|m| Value::from(m.clone())).collect())
}

/// Decides the action for one resource. `live` is the refreshed object (`None`: it does not
/// exist); `force_replace` is set when something outside the attributes (the region)
/// requires a new object.
pub fn plan_object(schema: &Schema, d: &Desired, live: Option<&Obj>, lc: &Lifecycle, force_replace: bool) -> Planned {
    let mut after = BTreeMap::new();
    let mut attrs = Vec::new();
    let mut replace = force_replace && live.is_some();
    let mut changed_any = false;
    for a in schema.attrs {
        let before = live.map(|o| o.get(a.name).cloned().unwrap_or(Json::Null));
        let set = d.attrs.get(a.name).filter(|v| !matches!(v, Value::Null(_)));
        let keep_live = live.is_some() && ignored(lc, a.name) && a.configurable();
        // A derived value of none replaces a live one (removing the last tag); on a create it
        // stays "known after apply", as the provider shows it.
        let derived_none = set.is_none() && before.is_some() && d.derived.contains(a.name);
        let v = match (a.presence, set, &before) {
            _ if keep_live => Value::from_json(before.as_ref().unwrap_or(&Json::Null)),
            _ if derived_none => Value::NULL,
            (Presence::Computed, _, Some(b)) => Value::from_json(b),
            (Presence::Computed, _, None) => a.unknown(),
            (Presence::OptionalComputed, None, Some(b)) => Value::from_json(b),
            (Presence::OptionalComputed, None, None) => a.unknown(),
            (_, Some(v), _) => v.clone(),
            (_, None, _) => a.default_json().map(|j| Value::from_json(&j)).unwrap_or(Value::NULL),
        };
        let changed = match &before {
            Some(b) if a.configurable() => match v.to_json() {
                Some(j) => !schema::same(a, b, &j),
                None => true,
            },
            _ => false,
        };
        if changed {
            changed_any = true;
            replace |= a.force_new;
        }
        attrs.push(AttrDiff {
            name: a.name.to_string(),
            explain: explain(a, &v, before.as_ref()),
            before,
            after: v.clone(),
            changed,
            forces_replacement: changed && a.force_new,
            json_doc: a.json,
        });
        after.insert(a.name.to_string(), v);
    }
    let mut blocks = Vec::new();
    for bt in schema.blocks {
        let before: Option<Vec<Json>> =
            live.map(|o| o.get(bt.name).and_then(Json::as_array).cloned().unwrap_or_default());
        let configured = d.blocks.get(bt.name);
        let v = match (configured, &before) {
            (_, Some(b)) if ignored(lc, bt.name) => Value::from_json(&Json::Array(b.clone())),
            (Some(items), Some(b)) if bt.max_items == Some(1) => {
                let mut items = items.clone();
                if let Some(item) = items.first_mut() {
                    keep_live_nested(bt, item, b.first());
                }
                block_value(&items)
            }
            (Some(items), _) => block_value(items),
            (None, Some(b)) if bt.keep_live_when_unset => Value::from_json(&Json::Array(b.clone())),
            (None, _) => Value::List(Seq::default()),
        };
        let changed = match &before {
            Some(b) => match v.to_json() {
                Some(j) => schema::normalize_blocks(bt, &Json::Array(b.clone())) != schema::normalize_blocks(bt, &j),
                None => true,
            },
            None => false,
        };
        if changed {
            changed_any = true;
            replace |= bt.force_new;
        }
        let after_items = match &v {
            Value::List(items) => items.to_vec(),
            _ => vec![],
        };
        blocks.push(BlockDiff {
            name: bt.name.to_string(),
            before: before.unwrap_or_default(),
            after: after_items,
            changed,
            forces_replacement: changed && bt.force_new,
            json_attrs: bt.attrs.iter().filter(|a| a.json).map(|a| a.name.to_string()).collect(),
        });
        after.insert(bt.name.to_string(), v);
    }
    let action = match live {
        None => Action::Create,
        Some(_) if replace => Action::Replace { create_before_destroy: lc.create_before_destroy },
        Some(_) if changed_any => Action::Update,
        Some(_) => Action::NoOp,
    };
    if matches!(action, Action::Replace { .. }) {
        // A new object gets new cloud-chosen values.
        for a in schema.attrs.iter().filter(|a| a.computed_by_cloud()) {
            if a.presence == Presence::Computed || !d.attrs.contains_key(a.name) {
                after.insert(a.name.to_string(), a.unknown());
                if let Some(x) = attrs.iter_mut().find(|x| x.name == a.name) {
                    x.after = a.unknown();
                }
            }
        }
    }
    mirror(schema, action, &mut after, &mut attrs);
    Planned { action, after, attrs, blocks }
}

/// Computed copies of an argument ([`Attr::mirrors`]), as Terraform plans `terraform_data`'s
/// `output`: on a new object, null when the argument is null, else known after apply; on an
/// update, known after apply when the argument changes; else kept.
fn mirror(schema: &Schema, action: Action, after: &mut BTreeMap<String, Value>, attrs: &mut [AttrDiff]) {
    for a in schema.attrs {
        let Some(source) = a.mirrors else { continue };
        let source_changed = attrs.iter().any(|x| x.name == source && x.changed);
        let source_null = matches!(after.get(source), None | Some(Value::Null(_)));
        // The copy is unknown but of the argument's type (`unknown == 1` is false when the
        // argument is a string).
        let unknown = || Value::unknown_of(&after.get(source).map_or(Type::Dynamic, crate::lang::unify::type_of));
        let v = match action {
            Action::Create | Action::Replace { .. } if source_null => Value::NULL,
            Action::Create | Action::Replace { .. } => unknown(),
            Action::Update if source_changed => unknown(),
            _ => continue,
        };
        if let Some(x) = attrs.iter_mut().find(|x| x.name == a.name) {
            x.after = v.clone();
        }
        after.insert(a.name.to_string(), v);
    }
}

/// Attribute and block diffs between two stored objects (stored → live), changed only.
pub fn drift_diff(schema: &Schema, stored: &Obj, live: &Obj) -> (Vec<AttrDiff>, Vec<BlockDiff>) {
    let mut attrs = Vec::new();
    for a in schema.attrs {
        let (b, l) =
            (stored.get(a.name).cloned().unwrap_or(Json::Null), live.get(a.name).cloned().unwrap_or(Json::Null));
        if !schema::same(a, &b, &l) {
            attrs.push(AttrDiff {
                name: a.name.to_string(),
                explain: a.explain.and_then(|f| l.as_str().and_then(f)),
                before: Some(b),
                after: Value::from_json(&l),
                changed: true,
                forces_replacement: false,
                json_doc: a.json,
            });
        }
    }
    let mut blocks = Vec::new();
    for bt in schema.blocks {
        let (b, l) = (
            stored.get(bt.name).cloned().unwrap_or(Json::Array(vec![])),
            live.get(bt.name).cloned().unwrap_or(Json::Array(vec![])),
        );
        if schema::normalize_blocks(bt, &b) != schema::normalize_blocks(bt, &l) {
            blocks.push(BlockDiff {
                name: bt.name.to_string(),
                before: b.as_array().cloned().unwrap_or_default(),
                after: l.as_array().map(|a| a.iter().map(Value::from_json).collect()).unwrap_or_default(),
                changed: true,
                forces_replacement: false,
                json_attrs: bt.attrs.iter().filter(|a| a.json).map(|a| a.name.to_string()).collect(),
            });
        }
    }
    (attrs, blocks)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::resources::resource_type;
    use serde_json::json;

    fn live_role() -> Obj {
        let doc = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"events.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#;
        json!({
            "id": "r", "arn": "arn:aws:iam::123456789012:role/r", "name": "r", "path": "/",
            "description": null, "assume_role_policy": doc, "max_session_duration": 3600,
            "permissions_boundary": null, "force_detach_policies": false, "tags": null,
            "unique_id": "AROAX", "create_date": "2026-01-01T00:00:00Z", "inline_policy": []
        })
        .as_object()
        .cloned()
        .unwrap()
    }

    fn desired_role(name: &str, doc: &str) -> Desired {
        Desired {
            attrs: BTreeMap::from([
                ("name".to_string(), Value::str(name)),
                ("assume_role_policy".to_string(), Value::str(doc)),
            ]),
            blocks: BTreeMap::new(),
            derived: Default::default(),
        }
    }

    #[test]
    fn a_policy_with_the_same_meaning_is_no_change() {
        let schema = resource_type("aws_iam_role").unwrap().schema();
        let same = r#"{"Statement":{"Action":["sts:AssumeRole"],"Principal":{"Service":"events.amazonaws.com"},"Effect":"Allow"},"Version":"2012-10-17"}"#;
        let p = plan_object(schema, &desired_role("r", same), Some(&live_role()), &Lifecycle::default(), false);
        assert_eq!(p.action, Action::NoOp);
    }

    #[test]
    fn a_changed_force_new_attribute_replaces_and_unknowns_the_computed_ones() {
        let schema = resource_type("aws_iam_role").unwrap().schema();
        let doc = live_role()["assume_role_policy"].as_str().unwrap().to_string();
        let p = plan_object(schema, &desired_role("r2", &doc), Some(&live_role()), &Lifecycle::default(), false);
        assert_eq!(p.action, Action::Replace { create_before_destroy: false });
        let name = p.attrs.iter().find(|a| a.name == "name").unwrap();
        assert!(name.forces_replacement);
        assert_eq!(p.after["arn"], Value::UNKNOWN);
        // Unknown, but a string: `arn == 1` is false, as in Terraform.
        assert!(matches!(&p.after["arn"], Value::Unknown(t) if t.ty() == Some(&Type::String)));
        let lc = Lifecycle { create_before_destroy: true, ..Lifecycle::default() };
        let p = plan_object(schema, &desired_role("r2", &doc), Some(&live_role()), &lc, false);
        assert_eq!(p.action, Action::Replace { create_before_destroy: true });
    }

    #[test]
    fn ignore_changes_keeps_the_live_value() {
        let schema = resource_type("aws_iam_role").unwrap().schema();
        let lc = Lifecycle { ignore_changes: vec!["assume_role_policy".into()], ..Lifecycle::default() };
        let p = plan_object(schema, &desired_role("r", r#"{"Statement":[]}"#), Some(&live_role()), &lc, false);
        assert_eq!(p.action, Action::NoOp);
    }

    #[test]
    fn an_unknown_value_is_a_change_and_unset_inline_policies_are_not_managed() {
        let schema = resource_type("aws_iam_role").unwrap().schema();
        let mut live = live_role();
        live.insert("inline_policy".into(), json!([{"name": "p", "policy": "{}"}]));
        let mut d = desired_role("r", live["assume_role_policy"].as_str().unwrap());
        assert_eq!(plan_object(schema, &d, Some(&live), &Lifecycle::default(), false).action, Action::NoOp);
        d.attrs.insert("description".into(), Value::UNKNOWN);
        assert_eq!(plan_object(schema, &d, Some(&live), &Lifecycle::default(), false).action, Action::Update);
        assert_eq!(plan_object(schema, &d, None, &Lifecycle::default(), false).action, Action::Create);
    }
}
