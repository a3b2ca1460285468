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

// ---- Amazon Inspector (v2) ----

const MEMBER: &str = "210987654321";

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| s.to_string()).collect()
}

fn findings_filter(name: &str) -> Inspector2Filter {
    Inspector2Filter {
        arn: String::new(),
        name: name.into(),
        action: "SUPPRESS".into(),
        description: Some("low noise".into()),
        reason: None,
        criteria: serde_json::json!({
            "severity": [{ "comparison": "EQUALS", "value": "LOW" }],
            "inspectorScore": [{ "lowerInclusive": 0, "upperInclusive": 3.9 }],
            "resourceTags": [{ "comparison": "EQUALS", "key": "Env", "value": "dev" }],
            "vulnerablePackages": [{ "name": { "comparison": "PREFIX", "value": "openssl" } }]
        }),
        tags: Tags::new(),
    }
}

fn cis_config(name: &str) -> CisScanConfig {
    CisScanConfig {
        arn: String::new(),
        scan_name: name.into(),
        security_level: "LEVEL_1".into(),
        schedule: serde_json::json!({
            "weekly": { "days": ["MON", "THU"], "startTime": { "timeOfDay": "09:00", "timezone": "Asia/Tokyo" } }
        }),
        targets: serde_json::json!({ "accountIds": ["SELF"], "targetResourceTags": { "Env": ["prod"] } }),
        tags: Tags::new(),
    }
}

/// (account status, EC2, ECR, LAMBDA, LAMBDA_CODE) of one reported account.
fn scan_status(s: &Inspector2AccountStatus) -> (&str, [&str; 4]) {
    let of = |t: &str| s.resource_status[t].as_str();
    (s.status.as_str(), [of("EC2"), of("ECR"), of("LAMBDA"), of("LAMBDA_CODE")])
}

#[tokio::test]
async fn inspector2_enable_disable_and_status() {
    let dir = tempfile::tempdir().unwrap();
    let sb = open(&dir);
    const OFF: [&str; 4] = ["DISABLED"; 4];
    // No account ids means the caller; a new account has every scan type disabled.
    let status = inspector2(&sb).account_status(REGION, &[]).await.unwrap();
    assert_eq!(status.len(), 1);
    assert_eq!(status[0].account_id, ACCOUNT_ID);
    assert_eq!(scan_status(&status[0]), ("DISABLED", OFF));

    let both = strings(&[ACCOUNT_ID, MEMBER]);
    inspector2(&sb).enable(REGION, &both, &strings(&["EC2", "ECR"])).await.unwrap();
    inspector2(&sb).enable(REGION, &[], &strings(&["LAMBDA"])).await.unwrap();
    let status = inspector2(&sb).account_status(REGION, &strings(&[MEMBER, ACCOUNT_ID, "333333333333"])).await.unwrap();
    let ids: Vec<_> = status.iter().map(|s| s.account_id.as_str()).collect();
    assert_eq!(ids, [MEMBER, ACCOUNT_ID, "333333333333"]);
    assert_eq!(scan_status(&status[0]), ("ENABLED", ["ENABLED", "ENABLED", "DISABLED", "DISABLED"]));
    assert_eq!(scan_status(&status[1]), ("ENABLED", ["ENABLED", "ENABLED", "ENABLED", "DISABLED"]));
    assert_eq!(scan_status(&status[2]), ("DISABLED", OFF), "accounts never enabled are reported disabled");
    // Other regions are separate.
    assert_eq!(scan_status(&inspector2(&sb).account_status("eu-west-1", &[]).await.unwrap()[0]), ("DISABLED", OFF));

    inspector2(&sb).disable(REGION, &strings(&[ACCOUNT_ID]), &strings(&["EC2", "LAMBDA"])).await.unwrap();
    let status = inspector2(&sb).account_status(REGION, &[]).await.unwrap();
    assert_eq!(scan_status(&status[0]), ("ENABLED", ["DISABLED", "ENABLED", "DISABLED", "DISABLED"]));
    inspector2(&sb).disable(REGION, &strings(&[MEMBER]), &strings(&["EC2", "ECR"])).await.unwrap();
    let status = inspector2(&sb).account_status(REGION, &strings(&[MEMBER])).await.unwrap();
    assert_eq!(scan_status(&status[0]), ("DISABLED", OFF), "disabling every type disables the account");
    // No resource types disables them all.
    inspector2(&sb).disable(REGION, &[], &[]).await.unwrap();
    assert_eq!(scan_status(&inspector2(&sb).account_status(REGION, &[]).await.unwrap()[0]), ("DISABLED", OFF));
    // Disabling what is not enabled changes nothing and succeeds.
    inspector2(&sb).disable(REGION, &strings(&["444444444444"]), &strings(&["ECR"])).await.unwrap();
    assert_eq!(*sb.lock(), Data { next_id: 0, ..Data::default() });
}

