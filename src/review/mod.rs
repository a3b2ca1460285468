//! Review aids shown next to a plan: warnings about what IAM policy documents would allow.
//! They never stop a plan; they point a reviewer at the lines worth a second look. This module
//! reads documents only; which documents a change puts in place is the planner's to say
//! (`crate::plan::policies`, from the schema's `.policy(kind)` attributes).

use serde_json::Value as Json;

use crate::policy::{statements, DocumentKind as Doc};

/// One review warning about a planned resource.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Warning {
    /// The resource, e.g. `aws_iam_role.events`.
    pub address: String,
    /// The attribute holding the document, e.g. `assume_role_policy` or
    /// `inline_policy["events"].policy`.
    pub attribute: String,
    /// What the document allows, in plain words.
    pub message: String,
}

/// The strings of a field that may be a string or a list of strings.
fn strings(v: Option<&Json>) -> Vec<&str> {
    match v {
        Some(Json::String(s)) => vec![s.as_str()],
        Some(Json::Array(a)) => a.iter().filter_map(Json::as_str).collect(),
        _ => Vec::new(),
    }
}

/// A string quoted as JSON writes it, so messages show exactly what the document says.
fn quoted(s: &str) -> String {
    Json::from(s).to_string()
}

/// `*` and `?` are IAM's wildcards.
fn has_wildcard(s: &str) -> bool {
    s.contains(['*', '?'])
}

/// A field's value, shortened: lists longer than three items end in `…`.
fn brief(v: &Json) -> String {
    match v {
        Json::Array(a) if a.len() > 3 => {
            let shown: Vec<String> = a.iter().take(3).map(Json::to_string).collect();
            format!("[{}, …]", shown.join(", "))
        }
        Json::Array(a) => format!("[{}]", a.iter().map(Json::to_string).collect::<Vec<_>>().join(", ")),
        other => other.to_string(),
    }
}

/// What a statement allows, for the resource messages: "every action", `"iam:PassRole"`,
/// `"a", "b" and "c"`, or `"a", "b", "c" and 2 more actions`.
fn actions_phrase(actions: &[&str], not_action: bool) -> String {
    if actions.contains(&"*") {
        return "every action".to_string();
    }
    if actions.is_empty() {
        return if not_action { "every action not in \"NotAction\"".to_string() } else { "its actions".to_string() };
    }
    let q: Vec<String> = actions.iter().map(|a| quoted(a)).collect();
    match q.as_slice() {
        [one] => one.clone(),
        [init @ .., last] if q.len() <= 3 => format!("{} and {last}", init.join(", ")),
        _ => {
            let rest = q.len() - 3;
            format!("{} and {rest} more action{}", q[..3].join(", "), if rest == 1 { "" } else { "s" })
        }
    }
}

/// How a principal that means "anyone" is written, if it is one: `"*"` or `{"AWS": "*"}`.
fn any_principal(p: &Json) -> Option<&'static str> {
    match p {
        Json::String(s) if s == "*" => Some("\"*\""),
        Json::Object(_) if strings(p.get("AWS")).contains(&"*") => Some("{\"AWS\": \"*\"}"),
        _ => None,
    }
}

/// The actions that support no resource-level permissions, `service:action` in lower case
/// (IAM action names are case-insensitive).
static UNSCOPED: std::sync::LazyLock<std::collections::HashSet<String>> = std::sync::LazyLock::new(|| {
    include_str!("unscoped-actions.txt")
        .lines()
        .filter(|l| !l.starts_with('#'))
        .flat_map(|l| {
            let mut words = l.split_whitespace();
            let service = words.next().unwrap_or_default().to_ascii_lowercase();
            words.map(move |a| format!("{service}:{}", a.to_ascii_lowercase()))
        })
        .collect()
});

/// True when `action` (no wildcard) can only be granted on `"Resource": "*"`.
fn unscoped(action: &str) -> bool {
    !has_wildcard(action) && UNSCOPED.contains(&action.to_ascii_lowercase())
}

