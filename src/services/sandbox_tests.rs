pub(crate) use super::sandbox::*;
pub(crate) use crate::cloud::{CloudError, CloudResult, ErrorKind, Tags};
pub(crate) use crate::services::events::{EventTarget, Events, PutRuleInput};
pub(crate) use crate::services::iam::{CreateRoleInput, Iam};
pub(crate) use crate::services::inspector::sandbox::rules_table;
pub(crate) use crate::services::inspector::{EventSubscription, Inspector};
pub(crate) use crate::services::inspector2::Inspector2;
pub(crate) use crate::services::sts::Sts;
pub(crate) use std::collections::BTreeSet;

// One accessor per service, so calls read `iam(&sb).get_role(…)` as through an `Account`.
pub(crate) fn sts(sb: &Sandbox) -> &dyn Sts {
    sb
}
pub(crate) fn iam(sb: &Sandbox) -> &dyn Iam {
    sb
}
pub(crate) fn events(sb: &Sandbox) -> &dyn Events {
    sb
}
pub(crate) fn inspector(sb: &Sandbox) -> &dyn Inspector {
    sb
}
pub(crate) fn inspector2(sb: &Sandbox) -> &dyn Inspector2 {
    sb
}
pub(crate) use std::slice::from_ref;

pub(crate) const REGION: &str = "us-east-1";
pub(crate) const TRUST: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"events.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#;
pub(crate) const POLICY: &str = r#"{"Version":"2012-10-17","Statement":[]}"#;

pub(crate) fn open(dir: &tempfile::TempDir) -> Sandbox {
    // Faults come only from with_faults; the empty list makes that explicit.
    Sandbox::open(&dir.path().join("account.json")).unwrap().with_faults(vec![])
}

pub(crate) fn role_input(name: &str) -> CreateRoleInput {
    CreateRoleInput {
        name: name.into(),
        path: "/".into(),
        assume_role_policy_document: TRUST.into(),
        ..CreateRoleInput::default()
    }
}

pub(crate) fn rule_input(name: &str) -> PutRuleInput {
    PutRuleInput {
        name: name.into(),
        event_bus_name: "default".into(),
        schedule_expression: Some("rate(7 days)".into()),
        state: "ENABLED".into(),
        ..PutRuleInput::default()
    }
}

pub(crate) fn target(id: &str, arn: &str) -> EventTarget {
    EventTarget {
        id: id.into(),
        arn: arn.into(),
        role_arn: None,
        input: None,
        input_path: None,
        params: Default::default(),
    }
}

pub(crate) fn packages(n: usize) -> Vec<String> {
    rules_table()[REGION].iter().take(n).map(|p| p.arn.clone()).collect()
}

pub(crate) fn sub(event: &str) -> EventSubscription {
    EventSubscription { event: event.into(), topic_arn: format!("arn:aws:sns:{REGION}:{ACCOUNT_ID}:t") }
}

/// Target + template in `REGION`; returns (target ARN, template ARN).
pub(crate) async fn target_and_template(sb: &Sandbox) -> (String, String) {
    let target = inspector(sb).create_assessment_target(REGION, "all", None).await.unwrap();
    let template =
        inspector(sb).create_assessment_template(REGION, &target, "weekly", 3600, &packages(2)).await.unwrap();
    (target, template)
}

pub(crate) fn code(e: CloudError) -> (ErrorKind, String) {
    (e.kind, e.code)
}

#[test]
pub(crate) fn rfc3339_formats_utc_dates() {
    assert_eq!(rfc3339(0), "1970-01-01T00:00:00Z");
    assert_eq!(rfc3339(951_868_799), "2000-02-29T23:59:59Z");
    assert_eq!(rfc3339(1_796_029_200), "2026-11-30T09:00:00Z");
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
    sb.flush().unwrap();
    assert!(!sb.path().exists(), "a failed call must not create the file");
    assert!(!log::path_of(sb.path()).exists(), "nor its log");

    events(&sb).put_rule(REGION, &rule_input("rule")).await.unwrap();
    sb.flush().unwrap();
    let before = std::fs::read(sb.path()).unwrap();
    let t = target("t", "arn:aws:sns:us-east-1:123456789012:x");
    let e = events(&sb).put_targets(REGION, "default", "rule", &[t]).await.unwrap_err();
    assert_eq!((e.code.as_str(), e.operation), ("InjectedFault", "PutTargets"));
    assert!(events(&sb).list_targets(REGION, "default", "rule").await.unwrap().is_empty());
    sb.flush().unwrap();
    assert_eq!(std::fs::read(sb.path()).unwrap(), before);

    // A new rule's tags are a separate TagResource call: the rule stays, untagged.
    let sb = sb.with_faults(vec!["events:TagResource".into()]);
    let tagged = PutRuleInput { tags: Tags::from([("k".into(), "v".into())]), ..rule_input("tagged") };
    assert_eq!(events(&sb).put_rule(REGION, &tagged).await.unwrap_err().operation, "TagResource");
    assert!(events(&sb).describe_rule(REGION, "default", "tagged", true).await.unwrap().unwrap().tags.is_empty());
}