#[tokio::test]
async fn inspector2_rejects_unknown_scan_types_and_account_ids() {
    let dir = tempfile::tempdir().unwrap();
    let sb = open(&dir);
    let e = inspector2(&sb).enable(REGION, &[], &strings(&["EC2", "EKS"])).await.unwrap_err();
    assert_eq!((e.kind, e.code.as_str(), e.operation), (ErrorKind::Invalid, "ValidationException", "Enable"));
    assert!(e.message.contains("'EKS'") && e.message.contains("[EC2, ECR, LAMBDA, LAMBDA_CODE]"), "{}", e.message);
    assert_eq!(code(inspector2(&sb).enable(REGION, &[], &[]).await.unwrap_err()).0, ErrorKind::Invalid);
    let e = inspector2(&sb).enable(REGION, &strings(&["12345"]), &strings(&["EC2"])).await.unwrap_err();
    assert_eq!(e.kind, ErrorKind::Invalid);
    assert_eq!(inspector2(&sb).disable(REGION, &[], &strings(&["ec2"])).await.unwrap_err().kind, ErrorKind::Invalid);
    let e = inspector2(&sb).account_status(REGION, &strings(&["acct"])).await.unwrap_err();
    assert_eq!(e.kind, ErrorKind::Invalid);
    assert!(!sb.path().exists(), "rejected calls change nothing");
    let status = inspector2(&sb).account_status(REGION, &[]).await.unwrap();
    assert_eq!(status[0].status, "DISABLED");
}

