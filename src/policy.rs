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

/// A document as the provider's `structure.NormalizeJsonString` writes it: Go's `json.Marshal`
/// of the decoded value, i.e. compact, object keys in byte order, every number as a float64
/// (`1`, `1.5`, `1e+21`), `<`, `>` and `&` written `\u003c`, `\u003e`, `\u0026`. `None` when
/// `doc` is not JSON.
pub fn normalize(doc: &str) -> Option<String> {
    let mut out = String::with_capacity(doc.len());
    write_go(&parse(doc)?, &mut out);
    Some(out)
}

/// An EventBridge event pattern as the provider records and sends it (its
/// `ruleEventPatternJSONDecoder`): [`normalize`]d, then with Go's escapes of `<`, `>` and `&`
/// turned back into the characters (numeric matching reads `[">", 0]`). The text as it is when
/// it is not JSON.
pub fn normalize_event_pattern(doc: &str) -> String {
    match normalize(doc) {
        Some(n) => n.replace("\\u003c", "<").replace("\\u003e", ">").replace("\\u0026", "&"),
        None => doc.to_string(),
    }
}

/// [`normalize`], then a top-level `"Version": "2012-10-17"` moved first, as the provider's
/// `LegacyPolicyNormalize` does for the documents IAM parses the legacy way (inline policies).
pub fn normalize_version_first(doc: &str) -> Option<String> {
    let j = parse(doc)?;
    let Some(m) = j.as_object().filter(|m| m.get("Version").and_then(Json::as_str) == Some("2012-10-17")) else {
        return normalize(doc);
    };
    let mut keys: Vec<&String> = m.keys().filter(|k| *k != "Version").collect();
    keys.sort();
    let mut out = String::from(r#"{"Version":"2012-10-17""#);
    for k in keys {
        out.push(',');
        go_string(k, &mut out);
        out.push(':');
        write_go(&m[k], &mut out);
    }
    out.push('}');
    Some(out)
}

/// The document the provider records for a policy attribute (its `verify.PolicyToSet`): `known`
/// (the configuration's or the stored value) when AWS's `live` document means the same, else
/// `live`; either normalized ([`normalize`], or [`normalize_version_first`] when
/// `version_first`). An empty `live` is recorded empty; a `live` that is not JSON as it is.
pub fn to_set(known: &str, live: &str, version_first: bool) -> String {
    let (k, l) = (known.trim(), live.trim());
    let chosen = if l.is_empty() {
        return String::new();
    } else if l == "{}" || k.is_empty() || k == "{}" || !semantic_eq(known, live) {
        live
    } else {
        known
    };
    let n = if version_first { normalize_version_first(chosen) } else { normalize(chosen) };
    n.unwrap_or_else(|| live.to_string())
}

/// Writes `v` as Go's `encoding/json` does (see [`normalize`]).
fn write_go(v: &Json, out: &mut String) {
    match v {
        Json::Null => out.push_str("null"),
        Json::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Json::Number(n) => out.push_str(&go_float(n.as_f64().unwrap_or(0.0))),
        Json::String(s) => go_string(s, out),
        Json::Array(a) => {
            out.push('[');
            for (i, x) in a.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_go(x, out);
            }
            out.push(']');
        }
        Json::Object(m) => {
            let mut keys: Vec<&String> = m.keys().collect();
            keys.sort();
            out.push('{');
            for (i, k) in keys.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                go_string(k, out);
                out.push(':');
                write_go(&m[k], out);
            }
            out.push('}');
        }
    }
}

/// A float64 as Go's `json.Marshal` writes it: the shortest form that reads back, without an
/// exponent from 1e-6 up to 1e21, else with one (`1e+21`, `1e-7`).
fn go_float(f: f64) -> String {
    let a = f.abs();
    if a != 0.0 && !(1e-6..1e21).contains(&a) {
        let e = format!("{f:e}");
        match e.split_once('e') {
            Some((m, x)) if !x.starts_with('-') => format!("{m}e+{x}"),
            _ => e,
        }
    } else {
        format!("{f}")
    }
}

