use super::*;
use crate::services::events::{EventTarget, Events, PutRuleInput};
use crate::services::iam::sandbox::*;
use crate::services::iam::{CreateRoleInput, Iam};
use crate::services::inspector::sandbox::*;
use crate::services::inspector::{EventSubscription, Inspector};
use crate::services::inspector2::{CisScanConfig, Inspector2, Inspector2AccountStatus, Inspector2Filter};
use crate::services::sts::Sts;
use std::collections::BTreeSet;

// One accessor per service, so calls read `iam(&sb).get_role(…)` as through an `Account`.
fn sts(sb: &Sandbox) -> &dyn Sts {
    sb
}
fn iam(sb: &Sandbox) -> &dyn Iam {
    sb
}
fn events(sb: &Sandbox) -> &dyn Events {
    sb
}
fn inspector(sb: &Sandbox) -> &dyn Inspector {
    sb
}
fn inspector2(sb: &Sandbox) -> &dyn Inspector2 {
    sb
}
use std::slice::from_ref;

const REGION: &str = "us-east-1";
const TRUST: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"events.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#;
const POLICY: &str = r#"{"Version":"2012-10-17","Statement":[]}"#;

fn open(dir: &tempfile::TempDir) -> Sandbox {
    // Faults come only from with_faults; the empty list makes that explicit.
    Sandbox::open(&dir.path().join("account.json")).unwrap().with_faults(vec![])
}

fn role_input(name: &str) -> CreateRoleInput {
    CreateRoleInput {
        name: name.into(),
        path: "/".into(),
        assume_role_policy_document: TRUST.into(),
        ..CreateRoleInput::default()
    }
}

fn rule_input(name: &str) -> PutRuleInput {
    PutRuleInput {
        name: name.into(),
        event_bus_name: "default".into(),
        schedule_expression: Some("rate(7 days)".into()),
        state: "ENABLED".into(),
        ..PutRuleInput::default()
    }
}

fn target(id: &str, arn: &str) -> EventTarget {
    EventTarget { id: id.into(), arn: arn.into(), role_arn: None, input: None, input_path: None }
}

fn packages(n: usize) -> Vec<String> {
    rules_table()[REGION].iter().take(n).map(|p| p.arn.clone()).collect()
}

fn sub(event: &str) -> EventSubscription {
    EventSubscription { event: event.into(), topic_arn: format!("arn:aws:sns:{REGION}:{ACCOUNT_ID}:t") }
}

/// Target + template in `REGION`; returns (target ARN, template ARN).
async fn target_and_template(sb: &Sandbox) -> (String, String) {
    let target = inspector(sb).create_assessment_target(REGION, "all", None).await.unwrap();
    let template =
        inspector(sb).create_assessment_template(REGION, &target, "weekly", 3600, &packages(2)).await.unwrap();
    (target, template)
}

fn code(e: CloudError) -> (ErrorKind, String) {
    (e.kind, e.code)
}

#[test]
fn rfc3339_formats_utc_dates() {
    assert_eq!(rfc3339(0), "1970-01-01T00:00:00Z");
    assert_eq!(rfc3339(951_868_799), "2000-02-29T23:59:59Z");
    assert_eq!(rfc3339(1_796_029_200), "2026-11-30T09:00:00Z");
}

#[test]
fn rules_packages_cover_every_region() {
    let table = rules_table();
    assert_eq!(table.len(), 14);
    // The GovCloud regions have no Network Reachability package.
    assert!(table.iter().all(|(r, p)| p.len() == if r.starts_with("us-gov-") { 3 } else { 4 }));
}

#[test]
fn service_linked_role_names() {
    let name = service_linked_role_name;
    assert_eq!(name("inspector.amazonaws.com").unwrap(), "AWSServiceRoleForAmazonInspector");
    assert_eq!(name("inspector2.amazonaws.com").unwrap(), "AWSServiceRoleForAmazonInspector2");
    assert_eq!(name("events.amazonaws.com").unwrap(), "AWSServiceRoleForCloudWatchEvents");
    assert_eq!(name("access-analyzer.amazonaws.com").unwrap(), "AWSServiceRoleForAccessAnalyzer");
    assert!(name("example.com").is_none() && name(".amazonaws.com").is_none());
}