#[tokio::test]
async fn inspector2_filter_lifecycle() {
    let dir = tempfile::tempdir().unwrap();
    let sb = open(&dir);
    let tags = Tags::from([("team".into(), "sec".into())]);
    let arn = inspector2(&sb)
        .create_filter(REGION, &Inspector2Filter { tags: tags.clone(), ..findings_filter("low") })
        .await
        .unwrap();
    let id = arn.strip_prefix("arn:aws:inspector2:us-east-1:123456789012:owner/123456789012/filter/").unwrap();
    assert!(id.len() == 16 && id.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)), "{arn}");
    let gov = inspector2(&sb).create_filter("us-gov-west-1", &findings_filter("low")).await.unwrap();
    assert!(gov.starts_with("arn:aws-us-gov:inspector2:us-gov-west-1:"), "names are unique per region: {gov}");

    let listed = inspector2(&sb).list_filters(REGION, &[arn.clone(), "arn:nope".into(), arn.clone()]).await.unwrap();
    assert_eq!(listed, [Inspector2Filter { arn: arn.clone(), tags: tags.clone(), ..findings_filter("low") }]);

    // The same name is taken, in the same region.
    let e = inspector2(&sb).create_filter(REGION, &findings_filter("low")).await.unwrap_err();
    assert_eq!((e.kind, e.code.as_str()), (ErrorKind::AlreadyExists, "BadRequestException"));
    let other = inspector2(&sb).create_filter(REGION, &findings_filter("other")).await.unwrap();
    let rename = Inspector2Filter { arn: other.clone(), ..findings_filter("low") };
    assert_eq!(inspector2(&sb).update_filter(REGION, &rename).await.unwrap_err().kind, ErrorKind::AlreadyExists);

    // UpdateFilter replaces everything but the tags.
    let update = Inspector2Filter {
        arn: arn.clone(),
        name: "low-and-info".into(),
        action: "NONE".into(),
        description: None,
        reason: Some("triage".into()),
        criteria: serde_json::json!({ "severity": [{ "comparison": "NOT_EQUALS", "value": "CRITICAL" }] }),
        tags: Tags::new(),
    };
    inspector2(&sb).update_filter(REGION, &update).await.unwrap();
    let listed = inspector2(&sb).list_filters(REGION, from_ref(&arn)).await.unwrap();
    assert_eq!(listed, [Inspector2Filter { tags: tags.clone(), ..update.clone() }]);
    inspector2(&sb).update_filter(REGION, &update).await.unwrap(); // keeping its own name is fine

    let missing = format!("{}0", &arn[..arn.len() - 1]);
    let e =
        inspector2(&sb).update_filter(REGION, &Inspector2Filter { arn: missing.clone(), ..update }).await.unwrap_err();
    assert_eq!((e.kind, e.code.as_str()), (ErrorKind::NotFound, "ResourceNotFoundException"));
    assert_eq!(inspector2(&sb).delete_filter(REGION, &missing).await.unwrap_err().kind, ErrorKind::NotFound);

    inspector2(&sb).delete_filter(REGION, &arn).await.unwrap();
    assert!(inspector2(&sb).list_filters(REGION, from_ref(&arn)).await.unwrap().is_empty());
    let e = inspector2(&sb).delete_filter(REGION, &arn).await.unwrap_err();
    assert_eq!((e.kind, e.operation), (ErrorKind::NotFound, "DeleteFilter"));
    assert_eq!(inspector2(&sb).list_filters(REGION, &[other]).await.unwrap().len(), 1);
}

#[tokio::test]
async fn inspector2_filter_validation() {
    let dir = tempfile::tempdir().unwrap();
    let sb = open(&dir);
    let with = |criteria: serde_json::Value| Inspector2Filter { criteria, ..findings_filter("f") };
    let rejected = [
        with(serde_json::json!({ "severity": [{ "comparison": "CONTAINS", "value": "LOW" }] })),
        with(serde_json::json!({ "severity": [{ "comparison": "EQUALS", "value": "" }] })),
        with(serde_json::json!({ "severity": [] })),
        with(serde_json::json!({ "severity": { "comparison": "EQUALS", "value": "LOW" } })),
        with(serde_json::json!({ "severities": [{ "comparison": "EQUALS", "value": "LOW" }] })),
        with(serde_json::json!({})),
        with(serde_json::json!("severity = LOW")),
        with(serde_json::json!({ "portRange": [{ "beginInclusive": 22, "endInclusive": 70000 }] })),
        with(serde_json::json!({ "resourceTags": [{ "comparison": "PREFIX", "key": "Env" }] })),
        with(serde_json::json!({ "firstObservedAt": [{ "after": 1 }] })),
        with(serde_json::json!({ "vulnerablePackages": [{ "name": { "comparison": "LIKE", "value": "x" } }] })),
        Inspector2Filter { action: "HIDE".into(), ..findings_filter("f") },
        Inspector2Filter { name: String::new(), ..findings_filter("f") },
        Inspector2Filter { name: "n".repeat(129), ..findings_filter("f") },
        Inspector2Filter { description: Some(String::new()), ..findings_filter("f") },
        Inspector2Filter { reason: Some("r".repeat(513)), ..findings_filter("f") },
        Inspector2Filter { tags: Tags::from([(String::new(), "v".into())]), ..findings_filter("f") },
    ];
    for filter in rejected {
        let e = inspector2(&sb).create_filter(REGION, &filter).await.unwrap_err();
        assert_eq!((e.kind, e.code.as_str()), (ErrorKind::Invalid, "ValidationException"), "{filter:?}");
    }
    let e = inspector2(&sb).create_filter(REGION, &rejected_comparison()).await.unwrap_err();
    assert!(e.message.contains("'CONTAINS'") && e.message.contains("[EQUALS, PREFIX, NOT_EQUALS]"), "{}", e.message);
    assert!(!sb.path().exists());

    let accepted = with(serde_json::json!({
        "findingStatus": [{ "comparison": "EQUALS", "value": "ACTIVE" }],
        "firstObservedAt": [{ "startInclusive": 1_700_000_000, "endInclusive": "2026-01-01T00:00:00Z" }],
        "portRange": [{ "beginInclusive": 22, "endInclusive": 22 }],
        "epssScore": [{ "lowerInclusive": 0.5 }],
        "vulnerablePackages": [{ "epoch": { "lowerInclusive": 1 }, "version": { "comparison": "EQUALS", "value": "1.0" } }]
    }));
    inspector2(&sb).create_filter(REGION, &accepted).await.unwrap();
}