/// A string as Go's `json.Marshal` quotes it (HTML-safe).
pub(crate) fn go_string(s: &str, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '<' | '>' | '&' | '\u{2028}' | '\u{2029}' => out.push_str(&format!("\\u{:04x}", c as u32)),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
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
    fn normalized_as_go_marshals_it() {
        // The provider's acceptance test TestAccIAMPolicy_basic: a heredoc, recorded thus.
        let heredoc = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\"Action\": [\"ec2:Describe*\"], \"Effect\": \"Allow\", \"Resource\": \"*\"}\n  ]\n}\n";
        assert_eq!(
            normalize(heredoc).unwrap(),
            r#"{"Statement":[{"Action":["ec2:Describe*"],"Effect":"Allow","Resource":"*"}],"Version":"2012-10-17"}"#
        );
        // Go escapes HTML characters and writes every number as a float64.
        assert_eq!(
            normalize(r#"{"b": "<a&b>", "a": [1, 1.50, 2e21, 1e-7, -0.5]}"#).unwrap(),
            r#"{"a":[1,1.5,2e+21,1e-7,-0.5],"b":"\u003ca\u0026b\u003e"}"#
        );
        assert_eq!(
            normalize("{\"s\": \"tab\\t nl\\n \\u0001 \\u2028\"}").unwrap(),
            r#"{"s":"tab\t nl\n \u0001 \u2028"}"#
        );
        assert_eq!(normalize("not json"), None);
    }

    #[test]
    fn event_patterns_as_the_provider_records_them() {
        // TestAccEventsRule_pattern: a heredoc with a tab and a newline.
        assert_eq!(normalize_event_pattern("\t{\"source\":[\"aws.ec2\"]}\n"), r#"{"source":["aws.ec2"]}"#);
        // TestAccEventsRule_patternJSONEncoder: `<`, `>` and `&` stay as they are.
        assert_eq!(
            normalize_event_pattern(r#"{ "detail": {"count": [ { "numeric": [ ">", 0, "<", 5 ] } ] } }"#),
            r#"{"detail":{"count":[{"numeric":[">",0,"<",5]}]}}"#
        );
        assert_eq!(normalize_event_pattern(r#"{"b":["a&b"],"a":[1.0]}"#), r#"{"a":[1],"b":["a&b"]}"#);
        assert_eq!(normalize_event_pattern("not json"), "not json");
    }

    #[test]
    fn version_first_for_inline_policies() {
        let doc = r#"{"Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}], "Version": "2012-10-17", "Id": "x"}"#;
        assert_eq!(
            normalize_version_first(doc).unwrap(),
            r#"{"Version":"2012-10-17","Id":"x","Statement":[{"Action":"s3:*","Effect":"Allow","Resource":"*"}]}"#
        );
        // Only the 2012-10-17 language version moves (the provider's pattern names it).
        assert_eq!(
            normalize_version_first(r#"{"Version":"2008-10-17","Statement":[]}"#).unwrap(),
            r#"{"Statement":[],"Version":"2008-10-17"}"#
        );
        assert_eq!(normalize_version_first(r#"{"Version":"2012-10-17"}"#).unwrap(), r#"{"Version":"2012-10-17"}"#);
    }

    #[test]
    fn recorded_document_is_the_known_one_when_aws_means_the_same() {
        let config =
            r#"{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "s3:*", "Resource": "*"}}"#;
        let aws_same =
            r#"{"Statement":[{"Resource":["*"],"Action":["s3:*"],"Effect":"Allow"}],"Version":"2012-10-17"}"#;
        let want = r#"{"Statement":{"Action":"s3:*","Effect":"Allow","Resource":"*"},"Version":"2012-10-17"}"#;
        assert_eq!(to_set(config, aws_same, false), want, "the configuration's form, normalized");
        let aws_other = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"s3:*","Resource":"*"}]}"#;
        let other = r#"{"Statement":[{"Action":"s3:*","Effect":"Deny","Resource":"*"}],"Version":"2012-10-17"}"#;
        assert_eq!(to_set(config, aws_other, false), other, "AWS's, normalized");
        assert_eq!(to_set("", aws_other, false), other, "nothing known (an import): AWS's");
        assert_eq!(to_set(config, "  ", false), "");
        assert_eq!(to_set(config, "{}", false), "{}");
        assert_eq!(to_set(config, "<not json>", false), "<not json>");
        assert_eq!(
            to_set(config, aws_same, true),
            r#"{"Version":"2012-10-17","Statement":{"Action":"s3:*","Effect":"Allow","Resource":"*"}}"#
        );
    }

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