#[tokio::test]
async fn a_mangling_fault_stores_another_value_than_the_call_was_sent() {
    use crate::services::sns::Sns;
    let dir = tempfile::tempdir().unwrap();
    let faults = ["iam:CreateRole~description", "sns:SetTopicAttributes~attributes.DisplayName", "iam:TagRole~tags"];
    let sb = open(&dir).with_faults(faults.iter().map(|f| f.to_string()).collect());
    // The call succeeds; its answer and every later read show what was stored.
    let input = CreateRoleInput { description: Some("sent".into()), ..role_input("r") };
    let made = iam(&sb).create_role(&input).await.unwrap();
    assert_eq!(made.description.as_deref(), Some("sent (mangled)"));
    let read = iam(&sb).get_role("r").await.unwrap().unwrap();
    assert_eq!(read.description.as_deref(), Some("sent (mangled)"));
    // An unset field gets a value; a map gains an entry; other operations are left alone.
    let bare = iam(&sb).create_role(&role_input("bare")).await.unwrap();
    assert_eq!(bare.description.as_deref(), Some("mangled"));
    iam(&sb).tag_role("bare", &Tags::from([("k".into(), "v".into())])).await.unwrap();
    let tags = iam(&sb).get_role("bare").await.unwrap().unwrap().tags;
    assert_eq!(tags, Tags::from([("k".into(), "v".into()), ("mangled".into(), "mangled".into())]));
    iam(&sb).update_role("r", Some("again"), None).await.unwrap();
    assert_eq!(iam(&sb).get_role("r").await.unwrap().unwrap().description.as_deref(), Some("again"));
    // A call that changes an entry but not the field leaves the field alone.
    iam(&sb).tag_role("r", &Tags::from([("k".into(), "v".into())])).await.unwrap();
    let sb = sb.with_faults(vec!["iam:TagRole~description".into()]);
    iam(&sb).tag_role("r", &Tags::from([("k2".into(), "v".into())])).await.unwrap();
    assert_eq!(iam(&sb).get_role("r").await.unwrap().unwrap().description.as_deref(), Some("again"));

    let sb = sb.with_faults(vec!["sns:SetTopicAttributes~attributes.DisplayName".into()]);
    let sns: &dyn Sns = &sb;
    let arn = sns.create_topic(REGION, "t", &Default::default(), &Tags::new()).await.unwrap();
    sns.set_topic_attribute(REGION, &arn, "DisplayName", "Alerts").await.unwrap();
    let attrs = sns.get_topic_attributes(REGION, &arn).await.unwrap().unwrap();
    assert_eq!(attrs.get("DisplayName").map(String::as_str), Some("Alerts (mangled)"));
    // Setting another attribute sends no display name: it stays as it is.
    sns.set_topic_attribute(REGION, &arn, "SignatureVersion", "2").await.unwrap();
    let attrs = sns.get_topic_attributes(REGION, &arn).await.unwrap().unwrap();
    assert_eq!(attrs.get("DisplayName").map(String::as_str), Some("Alerts (mangled)"));
    // What is stored survives the account being closed and opened again (the log holds it).
    drop(sb);
    let sb = open(&dir);
    let sns: &dyn Sns = &sb;
    let attrs = sns.get_topic_attributes(REGION, &arn).await.unwrap().unwrap();
    assert_eq!(attrs.get("DisplayName").map(String::as_str), Some("Alerts (mangled)"));

    // A field the entry cannot take fails the call, which changes nothing.
    let sb = sb.with_faults(vec!["iam:CreateRole~no_such_field".into()]);
    let e = iam(&sb).create_role(&role_input("other")).await.unwrap_err();
    assert_eq!((e.code.as_str(), e.operation), ("InjectedFault", "CreateRole"));
    assert!(e.message.contains("no_such_field"), "{}", e.message);
    assert!(iam(&sb).get_role("other").await.unwrap().is_none());
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
    events(&sb).set_tags(REGION, &arn, &Tags::new(), &Tags::from([("k".into(), "v".into())])).await.unwrap();
    let (_, template) = target_and_template(&sb).await;
    inspector(&sb).subscribe(REGION, &template, &sub("OTHER")).await.unwrap();
    sb.flush().unwrap();
    let bytes = std::fs::read(sb.path()).unwrap();

    let reopened = open(&dir);
    assert_eq!(*reopened.lock(), *sb.lock());
    assert_eq!(iam(&reopened).get_role("r").await.unwrap(), iam(&sb).get_role("r").await.unwrap());
    assert_eq!(sts(&reopened).account_id().await.unwrap(), ACCOUNT_ID);
    // Same account, same bytes.
    events(&reopened).remove_targets(REGION, "default", "rule", &[], false).await.unwrap();
    reopened.flush().unwrap();
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
    let rule = events(&sb).describe_rule(REGION, "default", "nightly", true).await.unwrap().unwrap();
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
    // A directory where the file's log should go makes the append fail.
    std::fs::create_dir(log::path_of(sb.path())).unwrap();
    let e = iam(&sb).create_role(&role_input("r")).await.unwrap_err();
    assert_eq!((e.kind, e.code.as_str(), e.operation), (ErrorKind::Other, "SandboxIoError", "CreateRole"));
    assert!(iam(&sb).get_role("r").await.unwrap().is_none(), "memory must match the file");
}