fn rejected_comparison() -> Inspector2Filter {
    let criteria = serde_json::json!({ "severity": [{ "comparison": "CONTAINS", "value": "LOW" }] });
    Inspector2Filter { criteria, ..findings_filter("f") }
}

#[tokio::test]
async fn inspector2_tags_are_made_exact() {
    let dir = tempfile::tempdir().unwrap();
    let sb = open(&dir);
    let first = Tags::from([("a".into(), "1".into()), ("b".into(), "2".into())]);
    let filter =
        inspector2(&sb).create_filter(REGION, &Inspector2Filter { tags: first, ..findings_filter("f") }).await.unwrap();
    let cis = inspector2(&sb).create_cis_scan(REGION, &cis_config("weekly")).await.unwrap();

    let want = Tags::from([("b".into(), "3".into()), ("c".into(), String::new())]);
    inspector2(&sb).set_tags(REGION, &filter, &want).await.unwrap();
    assert_eq!(inspector2(&sb).list_filters(REGION, from_ref(&filter)).await.unwrap()[0].tags, want);
    inspector2(&sb).set_tags(REGION, &cis, &want).await.unwrap();
    assert_eq!(inspector2(&sb).list_cis_scans(REGION, from_ref(&cis)).await.unwrap()[0].tags, want);
    inspector2(&sb).set_tags(REGION, &cis, &Tags::new()).await.unwrap();
    assert!(inspector2(&sb).list_cis_scans(REGION, from_ref(&cis)).await.unwrap()[0].tags.is_empty());

    let e = inspector2(&sb).set_tags(REGION, &format!("{filter}x"), &want).await.unwrap_err();
    assert_eq!((e.kind, e.code.as_str()), (ErrorKind::NotFound, "ResourceNotFoundException"));
    assert_eq!(inspector2(&sb).set_tags("eu-west-1", &filter, &want).await.unwrap_err().kind, ErrorKind::NotFound);
    let too_many: Tags = (0..51).map(|i| (format!("k{i}"), "v".to_string())).collect();
    assert_eq!(inspector2(&sb).set_tags(REGION, &filter, &too_many).await.unwrap_err().kind, ErrorKind::Invalid);

    // Removing a key is an UntagResource call, which can fail on its own.
    let sb = sb.with_faults(vec!["inspector2:UntagResource".into()]);
    let e = inspector2(&sb).set_tags(REGION, &filter, &Tags::new()).await.unwrap_err();
    assert_eq!((e.code.as_str(), e.operation), ("InjectedFault", "UntagResource"));
    assert_eq!(inspector2(&sb).list_filters(REGION, from_ref(&filter)).await.unwrap()[0].tags, want);
    let more = Tags::from([("b".into(), "3".into()), ("c".into(), String::new()), ("d".into(), "4".into())]);
    inspector2(&sb).set_tags(REGION, &filter, &more).await.unwrap();
}

