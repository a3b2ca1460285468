//! A provider's tag settings, as the Terraform AWS provider applies them:
//! `default_tags { tags }` are merged under every resource's own `tags` into `tags_all` (what
//! the resource really carries), and `ignore_tags { keys, key_prefixes }` hides tags that
//! something else manages, so they are never planned, reported as drift, or removed.
//!
//! The planner works on three shapes of a tagged object, and this module converts between
//! them: the desired object gets `tags_all` ([`TagPolicy::desired_all`]); what a verb sends
//! has `tags` = `tags_all` ([`TagPolicy::outgoing`]); what a verb reads back is split into
//! `tags` (the resource's own) and `tags_all` ([`TagPolicy::incoming`]).

use std::collections::BTreeMap;

use serde_json::Value as Json;

use super::world::World;
use crate::cloud::Tags;
use crate::config::{self, Config};
use crate::diag::{Diag, Diags};
use crate::lang::{eval, Value};
use crate::resources::Obj;
use crate::schema::Schema;

/// One provider configuration's `default_tags` and `ignore_tags`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TagPolicy {
    pub default: Tags,
    pub ignore_keys: Vec<String>,
    pub ignore_prefixes: Vec<String>,
}

/// The tag policy of every provider configuration, by provider name (`aws`, `aws.ALIAS`).
pub type TagPolicies = BTreeMap<String, TagPolicy>;

/// True for a schema that carries tags (and so `tags_all`).
pub fn tagged(schema: &Schema) -> bool {
    schema.attr("tags").is_some() && schema.attr("tags_all").is_some()
}

fn tags_of(v: Option<&Json>) -> Tags {
    v.and_then(Json::as_object)
        .map(|m| m.iter().filter_map(|(k, v)| Some((k.clone(), v.as_str()?.to_string()))).collect())
        .unwrap_or_default()
}

/// A resource's `tags` as the provider takes them: a tag whose value is null is no tag (it
/// neither sets a key nor hides a default one); other values, unknown ones too, stay.
pub fn without_null_values(tags: &Value) -> Value {
    match tags {
        Value::Object(m) => Value::Object(
            m.iter().filter(|(_, v)| !matches!(v, Value::Null(_))).map(|(k, v)| (k.clone(), v.clone())).collect(),
        ),
        other => other.clone(),
    }
}

fn json_of(t: &Tags) -> Json {
    if t.is_empty() {
        Json::Null
    } else {
        Json::Object(t.iter().map(|(k, v)| (k.clone(), Json::from(v.as_str()))).collect())
    }
}

impl TagPolicy {
    /// True when the key is one `ignore_tags` hides.
    pub fn ignored(&self, key: &str) -> bool {
        self.ignore_keys.iter().any(|k| k == key) || self.ignore_prefixes.iter().any(|p| key.starts_with(p.as_str()))
    }

    /// The desired `tags_all` for a resource's desired `tags`: the default tags overlaid by the
    /// resource's own, ignored keys left out; unknown while `tags` is unknown.
    pub fn desired_all(&self, tags: Option<&Value>) -> Value {
        let own = match tags {
            None | Some(Value::Null(_)) => Tags::new(),
            Some(v) => match v.to_json() {
                Some(j) => tags_of(Some(&j)),
                None => return Value::UNKNOWN,
            },
        };
        let mut all = self.default.clone();
        all.extend(own);
        all.retain(|k, _| !self.ignored(k));
        Value::from_json(&json_of(&all))
    }

    /// The object a verb receives: `tags` is everything the resource is to carry (`tags_all`),
    /// and, as the provider sends them, the resource's own tags whose keys `ignore_tags` hides
    /// (state will not record them, so the next plan adds them again). An object stored before
    /// `tags_all` existed keeps its `tags`.
    pub fn outgoing(&self, schema: &Schema, o: &Obj) -> Obj {
        if !tagged(schema) {
            return o.clone();
        }
        let mut out = o.clone();
        let all = match o.get("tags_all") {
            Some(all) if !all.is_null() => Some(tags_of(Some(all))),
            // `tags_all` computed as empty: nothing to carry but the hidden own tags.
            Some(_) if !self.default.is_empty() => Some(Tags::new()),
            _ => None,
        };
        if let Some(mut all) = all {
            let own = tags_of(o.get("tags"));
            all.extend(own.into_iter().filter(|(k, _)| self.ignored(k)));
            out.insert("tags".into(), json_of(&all));
        }
        out
    }

