//! JSON documents that AWS compares by meaning: IAM policies and EventBridge event patterns.
//!
//! Two documents are equal when they differ only in key order, whitespace, or in writing a
//! single string where AWS also accepts a one-item list (`"Action": "s3:Get*"` vs
//! `"Action": ["s3:Get*"]`), or in the order of such lists.

use serde_json::{Map, Value as Json};

/// Keys whose value may be a string or a list of strings, and whose list order is irrelevant.
const STRING_OR_LIST: &[&str] =
    &["Action", "NotAction", "Resource", "NotResource", "AWS", "Service", "Federated", "CanonicalUser"];

/// The statements of a policy document: `Statement` may be one object or a list.
pub fn statements(doc: &Json) -> Vec<&Json> {
    match doc.get("Statement") {
        Some(Json::Array(a)) => a.iter().collect(),
        Some(s @ Json::Object(_)) => vec![s],
        _ => Vec::new(),
    }
}

/// The size IAM counts a policy document by: its characters other than white space.
pub fn counted_size(doc: &str) -> usize {
    doc.chars().filter(|c| !c.is_whitespace()).count()
}

/// What an IAM policy document governs, for the review of what it allows: a trust policy says
/// who may assume a role, a permissions policy what a principal may do (identity policies and
/// resource policies alike).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocumentKind {
    Trust,
    Permissions,
}

/// Parses a document; `None` if it is not JSON.
pub fn parse(doc: &str) -> Option<Json> {
    serde_json::from_str(doc).ok()
}

/// The canonical form used for comparison (never shown to users).
pub fn canonical(doc: &Json) -> Json {
    canon(doc, None)
}

fn canon(v: &Json, key: Option<&str>) -> Json {
    match v {
        Json::Object(m) => {
            let mut out = Map::new();
            for (k, x) in m {
                let mut c = canon(x, Some(k));
                // A single statement object equals a one-element statement list.
                if k == "Statement" && c.is_object() {
                    c = Json::Array(vec![c]);
                }
                out.insert(k.clone(), c);
            }
            Json::Object(out)
        }
        Json::Array(a) => {
            let mut items: Vec<Json> = a.iter().map(|x| canon(x, None)).collect();
            if key.is_some_and(|k| STRING_OR_LIST.contains(&k) || is_condition_value(k)) {
                items.sort_by_key(|x| x.to_string());
                items.dedup();
            }
            if items.len() == 1 && key.is_some_and(|k| STRING_OR_LIST.contains(&k)) {
                return items.remove(0);
            }
            Json::Array(items)
        }
        other => other.clone(),
    }
}

// Condition operator values (`"aws:SourceAccount": ["1", "2"]`) are unordered too; their keys
// contain a colon, which no other policy key does.
fn is_condition_value(k: &str) -> bool {
    k.contains(':')
}

/// True when both strings are JSON documents with the same meaning; false if either is not
/// JSON and they differ as text.
pub fn semantic_eq(a: &str, b: &str) -> bool {
    match (parse(a), parse(b)) {
        (Some(x), Some(y)) => canonical(&x) == canonical(&y),
        _ => a == b,
    }
}

/// A copy of `j` with every object's keys in sorted order. serde_json keeps insertion order
/// when any crate in the build enables `preserve_order` (the AWS SDKs do), so sorting is done
/// explicitly wherever output must be stable.
pub fn sorted(j: &Json) -> Json {
    let mut copy = j.clone();
    sort_keys(&mut copy);
    copy
}

/// Sorts every object's keys in `j`, in place.
pub fn sort_keys(j: &mut Json) {
    match j {
        Json::Object(m) => {
            m.sort_keys();
            m.values_mut().for_each(sort_keys);
        }
        Json::Array(a) => a.iter_mut().for_each(sort_keys),
        _ => {}
    }
}

/// Pretty-prints a document with sorted keys and two-space indentation, for diffs.
pub fn pretty(doc: &str) -> String {
    match parse(doc) {
        Some(j) => serde_json::to_string_pretty(&sorted(&j)).unwrap_or_else(|_| doc.to_string()),
        None => doc.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_despite_order_whitespace_and_single_string_lists() {
        let a = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"inspector:StartAssessmentRun","Resource":"*"}]}"#;
        let b = r#"{
          "Statement": {"Resource": ["*"], "Action": ["inspector:StartAssessmentRun"], "Effect": "Allow"},
          "Version": "2012-10-17"
        }"#;
        assert!(semantic_eq(a, b));
    }

    #[test]
    fn action_lists_compare_as_sets_but_statements_keep_order() {
        assert!(semantic_eq(r#"{"Action":["a","b"]}"#, r#"{"Action":["b","a"]}"#));
        assert!(!semantic_eq(r#"{"Action":["a","b"]}"#, r#"{"Action":["a"]}"#));
        assert!(!semantic_eq(
            r#"{"Statement":[{"Sid":"1"},{"Sid":"2"}]}"#,
            r#"{"Statement":[{"Sid":"2"},{"Sid":"1"}]}"#
        ));
    }

    #[test]
    fn a_real_change_is_not_equal() {
        assert!(!semantic_eq(r#"{"Effect":"Allow"}"#, r#"{"Effect":"Deny"}"#));
        assert!(!semantic_eq("not json", "not  json"));
    }

    #[test]
    fn pretty_sorts_keys() {
        assert_eq!(pretty(r#"{"b":1,"a":2}"#), "{\n  \"a\": 2,\n  \"b\": 1\n}");
    }
}