#[tokio::test]
async fn inspector2_org_configuration_needs_the_delegated_admin() {
    let dir = tempfile::tempdir().unwrap();
    let sb = open(&dir);
    let e = inspector2(&sb).describe_org_config(REGION).await.unwrap_err();
    assert_eq!((e.kind, e.code.as_str()), (ErrorKind::AccessDenied, "AccessDeniedException"));
    assert!(e.message.starts_with("Invoking account does not have access"), "{}", e.message);
    assert!(inspector2(&sb).list_delegated_admins(REGION).await.unwrap().is_empty());

    // Another account as administrator: the sandbox account still may not.
    inspector2(&sb).enable_delegated_admin(REGION, MEMBER).await.unwrap();
    inspector2(&sb).enable_delegated_admin(REGION, MEMBER).await.unwrap();
    assert_eq!(
        inspector2(&sb).list_delegated_admins(REGION).await.unwrap(),
        [(MEMBER.to_string(), "ENABLED".to_string())]
    );
    assert_eq!(inspector2(&sb).describe_org_config(REGION).await.unwrap_err().kind, ErrorKind::AccessDenied);
    let e = inspector2(&sb).enable_delegated_admin(REGION, ACCOUNT_ID).await.unwrap_err();
    assert_eq!((e.kind, e.code.as_str()), (ErrorKind::Conflict, "ConflictException"));
    let e = inspector2(&sb).disable_delegated_admin(REGION, ACCOUNT_ID).await.unwrap_err();
    assert_eq!((e.kind, e.code.as_str()), (ErrorKind::NotFound, "ResourceNotFoundException"));
    assert_eq!(inspector2(&sb).enable_delegated_admin(REGION, "12").await.unwrap_err().kind, ErrorKind::Invalid);
    inspector2(&sb).disable_delegated_admin(REGION, MEMBER).await.unwrap();
    assert!(inspector2(&sb).list_delegated_admins(REGION).await.unwrap().is_empty());

    inspector2(&sb).enable_delegated_admin(REGION, ACCOUNT_ID).await.unwrap();
    let config = inspector2(&sb).describe_org_config(REGION).await.unwrap();
    let flags = |ec2, ecr, lambda, code| {
        BTreeMap::from([
            ("ec2".into(), ec2),
            ("ecr".into(), ecr),
            ("lambda".into(), lambda),
            ("lambdaCode".into(), code),
        ])
    };
    assert_eq!(config, flags(false, false, false, false));
    inspector2(&sb).update_org_config(REGION, &flags(true, false, false, true)).await.unwrap();
    assert_eq!(inspector2(&sb).describe_org_config(REGION).await.unwrap(), flags(true, false, false, true));
    // The optional keys keep their setting when left out; ec2 and ecr are required.
    let two = BTreeMap::from([("ec2".to_string(), false), ("ecr".to_string(), true)]);
    inspector2(&sb).update_org_config(REGION, &two).await.unwrap();
    assert_eq!(inspector2(&sb).describe_org_config(REGION).await.unwrap(), flags(false, true, false, true));
    let no_ecr = BTreeMap::from([("ec2".to_string(), true)]);
    let e = inspector2(&sb).update_org_config(REGION, &no_ecr).await.unwrap_err();
    assert_eq!((e.kind, e.code.as_str()), (ErrorKind::Invalid, "ValidationException"));
    let unknown = BTreeMap::from([("ec2".to_string(), true), ("ecr".to_string(), true), ("eks".to_string(), true)]);
    assert_eq!(inspector2(&sb).update_org_config(REGION, &unknown).await.unwrap_err().kind, ErrorKind::Invalid);
    // Per region.
    assert_eq!(inspector2(&sb).describe_org_config("eu-west-1").await.unwrap_err().kind, ErrorKind::AccessDenied);
}