    /// What a data source read, with the keys `ignore_tags` hides left out of its `tags`, as
    /// the provider's data sources record them.
    pub fn read_by_data_source(&self, schema: &Schema, mut read: Obj) -> Obj {
        if schema.attr("tags").is_some() {
            let tags = tags_of(read.get("tags"));
            if tags.keys().any(|k| self.ignored(k)) {
                let kept: Tags = tags.into_iter().filter(|(k, _)| !self.ignored(k)).collect();
                read.insert("tags".into(), json_of(&kept));
            }
        }
        read
    }

    /// The resource's planned own `tags` as state will record them after the action: without
    /// the keys `ignore_tags` hides (apply compares what the action returned with this).
    pub fn recorded(&self, tags: &Value) -> Value {
        match tags {
            Value::Object(m) => {
                Value::Object(m.iter().filter(|(k, _)| !self.ignored(k)).map(|(k, v)| (k.clone(), v.clone())).collect())
            }
            other => other.clone(),
        }
    }

    /// The object as state keeps it, from what a verb read or returned (`tags` = every tag
    /// the resource carries): `tags_all` is those minus ignored keys; `tags` also leaves out
    /// the tags that came from defaults, unless `own` (the resource's configured or stored
    /// `tags`) names the key. A tag came from defaults when it carries the default value, or
    /// the value `prior_all` (the stored `tags_all`) recorded for a key that was not its own:
    /// so changing `default_tags` is an update of `tags_all`, not drift of `tags`.
    pub fn incoming(&self, schema: &Schema, mut live: Obj, own: Option<&Json>, prior_all: Option<&Json>) -> Obj {
        if !tagged(schema) {
            return live;
        }
        let mut all = tags_of(live.get("tags"));
        all.retain(|k, _| !self.ignored(k));
        let own = tags_of(own);
        let mut inherited = tags_of(prior_all);
        inherited.retain(|k, _| !own.contains_key(k));
        let mine: Tags = all
            .iter()
            .filter(|(k, v)| {
                own.contains_key(*k) || (self.default.get(*k) != Some(*v) && inherited.get(*k) != Some(*v))
            })
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        live.insert("tags".into(), json_of(&mine));
        live.insert("tags_all".into(), json_of(&all));
        live
    }
}

