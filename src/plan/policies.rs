//! The IAM policy documents a planned change puts in place, found through the schema
//! (attributes marked `.policy(kind)`, at the top level or in nested blocks), and the review
//! warnings about what they allow (`crate::review`, which reads documents only).

use serde_json::Value as Json;

use super::{Action, ResourceChange};
use crate::addr::Mode;
use crate::lang::Value;
use crate::policy::{self, DocumentKind};
use crate::review::{document_warnings, Warning};
use crate::schema::Schema;

/// Warnings about the IAM policy documents a change would put in place (after values only;
/// deletes give none); see [`document_warnings`] for what is warned about.
///
/// - Updates only warn about documents whose meaning changes: a policy that is already in
///   place is not what the pull request asks to approve. Creates and replacements warn about
///   every document, since each is put in place anew.
/// - Documents that are unknown until apply, or are not JSON, give no warnings (validation
///   reports the latter).
pub fn policy_warnings(change: &ResourceChange) -> Vec<Warning> {
    if change.addr.mode != Mode::Managed
        || !matches!(change.action, Action::Create | Action::Update | Action::Replace { .. })
    {
        return Vec::new();
    }
    let Some(rt) = crate::resources::resource_type(&change.addr.type_name) else { return Vec::new() };
    let address = change.addr.to_string();
    let mut out = Vec::new();
    for (attribute, kind, doc) in new_documents(change, rt.schema()) {
        let Some(json) = policy::parse(&doc) else { continue };
        for message in document_warnings(&json, kind) {
            out.push(Warning { address: address.clone(), attribute: attribute.clone(), message });
        }
    }
    out
}

/// The policy documents the change puts in place: `(attribute, kind, document)`, top-level
/// attributes first, then those of nested blocks.
fn new_documents(change: &ResourceChange, schema: &Schema) -> Vec<(String, DocumentKind, String)> {
    let mut docs = Vec::new();
    for a in schema.attrs {
        let Some(kind) = a.policy else { continue };
        if let Some(d) = new_attr_doc(change, a.name) {
            docs.push((a.name.to_string(), kind, d));
        }
    }
    for b in schema.blocks {
        for a in b.attrs {
            if let Some(kind) = a.policy {
                docs.extend(new_block_docs(change, b.name, a.name, kind));
            }
        }
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

/// The documents at `attr` of the `block` items that are new or changed, each named by the
/// item's `name` (blocks may form a set, so a position would not identify one), else by its
/// position (`inline_policy["events"].policy`).
fn new_block_docs(
    change: &ResourceChange,
    block: &str,
    attr: &str,
    kind: DocumentKind,
) -> Vec<(String, DocumentKind, String)> {
    let Some(Value::List(items)) = change.after.get(block) else { return Vec::new() };
    let before: Vec<(Option<&str>, &str)> = change
        .before
        .as_ref()
        .and_then(|b| b.get(block))
        .and_then(Json::as_array)
        .map(|a| {
            a.iter().filter_map(|p| Some((p.get("name").and_then(Json::as_str), p.get(attr)?.as_str()?))).collect()
        })
        .unwrap_or_default();
    let mut docs = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let Value::Object(m) = item else { continue };
        let Some(Value::String(doc)) = m.get(attr) else { continue };
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
            Some(n) => format!("{block}[{}].{attr}", Json::from(n)),
            None => format!("{block}[{i}].{attr}"),
        };
        docs.push((attribute, kind, doc.clone()));
    }
    docs
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
            preflight: None,
            previous_address: None,
            sensitive: vec![],
            sensitive_paths: vec![],
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
        let block = Value::Object(
            BTreeMap::from([
                ("name".to_string(), Value::str(name)),
                ("policy".to_string(), Value::str(inline.to_string())),
            ])
            .into(),
        );
        let c = change(
            "aws_iam_role",
            Action::Create,
            &[
                ("assume_role_policy", Value::str(trust.to_string())),
                ("inline_policy", Value::List(vec![block].into())),
            ],
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
            Value::Object(
                BTreeMap::from([("name".to_string(), Value::str(name)), ("policy".to_string(), Value::str(star))])
                    .into(),
            )
        };
        let before = json!({"inline_policy": [{"name": "kept", "policy": star}]});
        let c = change(
            "aws_iam_role",
            Action::Update,
            &[("inline_policy", Value::List(vec![item("kept"), item("added")].into()))],
            Some(before),
        );
        let w = policy_warnings(&c);
        assert_eq!(w.len(), 1);
        assert_eq!(w[0].attribute, r#"inline_policy["added"].policy"#);
    }

    #[test]
    fn unknown_or_invalid_documents_give_nothing() {
        let c = change("aws_iam_role_policy", Action::Create, &[("policy", Value::UNKNOWN)], None);
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