#[tokio::test]
async fn service_linked_role_lifecycle() {
    let dir = tempfile::tempdir().unwrap();
    let sb = open(&dir);
    let role = iam(&sb).create_service_linked_role("inspector.amazonaws.com", None, None).await.unwrap();
    assert_eq!(role.name, "AWSServiceRoleForAmazonInspector");
    assert_eq!(role.path, "/aws-service-role/inspector.amazonaws.com/");
    assert_eq!(
        role.arn,
        "arn:aws:iam::123456789012:role/aws-service-role/inspector.amazonaws.com/AWSServiceRoleForAmazonInspector"
    );
    assert!(role.role_id.starts_with("AROA") && role.role_id.len() == 21);
    assert!(role.assume_role_policy_document.contains("inspector.amazonaws.com"));

    let e = iam(&sb).create_service_linked_role("inspector.amazonaws.com", None, None).await.unwrap_err();
    assert_eq!(
        (e.kind, e.code.as_str(), e.operation),
        (ErrorKind::AlreadyExists, "InvalidInput", "CreateServiceLinkedRole")
    );
    assert_eq!(
        e.message,
        "Service role name AWSServiceRoleForAmazonInspector has been taken in this account, please try a different suffix."
    );
    let custom = iam(&sb).create_service_linked_role("inspector.amazonaws.com", Some("d"), Some("two")).await.unwrap();
    assert_eq!(
        (custom.name.as_str(), custom.description.as_deref()),
        ("AWSServiceRoleForAmazonInspector_two", Some("d"))
    );

    // Protected like in AWS, except description and tags.
    let name = "AWSServiceRoleForAmazonInspector";
    let e = iam(&sb).put_role_policy(name, "p", POLICY).await.unwrap_err();
    assert_eq!(e.code, "UnmodifiableEntity");
    assert_eq!(iam(&sb).delete_role(name).await.unwrap_err().code, "UnmodifiableEntity");
    iam(&sb).update_role(name, Some("desc"), None).await.unwrap();

    let task = iam(&sb).delete_service_linked_role(name).await.unwrap();
    assert!(task.starts_with("task/aws-service-role/inspector.amazonaws.com/AWSServiceRoleForAmazonInspector/"));
    assert_eq!(task.rsplit('/').next().unwrap().len(), 36);
    assert!(iam(&sb).get_role(name).await.unwrap().is_none());
    iam(&sb).create_role(&role_input("plain")).await.unwrap();
    assert_eq!(iam(&sb).delete_service_linked_role("plain").await.unwrap_err().kind, ErrorKind::Invalid);
}

#[tokio::test]
async fn role_names_clash_without_regard_to_case() {
    let dir = tempfile::tempdir().unwrap();
    let sb = open(&dir);
    iam(&sb).create_role(&role_input("Auditor")).await.unwrap();
    let e = iam(&sb).create_role(&role_input("AUDITOR")).await.unwrap_err();
    assert_eq!(code(e.clone()), (ErrorKind::AlreadyExists, "EntityAlreadyExists".into()));
    assert_eq!(e.message, "Role with name AUDITOR already exists.");
    // Lookups ignore case too and report the stored name.
    assert_eq!(iam(&sb).get_role("auditor").await.unwrap().unwrap().name, "Auditor");
    assert!(iam(&sb).get_role("nobody").await.unwrap().is_none());
}

#[tokio::test]
async fn create_role_validates_like_iam() {
    let dir = tempfile::tempdir().unwrap();
    let sb = open(&dir);
    let cases: Vec<(CreateRoleInput, &str)> = vec![
        (role_input("bad name"), "ValidationError"),
        (role_input(&"x".repeat(65)), "ValidationError"),
        (CreateRoleInput { path: "/no-trailing".into(), ..role_input("a") }, "ValidationError"),
        (CreateRoleInput { path: "/aws-service-role/x/".into(), ..role_input("a") }, "ValidationError"),
        (CreateRoleInput { assume_role_policy_document: "{".into(), ..role_input("a") }, "MalformedPolicyDocument"),
        (CreateRoleInput { max_session_duration: Some(60), ..role_input("a") }, "ValidationError"),
        (CreateRoleInput { permissions_boundary: Some("nope".into()), ..role_input("a") }, "InvalidInput"),
    ];
    for (input, expected) in cases {
        let e = iam(&sb).create_role(&input).await.unwrap_err();
        assert_eq!(code(e), (ErrorKind::Invalid, expected.to_string()), "{input:?}");
    }
    let ok = CreateRoleInput { path: "/team/".into(), max_session_duration: Some(7200), ..role_input("a.b@c") };
    let role = iam(&sb).create_role(&ok).await.unwrap();
    assert_eq!((role.arn.as_str(), role.max_session_duration), ("arn:aws:iam::123456789012:role/team/a.b@c", 7200));
    // Optional fields left empty take AWS's defaults.
    let input = CreateRoleInput { path: String::new(), ..role_input("d") };
    let defaults = iam(&sb).create_role(&input).await.unwrap();
    assert_eq!((defaults.path.as_str(), defaults.max_session_duration), ("/", 3600));
    assert!(role.create_date.ends_with('Z') && role.create_date.len() == 20);
}