/// The warnings of one parsed document of `kind`: `Action` or `Resource` wildcards (`*`, `service:*`, and partial wildcards
/// like `iam:Pass*` — say which), `NotAction`/`NotResource` with Allow, `Principal` of `*` (or
/// `{"AWS": "*"}`) with Allow, and trust policies (`aws_iam_role.assume_role_policy`) that let
/// any AWS account assume the role. Only `"Effect": "Allow"` statements are looked at.
///
/// Choices, so the output stays predictable:
/// - `"Resource": "*"` gives a warning, phrased as information ("allows X on every resource"),
///   naming the actions that could have been granted on narrower resources. Actions that
///   support no resource-level permissions (`inspector:StartAssessmentRun`,
///   `organizations:ListAccounts`: the AWS Service Authorization Reference, see
///   `unscoped-actions.txt`) can only be granted on `*`, so they are left out; a statement of
///   only such actions gives no warning. Action wildcards always count as narrowable.
///   Resource ARNs with a wildcard inside (`arn:aws:s3:::logs/*`) are named the same way.
/// - A trust policy "lets any AWS account assume the role" when an Allow statement has
///   `Principal` `*` (or an `AWS` principal of `*`, alone or in a list) or uses `NotPrincipal`,
///   and has no `Condition`. With a `Condition` the warning says the condition is all that
///   limits who can.
pub fn document_warnings(doc: &Json, kind: Doc) -> Vec<String> {
    let all = statements(doc);
    let many = all.len() > 1;
    let mut out = Vec::new();
    for (i, st) in all.iter().enumerate() {
        if st.get("Effect").and_then(Json::as_str) != Some("Allow") {
            continue;
        }
        let label = match st.get("Sid").and_then(Json::as_str).filter(|s| !s.is_empty()) {
            Some(sid) => format!("statement {} (Sid {})", i + 1, quoted(sid)),
            None => format!("statement {}", i + 1),
        };

        let actions = strings(st.get("Action"));
        for a in &actions {
            if *a == "*" {
                out.push(format!("{label} allows every action (\"Action\": \"*\")"));
            } else if let Some(service) = a.strip_suffix(":*").filter(|s| !has_wildcard(s)) {
                out.push(format!("{label} allows every {service} action (\"Action\": {})", quoted(a)));
            } else if has_wildcard(a) {
                out.push(format!("{label} allows every action matching {} (a wildcard in \"Action\")", quoted(a)));
            }
        }
        if let Some(na) = st.get("NotAction") {
            out.push(format!(
                "{label} allows every action except the ones in \"NotAction\" (\"NotAction\": {})",
                brief(na)
            ));
        }

        let what = actions_phrase(&actions, st.get("NotAction").is_some());
        let scoped: Vec<&str> = actions.iter().copied().filter(|a| !unscoped(a)).collect();
        for r in strings(st.get("Resource")) {
            if r == "*" {
                // Only `*` can grant actions without resource-level permissions: not a finding.
                if st.get("NotAction").is_some() || !scoped.is_empty() {
                    let what = actions_phrase(&scoped, st.get("NotAction").is_some());
                    out.push(format!("{label} allows {what} on every resource (\"Resource\": \"*\")"));
                }
            } else if has_wildcard(r) {
                out.push(format!("{label} allows {what} on every resource matching {}", quoted(r)));
            }
        }
        if let Some(nr) = st.get("NotResource") {
            out.push(format!(
                "{label} allows {what} on every resource except the ones in \"NotResource\" (\"NotResource\": {})",
                brief(nr)
            ));
        }

        // An empty Condition object limits nothing.
        let conditioned = st.get("Condition").is_some_and(|c| c.as_object().is_none_or(|m| !m.is_empty()));
        let trust = if many { format!("{label} of the trust policy") } else { "the trust policy".to_string() };
        if let Some(shown) = st.get("Principal").and_then(any_principal) {
            out.push(match (kind, conditioned) {
                (Doc::Trust, false) => format!("{trust} lets any AWS account assume this role (Principal {shown})"),
                (Doc::Trust, true) => format!(
                    "{trust} lets any AWS account assume this role when its Condition holds (Principal {shown}); \
                     check that the Condition limits who can"
                ),
                (Doc::Permissions, _) => format!("{label} allows any principal (Principal {shown})"),
            });
        }
        if st.get("NotPrincipal").is_some() {
            out.push(match (kind, conditioned) {
                (Doc::Trust, false) => {
                    format!("{trust} lets any AWS account not listed in \"NotPrincipal\" assume this role")
                }
                _ => format!("{label} allows every principal except the ones in \"NotPrincipal\""),
            });
        }
    }
    out
}
