//! Review aids shown next to a plan: warnings about what the planned objects would allow.
//! They never stop a plan; they point a reviewer at the lines worth a second look.

use serde_json::Value as Json;

use crate::addr::Mode;
use crate::lang::Value;
use crate::plan::{Action, ResourceChange};
use crate::policy;

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

/// Whose document it is: a trust policy says who may assume a role, a permissions policy what
/// the role may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Doc {
    Trust,
    Permissions,
}

/// Warnings about the IAM policy documents a change would put in place (after values only;
/// deletes give none): `Action` or `Resource` wildcards (`*`, `service:*`, and partial wildcards
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
/// - Updates only warn about documents whose meaning changes: a policy that is already in
///   place is not what the pull request asks to approve. Creates and replacements warn about
///   every document, since each is put in place anew.
/// - Documents that are unknown until apply, or are not JSON, give no warnings (validation
///   reports the latter).
/// - A trust policy "lets any AWS account assume the role" when an Allow statement has
///   `Principal` `*` (or an `AWS` principal of `*`, alone or in a list) or uses `NotPrincipal`,
///   and has no `Condition`. With a `Condition` the warning says the condition is all that
///   limits who can.
pub fn policy_warnings(change: &crate::plan::ResourceChange) -> Vec<Warning> {
    if change.addr.mode != Mode::Managed
        || !matches!(change.action, Action::Create | Action::Update | Action::Replace { .. })
    {
        return Vec::new();
    }
    let address = change.addr.to_string();
    let mut out = Vec::new();
    for (attribute, kind, doc) in new_documents(change) {
        let Some(json) = policy::parse(&doc) else { continue };
        for message in document_warnings(&json, kind) {
            out.push(Warning { address: address.clone(), attribute: attribute.clone(), message });
        }
    }
    out
}

/// The policy documents the change puts in place: `(attribute, kind, document)`.
fn new_documents(change: &ResourceChange) -> Vec<(String, Doc, String)> {
    let mut docs = Vec::new();
    match change.addr.type_name.as_str() {
        "aws_iam_role" => {
            if let Some(d) = new_attr_doc(change, "assume_role_policy") {
                docs.push(("assume_role_policy".to_string(), Doc::Trust, d));
            }
            docs.extend(new_inline_docs(change));
        }
        // Identity policies, and the resource policies of topics (who may publish).
        "aws_iam_role_policy" | "aws_iam_policy" | "aws_sns_topic_policy" | "aws_sns_topic" => {
            if let Some(d) = new_attr_doc(change, "policy") {
                docs.push(("policy".to_string(), Doc::Permissions, d));
            }
        }
        _ => {}
    }
    docs
}

/// A top-level document attribute's planned value, unless an update leaves its meaning as is.
fn new_attr_doc(change: &ResourceChange, name: &str) -> Option<String> {
    let Value::String(doc) = change.after.get(name)? else { return None };
    let before = change.before.as_ref().and_then(|b| b.get(name)).and_then(Json::as_str);
    let unchanged = change.action == Action::Update && before.is_some_and(|b| policy::semantic_eq(b, doc));
    (!unchanged).then(|| doc.clone())
}

/// The role's `inline_policy` documents that are new or changed, named by policy name (the
/// blocks form a set, so a position would not identify one).
fn new_inline_docs(change: &ResourceChange) -> Vec<(String, Doc, String)> {
    let Some(Value::List(items)) = change.after.get("inline_policy") else { return Vec::new() };
    let before: Vec<(Option<&str>, &str)> = change
        .before
        .as_ref()
        .and_then(|b| b.get("inline_policy"))
        .and_then(Json::as_array)
        .map(|a| {
            a.iter().filter_map(|p| Some((p.get("name").and_then(Json::as_str), p.get("policy")?.as_str()?))).collect()
        })
        .unwrap_or_default();
    let mut docs = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let Value::Object(m) = item else { continue };
        let Some(Value::String(doc)) = m.get("policy") else { continue };
        let name = match m.get("name") {
            Some(Value::String(n)) => Some(n.as_str()),
            _ => None,
        };
        let kept =
            change.action == Action::Update && before.iter().any(|(n, d)| *n == name && policy::semantic_eq(d, doc));
        if kept {
            continue;
        }
        let attribute = match name {
            Some(n) => format!("inline_policy[{}].policy", Json::from(n)),
            None => format!("inline_policy[{i}].policy"),
        };
        docs.push((attribute, Doc::Permissions, doc.clone()));
    }
    docs
}