#[tokio::test]
async fn role_updates_tags_and_missing_roles() {
    let dir = tempfile::tempdir().unwrap();
    let sb = open(&dir);
    iam(&sb).create_role(&role_input("r")).await.unwrap();
    iam(&sb).update_role("r", Some("d"), Some(7200)).await.unwrap();
    iam(&sb).update_assume_role_policy("r", POLICY).await.unwrap();
    iam(&sb).set_permissions_boundary("r", Some("arn:aws:iam::aws:policy/ReadOnlyAccess")).await.unwrap();
    iam(&sb).tag_role("r", &Tags::from([("a".into(), "1".into()), ("b".into(), "2".into())])).await.unwrap();
    iam(&sb).untag_role("r", &["a".into()]).await.unwrap();
    let role = iam(&sb).get_role("r").await.unwrap().unwrap();
    assert_eq!(role.description.as_deref(), Some("d"));
    assert_eq!((role.max_session_duration, role.assume_role_policy_document.as_str()), (7200, POLICY));
    assert_eq!(role.permissions_boundary.as_deref(), Some("arn:aws:iam::aws:policy/ReadOnlyAccess"));
    assert_eq!(role.tags, Tags::from([("b".into(), "2".into())]));
    iam(&sb).set_permissions_boundary("r", None).await.unwrap();
    assert!(iam(&sb).get_role("r").await.unwrap().unwrap().permissions_boundary.is_none());

    let e = iam(&sb).update_role("ghost", None, None).await.unwrap_err();
    assert_eq!((e.kind, e.message.as_str()), (ErrorKind::NotFound, "The role with name ghost cannot be found."));
    assert_eq!(iam(&sb).list_role_policies("ghost").await.unwrap_err().code, "NoSuchEntity");
    assert!(iam(&sb).get_role_policy("ghost", "p").await.unwrap().is_none());
    assert_eq!(
        iam(&sb).set_permissions_boundary("ghost", None).await.unwrap_err().operation,
        "DeleteRolePermissionsBoundary"
    );
}

#[tokio::test]
async fn delete_role_conflicts_with_inline_policies() {
    let dir = tempfile::tempdir().unwrap();
    let sb = open(&dir);
    iam(&sb).create_role(&role_input("r")).await.unwrap();
    assert_eq!(iam(&sb).put_role_policy("r", "p", "[").await.unwrap_err().code, "MalformedPolicyDocument");
    iam(&sb).put_role_policy("r", "p2", POLICY).await.unwrap();
    iam(&sb).put_role_policy("r", "p1", POLICY).await.unwrap();
    assert_eq!(iam(&sb).list_role_policies("r").await.unwrap(), ["p1", "p2"]);
    assert_eq!(iam(&sb).get_role_policy("r", "p1").await.unwrap().as_deref(), Some(POLICY));
    assert!(iam(&sb).get_role_policy("r", "zz").await.unwrap().is_none());

    let e = iam(&sb).delete_role("r").await.unwrap_err();
    assert_eq!(code(e.clone()), (ErrorKind::Conflict, "DeleteConflict".into()));
    assert_eq!(e.message, "Cannot delete entity, must delete policies first.");
    iam(&sb).delete_role_policy("r", "p1").await.unwrap();
    iam(&sb).delete_role_policy("r", "p2").await.unwrap();
    assert_eq!(iam(&sb).delete_role_policy("r", "p2").await.unwrap_err().kind, ErrorKind::NotFound);
    iam(&sb).delete_role("r").await.unwrap();
    assert!(iam(&sb).get_role("r").await.unwrap().is_none());
}