/// Evaluates every provider block's `default_tags` and `ignore_tags`; mistakes go to `diags`,
/// pointing at the value.
pub fn policies(config: &Config, vars: &BTreeMap<String, Value>, diags: &mut Diags) -> TagPolicies {
    let world = World::new(config, vars);
    let mut out = TagPolicies::new();
    for p in &config.providers {
        let mut policy = TagPolicy::default();
        if let Some(e) = &p.default_tags {
            match eval(&e.expr, e.file, &world, diags).to_json() {
                Some(Json::Null) => {}
                Some(Json::Object(m)) if m.values().all(Json::is_string) => {
                    policy.default = tags_of(Some(&Json::Object(m)))
                }
                _ => diags.push(
                    Diag::error(
                        "baseline::provider::default_tags",
                        "`default_tags.tags` must be a known map of strings",
                    )
                    .at(e.span, "not a map of strings"),
                ),
            }
        }
        let strings = |name: &str, e: &config::Expr, diags: &mut Diags| -> Vec<String> {
            match eval(&e.expr, e.file, &world, diags).to_json() {
                Some(Json::Null) => vec![],
                Some(Json::Array(a)) if a.iter().all(Json::is_string) => {
                    a.iter().filter_map(|v| v.as_str().map(str::to_string)).collect()
                }
                _ => {
                    diags.push(
                        Diag::error(
                            "baseline::provider::ignore_tags",
                            format!("`ignore_tags.{name}` must be a known list of strings"),
                        )
                        .at(e.span, "not a list of strings"),
                    );
                    vec![]
                }
            }
        };
        if let Some(e) = p.ignore_tags.get("keys") {
            policy.ignore_keys = strings("keys", e, diags);
        }
        if let Some(e) = p.ignore_tags.get("key_prefixes") {
            policy.ignore_prefixes = strings("key_prefixes", e, diags);
        }
        out.insert(super::provider_name(p.alias.as_deref()), policy);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn policy() -> TagPolicy {
        TagPolicy {
            default: Tags::from([("Owner".into(), "sec".into()), ("Env".into(), "prod".into())]),
            ignore_keys: vec!["LastScanned".into()],
            ignore_prefixes: vec!["kubernetes.io/".into()],
        }
    }

    #[test]
    fn the_resource_tags_win_over_defaults_and_ignored_keys_are_left_out() {
        let own = Value::from_json(&json!({ "Env": "dev", "Name": "x", "LastScanned": "today" }));
        let all = policy().desired_all(Some(&own)).to_json().unwrap();
        assert_eq!(all, json!({ "Env": "dev", "Name": "x", "Owner": "sec" }));
        assert_eq!(policy().desired_all(Some(&Value::UNKNOWN)), Value::UNKNOWN);
        assert_eq!(TagPolicy::default().desired_all(None).to_json(), Some(Json::Null));
    }

    #[test]
    fn a_tag_whose_value_is_null_is_no_tag_and_does_not_hide_a_default() {
        let own = Value::from_json(&json!({ "Env": null, "Name": "x" }));
        let own = without_null_values(&own);
        assert_eq!(own.to_json(), Some(json!({ "Name": "x" })));
        assert_eq!(
            policy().desired_all(Some(&own)).to_json(),
            Some(json!({ "Env": "prod", "Name": "x", "Owner": "sec" }))
        );
        let only_null = without_null_values(&Value::from_json(&json!({ "key1": null })));
        assert_eq!(only_null.to_json(), Some(json!({})));
        assert_eq!(TagPolicy::default().desired_all(Some(&only_null)).to_json(), Some(Json::Null));
        assert_eq!(without_null_values(&Value::UNKNOWN), Value::UNKNOWN);
    }

    #[test]
    fn own_tags_that_ignore_tags_hides_are_sent_but_not_recorded() {
        let schema = crate::resources::resource_type("aws_iam_role").unwrap().schema();
        let own = json!({ "Name": "x", "LastScanned": "today" });
        let all = policy().desired_all(Some(&Value::from_json(&own))).to_json().unwrap();
        let planned: Obj = json!({ "tags": own, "tags_all": all }).as_object().unwrap().clone();
        let sent = policy().outgoing(schema, &planned);
        assert_eq!(sent["tags"], json!({ "Env": "prod", "LastScanned": "today", "Name": "x", "Owner": "sec" }));
        let recorded = policy().recorded(&Value::from_json(&own)).to_json();
        assert_eq!(recorded, Some(json!({ "Name": "x" })));
        // Without default tags, an ignored own tag alone is still sent.
        let alone = TagPolicy { ignore_keys: vec!["k".into()], ..TagPolicy::default() };
        let own = json!({ "k": "v" });
        let planned: Obj =
            json!({ "tags": own, "tags_all": alone.desired_all(Some(&Value::from_json(&own))).to_json() })
                .as_object()
                .unwrap()
                .clone();
        assert_eq!(alone.outgoing(schema, &planned)["tags"], json!({ "k": "v" }));
        assert_eq!(alone.recorded(&Value::from_json(&own)).to_json(), Some(json!({})));
    }

    #[test]
    fn a_data_source_leaves_out_the_tags_ignore_tags_hides() {
        let schema = crate::resources::data_source("aws_iam_role").unwrap().schema();
        let read: Obj = json!({ "name": "r", "tags": { "Name": "x", "LastScanned": "t", "kubernetes.io/x": "y" } })
            .as_object()
            .unwrap()
            .clone();
        let o = policy().read_by_data_source(schema, read);
        assert_eq!((o["name"].clone(), o["tags"].clone()), (json!("r"), json!({ "Name": "x" })));
    }

    #[test]
    fn what_is_read_splits_into_own_tags_and_all_tags() {
        let schema = crate::resources::resource_type("aws_iam_role").unwrap().schema();
        let live: Obj = json!({ "tags": { "Env": "prod", "Owner": "sec", "Name": "x", "LastScanned": "t",
                                          "kubernetes.io/cluster": "c" } })
        .as_object()
        .unwrap()
        .clone();
        // `Env` is configured on the resource with the default's value: it stays its own.
        let own = json!({ "Env": "prod", "Name": "x" });
        let o = policy().incoming(schema, live, Some(&own), None);
        assert_eq!(o["tags"], json!({ "Env": "prod", "Name": "x" }));
        assert_eq!(o["tags_all"], json!({ "Env": "prod", "Name": "x", "Owner": "sec" }));
        // A default tag changed outside to another value is the resource's own (drift).
        let live: Obj = json!({ "tags": { "Owner": "someone" } }).as_object().unwrap().clone();
        let o = policy().incoming(schema, live.clone(), None, None);
        assert_eq!(o["tags"], json!({ "Owner": "someone" }));
        // ... unless the stored `tags_all` had it from an earlier default value.
        let o2 = policy().incoming(schema, live, None, Some(&json!({ "Owner": "someone" })));
        assert_eq!((o2["tags"].clone(), o2["tags_all"].clone()), (Json::Null, json!({ "Owner": "someone" })));
        let sent = policy().outgoing(schema, &o);
        assert_eq!(sent["tags"], json!({ "Owner": "someone" }));
    }
}