#[tokio::test]
async fn a_killed_runs_calls_are_in_the_log_and_the_next_open_takes_them_in() {
    let dir = tempfile::tempdir().unwrap();
    let sb = open(&dir);
    iam(&sb).create_role(&role_input("kept")).await.unwrap();
    sb.flush().unwrap();
    iam(&sb).create_role(&role_input("r")).await.unwrap();
    iam(&sb).delete_role("kept").await.unwrap();
    events(&sb).put_rule(REGION, &rule_input("rule")).await.unwrap();
    inspector2(&sb).enable(REGION, &[], &["EC2".to_string()]).await.unwrap();
    let log = log::path_of(sb.path());
    assert!(log.exists(), "calls since the last whole write are in the log");
    let expected = sb.lock().clone();
    // Killed: no drop, so no final write; and a last line cut short by the kill.
    std::mem::forget(sb);
    let mut f = std::fs::OpenOptions::new().append(true).open(&log).unwrap();
    std::io::Write::write_all(&mut f, br#"{"tables":[["iam/roles","cut"#).unwrap();

    let reopened = open(&dir);
    assert_eq!(*reopened.lock(), expected);
    assert!(!log.exists(), "taken into the whole file at once, which can be edited by hand again");
    let on_disk: Data = serde_json::from_slice(&std::fs::read(reopened.path()).unwrap()).unwrap();
    assert_eq!(on_disk, expected);

    // A damaged line that is not the last is refused, not skipped.
    std::fs::write(&log, "{oops\n{}\n").unwrap();
    assert!(matches!(Sandbox::open(reopened.path()), Err(SandboxError::Parse { .. })));
}

#[test]
fn a_failed_call_puts_back_its_table_entries_and_the_rest_of_the_account() {
    let dir = tempfile::tempdir().unwrap();
    let sb = open(&dir);
    let before = sb.lock().clone();
    let op = Op("iam", "CreateRole");
    let r: CloudResult<()> = sb.apply(op, |d| {
        d.fresh_id(IAM_ALPHABET, 4);
        d.region_mut(REGION).inspector2.delegated_admin = Some(ACCOUNT_ID.into());
        d.iam.roles.insert("x".into(), Default::default());
        d.region_mut("eu-west-1").events.rules.insert("y".into(), Default::default());
        Err(op.invalid(VALIDATION, "late failure"))
    });
    assert!(r.is_err());
    assert_eq!(*sb.lock(), before);
    sb.flush().unwrap();
    assert!(!log::path_of(sb.path()).exists() && !sb.path().exists(), "nothing was written");
}

#[tokio::test]
async fn the_log_is_compacted_when_it_outgrows_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let mut sb = open(&dir);
    sb.compact_at = 2_000;
    let log = log::path_of(sb.path());
    let mut compactions = 0;
    for i in 0..60 {
        iam(&sb).create_role(&role_input(&format!("r{i}"))).await.unwrap();
        if !log.exists() {
            compactions += 1;
            let on_disk: Data = serde_json::from_slice(&std::fs::read(sb.path()).unwrap()).unwrap();
            assert_eq!(on_disk, *sb.lock(), "the whole file holds every call so far");
        }
    }
    // The threshold grows with the file, so rewrites stay few as the account grows.
    assert!((2..=12).contains(&compactions), "{compactions} compactions");
}