#[tokio::test]
async fn put_rule_validates_and_describes() {
    let dir = tempfile::tempdir().unwrap();
    let sb = open(&dir);
    let bad: Vec<(PutRuleInput, ErrorKind, &str)> = vec![
        (rule_input("bad name"), ErrorKind::Invalid, "ValidationException"),
        (
            PutRuleInput { event_bus_name: "custom".into(), ..rule_input("r") },
            ErrorKind::NotFound,
            "ResourceNotFoundException",
        ),
        (PutRuleInput { schedule_expression: None, ..rule_input("r") }, ErrorKind::Invalid, "ValidationException"),
        (
            PutRuleInput { schedule_expression: Some("every day".into()), ..rule_input("r") },
            ErrorKind::Invalid,
            "ValidationException",
        ),
        (
            PutRuleInput { event_pattern: Some("[1]".into()), ..rule_input("r") },
            ErrorKind::Invalid,
            "InvalidEventPatternException",
        ),
        (PutRuleInput { state: "ON".into(), ..rule_input("r") }, ErrorKind::Invalid, "ValidationException"),
    ];
    for (input, kind, expected) in bad {
        let e = events(&sb).put_rule(REGION, &input).await.unwrap_err();
        assert_eq!(code(e), (kind, expected.to_string()), "{input:?}");
    }
    let e = events(&sb).describe_rule(REGION, "custom", "r").await.unwrap_err();
    assert_eq!(e.message, "Event bus custom does not exist.");

    let tags = Tags::from([("k".into(), "v".into())]);
    let input = PutRuleInput { tags: tags.clone(), state: String::new(), ..rule_input("r") };
    let arn = events(&sb).put_rule(REGION, &input).await.unwrap();
    assert_eq!(arn, "arn:aws:events:us-east-1:123456789012:rule/r");
    let rule = events(&sb).describe_rule(REGION, "default", "r").await.unwrap().unwrap();
    assert_eq!((rule.state.as_str(), rule.event_bus_name.as_str(), &rule.tags), ("ENABLED", "default", &tags));

    // An update replaces settings but ignores tags, as AWS does.
    let update = PutRuleInput {
        schedule_expression: None,
        event_pattern: Some(r#"{"source":["aws.inspector"]}"#.into()),
        state: "DISABLED".into(),
        ..rule_input("r")
    };
    events(&sb).put_rule(REGION, &update).await.unwrap();
    let rule = events(&sb).describe_rule(REGION, "", "r").await.unwrap().unwrap();
    assert_eq!((rule.schedule_expression, rule.state.as_str(), &rule.tags), (None, "DISABLED", &tags));
    assert!(events(&sb).describe_rule(REGION, "default", "other").await.unwrap().is_none());
    assert!(events(&sb).describe_rule("eu-west-1", "default", "r").await.unwrap().is_none());
}

#[tokio::test]
async fn events_set_tags_makes_tags_exact() {
    let dir = tempfile::tempdir().unwrap();
    let sb = open(&dir);
    let input = PutRuleInput { tags: Tags::from([("a".into(), "1".into())]), ..rule_input("r") };
    let arn = events(&sb).put_rule(REGION, &input).await.unwrap();
    let tags = Tags::from([("b".into(), "2".into())]);
    events(&sb).set_tags(REGION, &arn, &tags).await.unwrap();
    assert_eq!(events(&sb).describe_rule(REGION, "default", "r").await.unwrap().unwrap().tags, tags);
    let missing = arn.replace("rule/r", "rule/gone");
    let e = events(&sb).set_tags(REGION, &missing, &tags).await.unwrap_err();
    assert_eq!((e.kind, e.message.as_str()), (ErrorKind::NotFound, "Rule gone does not exist on EventBus default."));
    // Removing keys only is an UntagResource call.
    let sb = sb.with_faults(vec!["events:UntagResource".into()]);
    assert_eq!(events(&sb).set_tags(REGION, &arn, &Tags::new()).await.unwrap_err().operation, "UntagResource");
}

#[tokio::test]
async fn targets_need_an_existing_rule_and_follow_limits() {
    let dir = tempfile::tempdir().unwrap();
    let sb = open(&dir);
    let t = target("t1", "arn:aws:sns:us-east-1:123456789012:topic");
    let e = events(&sb).put_targets(REGION, "default", "missing", from_ref(&t)).await.unwrap_err();
    assert_eq!((e.kind, e.code.as_str()), (ErrorKind::NotFound, "ResourceNotFoundException"));
    assert_eq!(e.message, "Rule missing does not exist on EventBus default.");
    assert_eq!(events(&sb).list_targets(REGION, "default", "missing").await.unwrap_err().kind, ErrorKind::NotFound);
    assert_eq!(
        events(&sb).remove_targets(REGION, "default", "missing", &[]).await.unwrap_err().kind,
        ErrorKind::NotFound
    );

    events(&sb).put_rule(REGION, &rule_input("r")).await.unwrap();
    let bad_id = target("bad id", &t.arn);
    assert_eq!(events(&sb).put_targets(REGION, "default", "r", &[bad_id]).await.unwrap_err().kind, ErrorKind::Invalid);
    let both = EventTarget { input: Some("{}".into()), input_path: Some("$.x".into()), ..t.clone() };
    assert_eq!(events(&sb).put_targets(REGION, "default", "r", &[both]).await.unwrap_err().kind, ErrorKind::Invalid);
    let five: Vec<_> = (1..=5).map(|i| target(&format!("t{i}"), &t.arn)).collect();
    events(&sb).put_targets(REGION, "default", "r", &five).await.unwrap();
    let sixth = target("t6", &t.arn);
    let e = events(&sb).put_targets(REGION, "default", "r", &[sixth]).await.unwrap_err();
    assert_eq!((e.kind, e.code.as_str()), (ErrorKind::Invalid, "LimitExceededException"));
    // Replacing by id stays within the limit.
    let replaced = EventTarget { input: Some(r#"{"a":1}"#.into()), ..target("t5", &t.arn) };
    events(&sb).put_targets(REGION, "default", "r", from_ref(&replaced)).await.unwrap();
    let listed = events(&sb).list_targets(REGION, "default", "r").await.unwrap();
    assert_eq!((listed.len(), &listed[4]), (5, &replaced));

    let e = events(&sb).delete_rule(REGION, "default", "r").await.unwrap_err();
    assert_eq!((e.kind, e.code.as_str()), (ErrorKind::Conflict, "ValidationException"));
    assert_eq!(e.message, "Rule can't be deleted since it has targets.");
    let ids: Vec<String> = (1..=5).map(|i| format!("t{i}")).chain(["unknown".into()]).collect();
    events(&sb).remove_targets(REGION, "default", "r", &ids).await.unwrap();
    events(&sb).delete_rule(REGION, "default", "r").await.unwrap();
    events(&sb).delete_rule(REGION, "default", "r").await.unwrap(); // idempotent, as in AWS
}

#[tokio::test]
async fn inspector_targets_need_an_assumable_role() {
    let dir = tempfile::tempdir().unwrap();
    let sb = open(&dir);
    events(&sb).put_rule(REGION, &rule_input("r")).await.unwrap();
    let (_, template) = target_and_template(&sb).await;
    let role_arn = "arn:aws:iam::123456789012:role/service/scan-role";
    let no_role = target("scan", &template);
    let e = events(&sb).put_targets(REGION, "default", "r", from_ref(&no_role)).await.unwrap_err();
    assert_eq!((e.kind, e.code.as_str()), (ErrorKind::Invalid, "ValidationException"));
    let with_role = EventTarget { role_arn: Some(role_arn.into()), ..no_role };
    let e = events(&sb).put_targets(REGION, "default", "r", from_ref(&with_role)).await.unwrap_err();
    assert!(e.message.contains("cannot be assumed by principal events.amazonaws.com"), "{e}");
    iam(&sb).create_role(&CreateRoleInput { path: "/service/".into(), ..role_input("scan-role") }).await.unwrap();
    events(&sb).put_targets(REGION, "default", "r", &[with_role]).await.unwrap();
}

#[tokio::test]
async fn inspector_is_only_in_supported_regions() {
    let dir = tempfile::tempdir().unwrap();
    let sb = open(&dir);
    let e = inspector(&sb).rules_packages("eu-south-1").await.unwrap_err();
    assert_eq!((e.kind, e.code.as_str(), e.operation), (ErrorKind::Other, "UnsupportedRegion", "ListRulesPackages"));
    assert!(e.message.contains("not available in region eu-south-1"));
    let e = inspector(&sb).create_assessment_target("eu-south-1", "t", None).await.unwrap_err();
    assert_eq!(e.code, "UnsupportedRegion");

    let listed = inspector(&sb).rules_packages(REGION).await.unwrap();
    assert_eq!(listed.len(), 4);
    assert!(listed.iter().all(|p| p.version == "1.1" && p.provider == "Amazon Web Services, Inc."));
    let gov = inspector(&sb).create_assessment_target("us-gov-west-1", "t", None).await.unwrap();
    assert!(gov.starts_with("arn:aws-us-gov:inspector:us-gov-west-1:123456789012:target/0-"), "{gov}");
}

#[tokio::test]
async fn assessment_targets_and_resource_groups() {
    let dir = tempfile::tempdir().unwrap();
    let sb = open(&dir);
    let e = inspector(&sb).create_resource_group(REGION, &Tags::new()).await.unwrap_err();
    assert_eq!(e.code, "InvalidInputException");
    let group =
        inspector(&sb).create_resource_group(REGION, &Tags::from([("Env".into(), "prod".into())])).await.unwrap();
    assert!(group.starts_with("arn:aws:inspector:us-east-1:123456789012:resourcegroup/0-") && group.len() == 65);
    let groups = inspector(&sb).describe_resource_groups(REGION, &["nope".into(), group.clone()]).await.unwrap();
    assert_eq!((groups.len(), groups[0].tags["Env"].as_str()), (1, "prod"));

    let missing_group = format!("{}x", &group[..group.len() - 1]);
    let e = inspector(&sb).create_assessment_target(REGION, "t", Some(&missing_group)).await.unwrap_err();
    assert_eq!((e.kind, e.code.as_str()), (ErrorKind::NotFound, "NoSuchEntityException"));
    assert_eq!(inspector(&sb).create_assessment_target(REGION, "", None).await.unwrap_err().kind, ErrorKind::Invalid);
    let a = inspector(&sb).create_assessment_target(REGION, "a", Some(&group)).await.unwrap();
    let b = inspector(&sb).create_assessment_target(REGION, "b", None).await.unwrap();
    let e = inspector(&sb).create_assessment_target(REGION, "a", None).await.unwrap_err();
    assert_eq!((e.kind, e.code.as_str()), (ErrorKind::AlreadyExists, "InvalidInputException"));
    assert!(e.message.contains("ASSESSMENT_TARGET_NAME_ALREADY_TAKEN"));
    // Creating a target registers Inspector's service-linked role, as in AWS.
    assert!(iam(&sb).get_role("AWSServiceRoleForAmazonInspector").await.unwrap().is_some());

    let e = inspector(&sb).update_assessment_target(REGION, &b, "a", None).await.unwrap_err();
    assert_eq!(e.kind, ErrorKind::AlreadyExists);
    inspector(&sb).update_assessment_target(REGION, &a, "a2", None).await.unwrap();
    let described =
        inspector(&sb).describe_assessment_targets(REGION, &[b.clone(), "x".into(), a.clone()]).await.unwrap();
    let names: Vec<_> = described.iter().map(|t| (t.name.as_str(), t.resource_group_arn.is_some())).collect();
    assert_eq!(names, [("b", false), ("a2", false)]);
    inspector(&sb).delete_assessment_target(REGION, &a).await.unwrap();
    let e = inspector(&sb).delete_assessment_target(REGION, &a).await.unwrap_err();
    assert_eq!((e.kind, e.code.as_str()), (ErrorKind::NotFound, "NoSuchEntityException"));
}

#[tokio::test]
async fn assessment_template_validation() {
    let dir = tempfile::tempdir().unwrap();
    let sb = open(&dir);
    let (target, template) = target_and_template(&sb).await;
    assert!(template.starts_with(&format!("{target}/template/0-")) && template.len() == target.len() + 20);
    let create = |target: String, name: &'static str, duration: i64, pkgs: Vec<String>| {
        let sb = &sb;
        async move { inspector(sb).create_assessment_template(REGION, &target, name, duration, &pkgs).await }
    };
    let missing_target = format!("{}zz", &target[..target.len() - 2]);
    let e = create(missing_target, "x", 3600, vec![]).await.unwrap_err();
    assert_eq!((e.kind, e.code.as_str()), (ErrorKind::NotFound, "NoSuchEntityException"));
    for duration in [179, 86_401] {
        let e = create(target.clone(), "x", duration, vec![]).await.unwrap_err();
        assert_eq!((e.kind, e.code.as_str()), (ErrorKind::Invalid, "InvalidInputException"));
        assert!(e.message.contains("INVALID_ASSESSMENT_TEMPLATE_DURATION"));
    }
    let foreign = rules_table()["eu-west-1"][0].arn.clone();
    let e = create(target.clone(), "x", 3600, vec![foreign]).await.unwrap_err();
    assert!(e.message.contains("INVALID_RULES_PACKAGE_ARN"));
    let e = create(target.clone(), "weekly", 3600, vec![]).await.unwrap_err();
    assert_eq!(e.kind, ErrorKind::AlreadyExists);
    assert!(e.message.contains("ASSESSMENT_TEMPLATE_NAME_ALREADY_TAKEN"));
    create(target.clone(), "daily", 180, packages(4)).await.unwrap();

    let described = inspector(&sb).describe_assessment_templates(REGION, from_ref(&template)).await.unwrap();
    assert_eq!(described[0].assessment_target_arn, target);
    assert_eq!((described[0].duration_in_seconds, described[0].rules_package_arns.clone()), (3600, packages(2)));
    inspector(&sb).delete_assessment_template(REGION, &template).await.unwrap();
    let e = inspector(&sb).delete_assessment_template(REGION, &template).await.unwrap_err();
    assert_eq!(e.kind, ErrorKind::NotFound);
}

#[tokio::test]
async fn deleting_a_target_deletes_its_templates_subscriptions_and_tags() {
    let dir = tempfile::tempdir().unwrap();
    let sb = open(&dir);
    let (target, template) = target_and_template(&sb).await;
    inspector(&sb).subscribe(REGION, &template, &sub("FINDING_REPORTED")).await.unwrap();
    inspector(&sb).set_tags(REGION, &template, &Tags::from([("k".into(), "v".into())])).await.unwrap();
    inspector(&sb).delete_assessment_target(REGION, &target).await.unwrap();
    assert!(inspector(&sb).describe_assessment_templates(REGION, from_ref(&template)).await.unwrap().is_empty());
    assert!(inspector(&sb).list_event_subscriptions(REGION, &template).await.unwrap().is_empty());
    assert_eq!(inspector(&sb).list_tags(REGION, &template).await.unwrap_err().kind, ErrorKind::NotFound);
    // Nothing is left in the region, so it is dropped from the file.
    let text = std::fs::read_to_string(sb.path()).unwrap();
    assert!(!text.contains(REGION), "{text}");
}

#[tokio::test]
async fn subscriptions_and_inspector_tags() {
    let dir = tempfile::tempdir().unwrap();
    let sb = open(&dir);
    let (_, template) = target_and_template(&sb).await;
    for event in ["FINDING_REPORTED", "ASSESSMENT_RUN_COMPLETED", "FINDING_REPORTED"] {
        inspector(&sb).subscribe(REGION, &template, &sub(event)).await.unwrap();
    }
    let subs = inspector(&sb).list_event_subscriptions(REGION, &template).await.unwrap();
    assert_eq!(subs, [sub("ASSESSMENT_RUN_COMPLETED"), sub("FINDING_REPORTED")]);
    let e = inspector(&sb).subscribe(REGION, &template, &sub("NOPE")).await.unwrap_err();
    assert!(e.message.contains("INVALID_EVENT"));
    let bad_topic = EventSubscription { topic_arn: "topic".into(), ..sub("OTHER") };
    let e = inspector(&sb).subscribe(REGION, &template, &bad_topic).await.unwrap_err();
    assert!(e.message.contains("INVALID_SNS_TOPIC_ARN"));
    let e = inspector(&sb).subscribe(REGION, &format!("{template}x"), &sub("OTHER")).await.unwrap_err();
    assert_eq!(e.kind, ErrorKind::NotFound);
    inspector(&sb).unsubscribe(REGION, &template, &sub("FINDING_REPORTED")).await.unwrap();
    inspector(&sb).unsubscribe(REGION, &template, &sub("OTHER")).await.unwrap();
    assert_eq!(inspector(&sb).list_event_subscriptions(REGION, &template).await.unwrap().len(), 1);

    assert!(inspector(&sb).list_tags(REGION, &template).await.unwrap().is_empty());
    let tags = Tags::from([("a".into(), "1".into()), ("b".into(), "2".into())]);
    inspector(&sb).set_tags(REGION, &template, &tags).await.unwrap();
    assert_eq!(inspector(&sb).list_tags(REGION, &template).await.unwrap(), tags);
    let empty_value = Tags::from([("a".into(), String::new())]);
    assert_eq!(inspector(&sb).set_tags(REGION, &template, &empty_value).await.unwrap_err().kind, ErrorKind::Invalid);
    inspector(&sb).set_tags(REGION, &template, &Tags::new()).await.unwrap();
    assert!(inspector(&sb).list_tags(REGION, &template).await.unwrap().is_empty());
}

#[tokio::test]
async fn injected_faults_fail_the_named_operation_and_change_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let sb = open(&dir).with_faults(vec![" events:PutTargets".into(), "iam:CreateRole ".into(), "".into()]);
    let e = iam(&sb).create_role(&role_input("r")).await.unwrap_err();
    assert_eq!(
        (e.kind, e.code.as_str(), e.service, e.operation),
        (ErrorKind::Other, "InjectedFault", "iam", "CreateRole")
    );
    assert!(e.message.contains("iam:CreateRole"));
    assert!(iam(&sb).get_role("r").await.unwrap().is_none());
    assert!(!sb.path().exists(), "a failed call must not create the file");

    events(&sb).put_rule(REGION, &rule_input("rule")).await.unwrap();
    let before = std::fs::read(sb.path()).unwrap();
    let t = target("t", "arn:aws:sns:us-east-1:123456789012:x");
    let e = events(&sb).put_targets(REGION, "default", "rule", &[t]).await.unwrap_err();
    assert_eq!((e.code.as_str(), e.operation), ("InjectedFault", "PutTargets"));
    assert!(events(&sb).list_targets(REGION, "default", "rule").await.unwrap().is_empty());
    assert_eq!(std::fs::read(sb.path()).unwrap(), before);

    // A new rule's tags are a separate TagResource call: the rule stays, untagged.
    let sb = sb.with_faults(vec!["events:TagResource".into()]);
    let tagged = PutRuleInput { tags: Tags::from([("k".into(), "v".into())]), ..rule_input("tagged") };
    assert_eq!(events(&sb).put_rule(REGION, &tagged).await.unwrap_err().operation, "TagResource");
    assert!(events(&sb).describe_rule(REGION, "default", "tagged").await.unwrap().unwrap().tags.is_empty());
}

#[tokio::test]
async fn ids_are_deterministic() {
    async fn script(dir: &tempfile::TempDir) -> Vec<String> {
        let sb = open(dir);
        let role = iam(&sb).create_role(&role_input("r")).await.unwrap();
        let slr = iam(&sb).create_service_linked_role("events.amazonaws.com", None, None).await.unwrap();
        let (target, template) = target_and_template(&sb).await;
        let group =
            inspector(&sb).create_resource_group(REGION, &Tags::from([("a".into(), "b".into())])).await.unwrap();
        let task = iam(&sb).delete_service_linked_role(&slr.name).await.unwrap();
        vec![role.role_id, slr.role_id, target, template, group, task]
    }
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let (first, second) = (script(&a).await, script(&b).await);
    assert_eq!(first, second);
    assert_eq!(
        std::fs::read(a.path().join("account.json")).unwrap().len(),
        std::fs::read(b.path().join("account.json")).unwrap().len()
    );
    let unique: BTreeSet<_> = first.iter().collect();
    assert_eq!(unique.len(), first.len());
}

#[tokio::test]
async fn the_file_round_trips() {
    let dir = tempfile::tempdir().unwrap();
    let sb = open(&dir);
    iam(&sb).create_role(&role_input("r")).await.unwrap();
    iam(&sb).put_role_policy("r", "p", POLICY).await.unwrap();
    let arn = events(&sb).put_rule(REGION, &rule_input("rule")).await.unwrap();
    events(&sb).set_tags(REGION, &arn, &Tags::from([("k".into(), "v".into())])).await.unwrap();
    let (_, template) = target_and_template(&sb).await;
    inspector(&sb).subscribe(REGION, &template, &sub("OTHER")).await.unwrap();
    let bytes = std::fs::read(sb.path()).unwrap();

    let reopened = open(&dir);
    assert_eq!(*reopened.lock(), *sb.lock());
    assert_eq!(iam(&reopened).get_role("r").await.unwrap(), iam(&sb).get_role("r").await.unwrap());
    assert_eq!(sts(&reopened).account_id().await.unwrap(), ACCOUNT_ID);
    // Same account, same bytes.
    events(&reopened).remove_targets(REGION, "default", "rule", &[]).await.unwrap();
    assert_eq!(std::fs::read(sb.path()).unwrap(), bytes);
}

#[tokio::test]
async fn a_hand_edited_partial_file_loads() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("account.json");
    let text = r#"{
        "iam": { "roles": { "Ops": { "assume_role_policy_document": { "Version": "2012-10-17" },
                                     "inline_policies": { "p": "{}" } } } },
        "regions": { "us-east-1": { "events": { "rules": {
            "nightly": { "schedule_expression": "rate(1 day)", "targets": { "t": { "arn": "arn:aws:sns:x:y:z" } } }
        } } } }
    }"#;
    std::fs::write(&path, text).unwrap();
    let sb = Sandbox::open(&path).unwrap().with_faults(vec![]);
    assert_eq!(sts(&sb).account_id().await.unwrap(), ACCOUNT_ID);
    let role = iam(&sb).get_role("ops").await.unwrap().unwrap();
    assert_eq!((role.path.as_str(), role.max_session_duration), ("/", 3600));
    assert_eq!(role.assume_role_policy_document, r#"{"Version":"2012-10-17"}"#);
    assert!(role.role_id.starts_with("AROA") && !role.create_date.is_empty());
    assert_eq!(iam(&sb).list_role_policies("Ops").await.unwrap(), ["p"]);
    let rule = events(&sb).describe_rule(REGION, "default", "nightly").await.unwrap().unwrap();
    assert_eq!(rule.state, "ENABLED");
    assert_eq!(events(&sb).list_targets(REGION, "default", "nightly").await.unwrap()[0].id, "t");

    std::fs::write(&path, "{ not json").unwrap();
    let err = Sandbox::open(&path).unwrap_err();
    assert!(matches!(err, SandboxError::Parse { .. }) && err.to_string().contains("account.json"), "{err}");
}

#[tokio::test]
async fn io_failures_name_the_file() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("file"), "").unwrap();
    let err = Sandbox::open(&dir.path().join("file/account.json")).unwrap_err();
    assert!(matches!(err, SandboxError::Io { .. }) && err.to_string().contains("file/account.json"));

    let sb = open(&dir);
    // A directory where the file should go makes the atomic rename fail.
    std::fs::create_dir(sb.path()).unwrap();
    let e = iam(&sb).create_role(&role_input("r")).await.unwrap_err();
    assert_eq!((e.kind, e.code.as_str(), e.operation), (ErrorKind::Other, "SandboxIoError", "CreateRole"));
    assert!(iam(&sb).get_role("r").await.unwrap().is_none(), "memory must match the file");
}

#[path = "tests_inspector2.rs"]
mod inspector2;
