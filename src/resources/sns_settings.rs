//! What `aws_sns_topic` and `aws_sns_topic_subscription` share: settings kept as SNS
//! attributes (name → string), set at creation and changed one `Set*Attributes` call each.

use serde_json::Value as Json;

use super::Obj;
use crate::schema::{self, Schema};
use crate::services::sns::Attributes;

/// One setting: the schema attribute, SNS's attribute name, and the value SNS takes for
/// "unset" (an empty string, or `"false"` for a flag).
pub(crate) struct Setting {
    pub attr: &'static str,
    pub sns: &'static str,
    pub unset: &'static str,
}

/// The value of schema attribute `attr` of `o`, as SNS spells it (`"true"`, `"2"`); `None`
/// when unset.
fn value(o: &Obj, attr: &str) -> Option<String> {
    match o.get(attr)? {
        Json::String(s) if s.is_empty() => None,
        Json::String(s) => Some(s.clone()),
        Json::Bool(b) => Some(b.to_string()),
        Json::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// The settings `planned` sets, for the create call.
pub(crate) fn initial(table: &[Setting], planned: &Obj) -> Attributes {
    table.iter().filter_map(|s| Some((s.sns.to_string(), value(planned, s.attr)?))).collect()
}

/// The settings whose meaning differs between `prior` and `planned`, as `(SNS name, value)`;
/// one set back to unset takes its `unset` value. Settings in `keep` are left as they are when
/// unset (SNS keeps a default there that is not ours to clear).
pub(crate) fn changed(
    schema: &Schema,
    table: &[Setting],
    prior: &Obj,
    planned: &Obj,
    keep: &[&str],
) -> Vec<(&'static str, String)> {
    let mut out = Vec::new();
    for s in table {
        let (before, after) = (value(prior, s.attr), value(planned, s.attr));
        let same = match (&before, &after) {
            (Some(b), Some(x)) => {
                schema.attr(s.attr).is_some_and(|at| schema::same(at, &Json::from(b.as_str()), &Json::from(x.as_str())))
            }
            (None, None) => true,
            _ => false,
        };
        if same || (after.is_none() && keep.contains(&s.attr)) {
            continue;
        }
        out.push((s.sns, after.unwrap_or_else(|| s.unset.to_string())));
    }
    out
}