#[tokio::test]
async fn inspector2_members() {
    let dir = tempfile::tempdir().unwrap();
    let sb = open(&dir);
    let e = inspector2(&sb).associate_member(REGION, MEMBER).await.unwrap_err();
    assert_eq!((e.kind, e.operation), (ErrorKind::AccessDenied, "AssociateMember"));
    assert_eq!(inspector2(&sb).get_member(REGION, MEMBER).await.unwrap_err().kind, ErrorKind::AccessDenied);

    inspector2(&sb).enable_delegated_admin(REGION, ACCOUNT_ID).await.unwrap();
    assert!(inspector2(&sb).get_member(REGION, MEMBER).await.unwrap().is_none());
    inspector2(&sb).associate_member(REGION, MEMBER).await.unwrap();
    let member = inspector2(&sb).get_member(REGION, MEMBER).await.unwrap().unwrap();
    assert_eq!(
        (member.account_id.as_str(), member.relationship_status.as_str(), member.delegated_admin_account_id.as_deref()),
        (MEMBER, "ENABLED", Some(ACCOUNT_ID))
    );
    let updated = member.updated_at.clone().unwrap();
    assert!(updated.ends_with('Z') && updated.len() == 20, "{updated}");
    inspector2(&sb).associate_member(REGION, MEMBER).await.unwrap();
    assert_eq!(inspector2(&sb).get_member(REGION, MEMBER).await.unwrap(), Some(member));

    let e = inspector2(&sb).associate_member(REGION, ACCOUNT_ID).await.unwrap_err();
    assert_eq!((e.kind, e.code.as_str()), (ErrorKind::Invalid, "ValidationException"));
    assert_eq!(inspector2(&sb).associate_member(REGION, "abc").await.unwrap_err().kind, ErrorKind::Invalid);

    inspector2(&sb).disassociate_member(REGION, MEMBER).await.unwrap();
    assert!(inspector2(&sb).get_member(REGION, MEMBER).await.unwrap().is_none());
    let e = inspector2(&sb).disassociate_member(REGION, MEMBER).await.unwrap_err();
    assert_eq!((e.kind, e.operation), (ErrorKind::NotFound, "DisassociateMember"));

    // Members go with the administrator that associated them.
    inspector2(&sb).associate_member(REGION, MEMBER).await.unwrap();
    inspector2(&sb).disable_delegated_admin(REGION, ACCOUNT_ID).await.unwrap();
    inspector2(&sb).enable_delegated_admin(REGION, ACCOUNT_ID).await.unwrap();
    assert!(inspector2(&sb).get_member(REGION, MEMBER).await.unwrap().is_none());
}