/// The statements of a document: `Statement` may be one object or a list.
fn statements(doc: &Json) -> Vec<&Json> {
    match doc.get("Statement") {
        Some(Json::Array(a)) => a.iter().collect(),
        Some(s @ Json::Object(_)) => vec![s],
        _ => Vec::new(),
    }
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

/// The warnings of one parsed document.
fn document_warnings(doc: &Json, kind: Doc) -> Vec<String> {
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

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use serde_json::json;

    use super::*;
    use crate::addr::Address;
    use crate::resources::Obj;

    fn change(type_name: &str, action: Action, after: &[(&str, Value)], before: Option<Json>) -> ResourceChange {
        ResourceChange {
            warnings: vec![],
            schedule: None,
            destroy_notice: None,
            read_waits_for_dependency: false,
            previous_address: None,
            sensitive: vec![],
            deposed: vec![],
            importing: None,
            notes: vec![],
            addr: Address::managed(type_name, "x"),
            action,
            before: before.map(|b| match b {
                Json::Object(m) => m.into_iter().collect::<Obj>(),
                _ => Obj::new(),
            }),
            attrs: vec![],
            blocks: vec![],
            reason: None,
            after: after.iter().map(|(k, v)| (k.to_string(), v.clone())).collect::<BTreeMap<_, _>>(),
            region: "ap-northeast-1".into(),
            provider: "aws".into(),
        }
    }

    /// An `aws_iam_role_policy` created with this document.
    fn role_policy(doc: Json) -> ResourceChange {
        change("aws_iam_role_policy", Action::Create, &[("policy", Value::str(doc.to_string()))], None)
    }

    /// An `aws_iam_role` created with this trust policy.
    fn role_trust(doc: Json) -> ResourceChange {
        change("aws_iam_role", Action::Create, &[("assume_role_policy", Value::str(doc.to_string()))], None)
    }

    fn messages(c: &ResourceChange) -> Vec<String> {
        policy_warnings(c).into_iter().map(|w| w.message).collect()
    }

    #[test]
    fn action_star_allows_every_action() {
        let c = role_policy(json!({"Statement": [{"Effect": "Allow", "Action": "*", "Resource": "arn:aws:s3:::b"}]}));
        assert_eq!(messages(&c), vec![r#"statement 1 allows every action ("Action": "*")"#]);
        let w = &policy_warnings(&c)[0];
        assert_eq!((w.address.as_str(), w.attribute.as_str()), ("aws_iam_role_policy.x", "policy"));
    }

    #[test]
    fn service_wildcard_names_the_service() {
        let c = role_policy(
            json!({"Statement": {"Effect": "Allow", "Action": ["iam:*"], "Resource": "arn:aws:iam::1:role/r"}}),
        );
        assert_eq!(messages(&c), vec![r#"statement 1 allows every iam action ("Action": "iam:*")"#]);
    }

    #[test]
    fn partial_wildcard_says_which() {
        let c = role_policy(json!({"Statement": [{
            "Effect": "Allow", "Action": ["s3:GetObject", "iam:Pass*"], "Resource": "arn:aws:iam::1:role/r"
        }]}));
        assert_eq!(
            messages(&c),
            vec![r#"statement 1 allows every action matching "iam:Pass*" (a wildcard in "Action")"#]
        );
    }

    #[test]
    fn resource_star_is_named_with_the_actions() {
        let c = role_policy(json!({"Statement": [{"Effect": "Allow", "Action": "iam:PassRole", "Resource": "*"}]}));
        assert_eq!(messages(&c), vec![r#"statement 1 allows "iam:PassRole" on every resource ("Resource": "*")"#]);
        let c = role_policy(json!({"Statement": [{"Effect": "Allow", "Action": "iam:Pass*", "Resource": ["*"]}]}));
        assert_eq!(
            messages(&c),
            vec![
                r#"statement 1 allows every action matching "iam:Pass*" (a wildcard in "Action")"#,
                r#"statement 1 allows "iam:Pass*" on every resource ("Resource": "*")"#,
            ]
        );
        let c = role_policy(
            json!({"Statement": [{"Effect": "Allow", "Action": ["a:A", "a:B", "a:C", "a:D", "a:E"], "Resource": "*"}]}),
        );
        assert_eq!(
            messages(&c),
            vec![r#"statement 1 allows "a:A", "a:B", "a:C" and 2 more actions on every resource ("Resource": "*")"#]
        );
    }

    #[test]
    fn resource_wildcard_inside_an_arn_is_named() {
        let c = role_policy(
            json!({"Statement": [{"Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject"], "Resource": "arn:aws:s3:::logs/*"}]}),
        );
        assert_eq!(
            messages(&c),
            vec![
                r#"statement 1 allows "s3:GetObject" and "s3:PutObject" on every resource matching "arn:aws:s3:::logs/*""#
            ]
        );
    }

    #[test]
    fn not_action_and_not_resource_with_allow() {
        let c = role_policy(json!({"Statement": [
            {"Sid": "Most", "Effect": "Allow", "NotAction": ["iam:*", "organizations:*"], "Resource": "arn:aws:s3:::b"},
            {"Effect": "Allow", "Action": "s3:GetObject", "NotResource": "arn:aws:s3:::secret/*"}
        ]}));
        assert_eq!(
            messages(&c),
            vec![
                r#"statement 1 (Sid "Most") allows every action except the ones in "NotAction" ("NotAction": ["iam:*", "organizations:*"])"#,
                r#"statement 2 allows "s3:GetObject" on every resource except the ones in "NotResource" ("NotResource": "arn:aws:s3:::secret/*")"#,
            ]
        );
    }

    #[test]
    fn deny_statements_give_nothing() {
        let c = role_policy(json!({"Statement": [
            {"Effect": "Deny", "Action": "*", "Resource": "*"},
            {"Effect": "Deny", "NotAction": "iam:*", "NotResource": "*", "Principal": "*"}
        ]}));
        assert!(policy_warnings(&c).is_empty());
    }

    #[test]
    fn trust_policy_open_to_any_account() {
        let plain = "the trust policy lets any AWS account assume this role (Principal \"*\")";
        let c = role_trust(json!({"Statement": [{"Effect": "Allow", "Principal": "*", "Action": "sts:AssumeRole"}]}));
        assert_eq!(messages(&c), vec![plain]);
        assert_eq!(policy_warnings(&c)[0].attribute, "assume_role_policy");

        let c = role_trust(
            json!({"Statement": {"Effect": "Allow", "Principal": {"AWS": ["arn:aws:iam::111122223333:root", "*"]}, "Action": "sts:AssumeRole"}}),
        );
        assert_eq!(
            messages(&c),
            vec![r#"the trust policy lets any AWS account assume this role (Principal {"AWS": "*"})"#]
        );

        let c = role_trust(
            json!({"Statement": [{"Effect": "Allow", "NotPrincipal": {"AWS": "arn:aws:iam::1:root"}, "Action": "sts:AssumeRole"}]}),
        );
        assert_eq!(
            messages(&c),
            vec![r#"the trust policy lets any AWS account not listed in "NotPrincipal" assume this role"#]
        );
    }

    #[test]
    fn trust_policy_with_a_condition_says_the_condition_is_the_limit() {
        let c = role_trust(json!({"Statement": [
            {"Effect": "Allow", "Principal": {"Service": "events.amazonaws.com"}, "Action": "sts:AssumeRole"},
            {"Effect": "Allow", "Principal": "*", "Action": "sts:AssumeRole",
             "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-123"}}}
        ]}));
        assert_eq!(
            messages(&c),
            vec![
                "statement 2 of the trust policy lets any AWS account assume this role when its Condition holds \
                 (Principal \"*\"); check that the Condition limits who can"
            ]
        );
    }

    #[test]
    fn principal_star_outside_a_trust_policy() {
        let c = role_policy(
            json!({"Statement": [{"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/k"}]}),
        );
        assert_eq!(messages(&c), vec![r#"statement 1 allows any principal (Principal {"AWS": "*"})"#]);
    }

    #[test]
    fn specific_principals_give_nothing() {
        let c = role_trust(
            json!({"Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "sts:AssumeRole"}]}),
        );
        assert!(policy_warnings(&c).is_empty());
    }

    #[test]
    fn the_articles_policies() {
        // The trust policy lets only EventBridge assume the role: nothing to say.
        let trust = json!({"Version": "2012-10-17", "Statement": [{
            "Effect": "Allow", "Principal": {"Service": "events.amazonaws.com"}, "Action": "sts:AssumeRole"
        }]});
        // StartAssessmentRun accepts only "*" as its resource: nothing to narrow, no warning.
        let inline = json!({"Version": "2012-10-17", "Statement": [{
            "Effect": "Allow", "Action": "inspector:StartAssessmentRun", "Resource": "*"
        }]});
        let name = "DefaultSecuritySettings-AWSEventsInspectorPolicy-ap-northeast-1";
        let block = Value::Object(BTreeMap::from([
            ("name".to_string(), Value::str(name)),
            ("policy".to_string(), Value::str(inline.to_string())),
        ]));
        let c = change(
            "aws_iam_role",
            Action::Create,
            &[("assume_role_policy", Value::str(trust.to_string())), ("inline_policy", Value::List(vec![block]))],
            None,
        );
        assert_eq!(policy_warnings(&c), vec![]);
    }

    #[test]
    fn actions_without_resource_level_permissions_are_not_named_on_a_wildcard_resource() {
        // None of these can be granted on anything narrower than "*".
        let only = ["inspector2:ListFindings", "organizations:ListAccounts", "Inspector:StartAssessmentRun"];
        let c = role_policy(json!({"Statement": [{"Effect": "Allow", "Action": only, "Resource": "*"}]}));
        assert!(messages(&c).is_empty(), "{:?}", messages(&c));
        // Mixed: only the action that could be narrowed is named.
        let mixed = ["inspector2:ListFindings", "sns:Publish"];
        let c = role_policy(json!({"Statement": [{"Effect": "Allow", "Action": mixed, "Resource": "*"}]}));
        assert_eq!(messages(&c), vec![r#"statement 1 allows "sns:Publish" on every resource ("Resource": "*")"#]);
        // A wildcard action may match narrowable actions: still named.
        let c = role_policy(json!({"Statement": [{"Effect": "Allow", "Action": "inspector2:List*", "Resource": "*"}]}));
        assert_eq!(messages(&c).len(), 2, "{:?}", messages(&c));
    }

    #[test]
    fn deletes_and_unchanged_resources_give_nothing() {
        let doc = json!({"Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}).to_string();
        for action in [Action::Delete, Action::NoOp, Action::Read] {
            let c = change("aws_iam_role_policy", action, &[("policy", Value::str(doc.clone()))], None);
            assert!(policy_warnings(&c).is_empty(), "{action:?}");
        }
    }

    #[test]
    fn updates_warn_only_about_documents_that_change() {
        let old = r#"{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#;
        // Same meaning, written differently: already in place, nothing new to approve.
        let same = r#"{"Statement": {"Resource": ["*"], "Action": ["*"], "Effect": "Allow"}}"#;
        let before = json!({"policy": old});
        let c = change("aws_iam_role_policy", Action::Update, &[("policy", Value::str(same))], Some(before.clone()));
        assert!(policy_warnings(&c).is_empty());

        let new = r#"{"Statement":[{"Effect":"Allow","Action":"*","Resource":"arn:aws:s3:::b"}]}"#;
        let c = change("aws_iam_role_policy", Action::Update, &[("policy", Value::str(new))], Some(before.clone()));
        assert_eq!(messages(&c), vec![r#"statement 1 allows every action ("Action": "*")"#]);

        // A replacement puts the document in place anew, changed or not.
        let c = change(
            "aws_iam_role_policy",
            Action::Replace { create_before_destroy: false },
            &[("policy", Value::str(old))],
            Some(before),
        );
        assert_eq!(policy_warnings(&c).len(), 2);
    }

    #[test]
    fn inline_policies_warn_only_when_new_or_changed() {
        let star = r#"{"Statement":[{"Effect":"Allow","Action":"*","Resource":"arn:aws:s3:::b"}]}"#;
        let item = |name: &str| {
            Value::Object(BTreeMap::from([
                ("name".to_string(), Value::str(name)),
                ("policy".to_string(), Value::str(star)),
            ]))
        };
        let before = json!({"inline_policy": [{"name": "kept", "policy": star}]});
        let c = change(
            "aws_iam_role",
            Action::Update,
            &[("inline_policy", Value::List(vec![item("kept"), item("added")]))],
            Some(before),
        );
        let w = policy_warnings(&c);
        assert_eq!(w.len(), 1);
        assert_eq!(w[0].attribute, r#"inline_policy["added"].policy"#);
    }

    #[test]
    fn unknown_or_invalid_documents_give_nothing() {
        let c = change("aws_iam_role_policy", Action::Create, &[("policy", Value::Unknown)], None);
        assert!(policy_warnings(&c).is_empty());
        let c = change("aws_iam_role_policy", Action::Create, &[("policy", Value::str("{not json"))], None);
        assert!(policy_warnings(&c).is_empty());
    }

    #[test]
    fn other_resource_types_and_attributes_are_not_policies() {
        // An event pattern is a JSON document too, but not an IAM policy.
        let pattern = json!({"Statement": [{"Effect": "Allow", "Action": "*"}]}).to_string();
        let c = change("aws_cloudwatch_event_rule", Action::Create, &[("event_pattern", Value::str(pattern))], None);
        assert!(policy_warnings(&c).is_empty());
    }
}