#[tokio::test]
async fn inspector2_cis_scan_configurations() {
    let dir = tempfile::tempdir().unwrap();
    let sb = open(&dir);
    let tags = Tags::from([("k".into(), "v".into())]);
    let arn = inspector2(&sb)
        .create_cis_scan(REGION, &CisScanConfig { tags: tags.clone(), ..cis_config("weekly") })
        .await
        .unwrap();
    let id =
        arn.strip_prefix("arn:aws:inspector2:us-east-1:123456789012:owner/123456789012/cis-configuration/").unwrap();
    let groups: Vec<usize> = id.split('-').map(str::len).collect();
    assert_eq!(groups, [8, 4, 4, 4, 12], "{arn}");

    let with_schedule = |schedule: serde_json::Value| CisScanConfig { schedule, ..cis_config("s") };
    let with_targets = |targets: serde_json::Value| CisScanConfig { targets, ..cis_config("t") };
    let start = serde_json::json!({ "timeOfDay": "09:00", "timezone": "UTC" });
    let rejected = [
        with_schedule(serde_json::json!({ "oneTime": {}, "daily": { "startTime": start } })),
        with_schedule(serde_json::json!({})),
        with_schedule(serde_json::json!({ "hourly": {} })),
        with_schedule(serde_json::json!({ "daily": {} })),
        with_schedule(serde_json::json!({ "daily": { "startTime": { "timeOfDay": "24:00", "timezone": "UTC" } } })),
        with_schedule(serde_json::json!({ "daily": { "startTime": { "timeOfDay": "9:5", "timezone": "UTC" } } })),
        with_schedule(serde_json::json!({ "daily": { "startTime": { "timeOfDay": "09:00", "timezone": "" } } })),
        with_schedule(serde_json::json!({ "weekly": { "startTime": start, "days": [] } })),
        with_schedule(serde_json::json!({ "weekly": { "startTime": start, "days": ["MONDAY"] } })),
        with_schedule(serde_json::json!({ "monthly": { "startTime": start } })),
        with_schedule(serde_json::json!({ "monthly": { "startTime": start, "day": 15 } })),
        with_targets(serde_json::json!({ "accountIds": [], "targetResourceTags": {} })),
        with_targets(serde_json::json!({ "accountIds": ["me"], "targetResourceTags": {} })),
        with_targets(serde_json::json!({ "accountIds": ["SELF"] })),
        with_targets(serde_json::json!({ "accountIds": ["SELF"], "targetResourceTags": { "Env": [] } })),
        CisScanConfig { security_level: "LEVEL_3".into(), ..cis_config("l") },
        CisScanConfig { scan_name: String::new(), ..cis_config("l") },
    ];
    for config in rejected {
        let e = inspector2(&sb).create_cis_scan(REGION, &config).await.unwrap_err();
        assert_eq!((e.kind, e.code.as_str()), (ErrorKind::Invalid, "ValidationException"), "{config:?}");
    }
    let accepted = [
        with_schedule(serde_json::json!({ "oneTime": {} })),
        with_schedule(serde_json::json!({ "daily": { "startTime": { "timeOfDay": "9:05", "timezone": "UTC" } } })),
        with_schedule(serde_json::json!({ "monthly": { "startTime": start, "day": "SUN" } })),
        with_targets(serde_json::json!({ "accountIds": ["ALL_ACCOUNTS", MEMBER], "targetResourceTags": {} })),
    ];
    let mut arns = vec![];
    for config in accepted {
        arns.push(inspector2(&sb).create_cis_scan(REGION, &config).await.unwrap());
    }

    // UpdateCisScanConfiguration replaces everything but the tags.
    let update = CisScanConfig {
        arn: arn.clone(),
        scan_name: "once".into(),
        security_level: "LEVEL_2".into(),
        schedule: serde_json::json!({ "oneTime": {} }),
        targets: serde_json::json!({ "accountIds": [ACCOUNT_ID], "targetResourceTags": { "Role": ["web", "db"] } }),
        tags: Tags::new(),
    };
    inspector2(&sb).update_cis_scan(REGION, &update).await.unwrap();
    arns.insert(0, arn.clone());
    let listed = inspector2(&sb).list_cis_scans(REGION, &arns).await.unwrap();
    assert_eq!(listed.len(), 5);
    assert_eq!(listed[0], CisScanConfig { tags: tags.clone(), ..update.clone() });
    assert_eq!(listed.iter().map(|c| c.arn.clone()).collect::<Vec<_>>(), arns);
    let bad = CisScanConfig { schedule: serde_json::json!({ "weekly": {} }), ..update.clone() };
    assert_eq!(inspector2(&sb).update_cis_scan(REGION, &bad).await.unwrap_err().kind, ErrorKind::Invalid);

    inspector2(&sb).delete_cis_scan(REGION, &arn).await.unwrap();
    assert!(inspector2(&sb).list_cis_scans(REGION, from_ref(&arn)).await.unwrap().is_empty());
    let e = inspector2(&sb).delete_cis_scan(REGION, &arn).await.unwrap_err();
    assert_eq!((e.kind, e.code.as_str()), (ErrorKind::NotFound, "ResourceNotFoundException"));
    let e = inspector2(&sb).update_cis_scan(REGION, &update).await.unwrap_err();
    assert_eq!((e.kind, e.operation), (ErrorKind::NotFound, "UpdateCisScanConfiguration"));
}

#[tokio::test]
async fn inspector2_state_round_trips_through_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let sb = open(&dir);
    inspector2(&sb).enable(REGION, &strings(&[ACCOUNT_ID, MEMBER]), &strings(&["ECR", "LAMBDA_CODE"])).await.unwrap();
    let tags = Tags::from([("k".into(), "v".into())]);
    let filter =
        inspector2(&sb).create_filter(REGION, &Inspector2Filter { tags, ..findings_filter("f") }).await.unwrap();
    let cis = inspector2(&sb).create_cis_scan(REGION, &cis_config("weekly")).await.unwrap();
    inspector2(&sb).enable_delegated_admin(REGION, ACCOUNT_ID).await.unwrap();
    let flags = BTreeMap::from([("ec2".to_string(), true), ("ecr".to_string(), true)]);
    inspector2(&sb).update_org_config(REGION, &flags).await.unwrap();
    inspector2(&sb).associate_member(REGION, MEMBER).await.unwrap();
    let bytes = std::fs::read(sb.path()).unwrap();
    let text = String::from_utf8(bytes.clone()).unwrap();
    assert!(text.contains("\"inspector2\"") && text.contains("\"cis_scan_configurations\""), "{text}");

    let reopened = open(&dir);
    assert_eq!(*reopened.lock(), *sb.lock());
    let ids = strings(&[ACCOUNT_ID, MEMBER]);
    assert_eq!(
        inspector2(&reopened).account_status(REGION, &ids).await.unwrap(),
        inspector2(&sb).account_status(REGION, &ids).await.unwrap()
    );
    assert_eq!(
        inspector2(&reopened).list_filters(REGION, from_ref(&filter)).await.unwrap(),
        inspector2(&sb).list_filters(REGION, from_ref(&filter)).await.unwrap()
    );
    assert_eq!(
        inspector2(&reopened).list_cis_scans(REGION, from_ref(&cis)).await.unwrap(),
        inspector2(&sb).list_cis_scans(REGION, from_ref(&cis)).await.unwrap()
    );
    assert!(inspector2(&reopened).describe_org_config(REGION).await.unwrap()["ec2"]);
    assert_eq!(
        inspector2(&reopened).get_member(REGION, MEMBER).await.unwrap(),
        inspector2(&sb).get_member(REGION, MEMBER).await.unwrap()
    );
    // Same account, same bytes.
    inspector2(&reopened).enable(REGION, &[], &strings(&["ECR"])).await.unwrap();
    assert_eq!(std::fs::read(sb.path()).unwrap(), bytes);

    // A hand-written partial section loads with defaults.
    let path = dir.path().join("hand.json");
    let hand = format!(
        r#"{{ "regions": {{ "{REGION}": {{ "inspector2": {{
            "accounts": {{ "{ACCOUNT_ID}": ["EC2"] }}, "delegated_admin": "{ACCOUNT_ID}",
            "members": {{ "{MEMBER}": {{}} }}, "filters": {{ "{filter}": {{ "name": "x" }} }} }} }} }} }}"#
    );
    std::fs::write(&path, hand).unwrap();
    let sb = Sandbox::open(&path).unwrap().with_faults(vec![]);
    assert_eq!(inspector2(&sb).account_status(REGION, &[]).await.unwrap()[0].status, "ENABLED");
    let member = inspector2(&sb).get_member(REGION, MEMBER).await.unwrap().unwrap();
    assert_eq!(
        (member.relationship_status.as_str(), member.delegated_admin_account_id.as_deref()),
        ("ENABLED", Some(ACCOUNT_ID))
    );
    let listed = inspector2(&sb).list_filters(REGION, from_ref(&filter)).await.unwrap();
    assert_eq!((listed[0].name.as_str(), listed[0].action.as_str()), ("x", "NONE"));
    assert!(!inspector2(&sb).describe_org_config(REGION).await.unwrap()["lambda"]);
}
