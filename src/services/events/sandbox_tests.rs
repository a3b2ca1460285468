//! Sandbox tests of EventBridge.

use super::*;
use crate::services::sandbox_tests::*;

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
    let e = events(&sb).describe_rule(REGION, "custom", "r", true).await.unwrap_err();
    assert_eq!(e.message, "Event bus custom does not exist.");

    let tags = Tags::from([("k".into(), "v".into())]);
    let input = PutRuleInput { tags: tags.clone(), state: String::new(), ..rule_input("r") };
    let arn = events(&sb).put_rule(REGION, &input).await.unwrap();
    assert_eq!(arn, "arn:aws:events:us-east-1:123456789012:rule/r");
    let rule = events(&sb).describe_rule(REGION, "default", "r", true).await.unwrap().unwrap();
    assert_eq!((rule.state.as_str(), rule.event_bus_name.as_str(), &rule.tags), ("ENABLED", "default", &tags));

    // An update replaces settings but ignores tags, as AWS does.
    let update = PutRuleInput {
        schedule_expression: None,
        event_pattern: Some(r#"{"source":["aws.inspector"]}"#.into()),
        state: "DISABLED".into(),
        ..rule_input("r")
    };
    events(&sb).put_rule(REGION, &update).await.unwrap();
    let rule = events(&sb).describe_rule(REGION, "", "r", true).await.unwrap().unwrap();
    assert_eq!((rule.schedule_expression, rule.state.as_str(), &rule.tags), (None, "DISABLED", &tags));
    assert!(events(&sb).describe_rule(REGION, "default", "other", true).await.unwrap().is_none());
    assert!(events(&sb).describe_rule("eu-west-1", "default", "r", true).await.unwrap().is_none());
}

#[tokio::test]
async fn events_set_tags_changes_only_what_differs() {
    let dir = tempfile::tempdir().unwrap();
    let sb = open(&dir);
    let input = PutRuleInput { tags: Tags::from([("a".into(), "1".into())]), ..rule_input("r") };
    let arn = events(&sb).put_rule(REGION, &input).await.unwrap();
    let (had, tags) = (input.tags.clone(), Tags::from([("b".into(), "2".into())]));
    events(&sb).set_tags(REGION, &arn, &had, &tags).await.unwrap();
    assert_eq!(events(&sb).describe_rule(REGION, "default", "r", true).await.unwrap().unwrap().tags, tags);
    // A key in neither set (managed elsewhere, `ignore_tags`) is left alone.
    events(&sb).set_tags(REGION, &arn, &Tags::new(), &Tags::from([("c".into(), "3".into())])).await.unwrap();
    let live = events(&sb).describe_rule(REGION, "default", "r", true).await.unwrap().unwrap().tags;
    assert_eq!(live, Tags::from([("b".into(), "2".into()), ("c".into(), "3".into())]));
    let missing = arn.replace("rule/r", "rule/gone");
    let e = events(&sb).set_tags(REGION, &missing, &Tags::new(), &tags).await.unwrap_err();
    assert_eq!((e.kind, e.message.as_str()), (ErrorKind::NotFound, "Rule gone does not exist on EventBus default."));
    // Removing keys only is an UntagResource call.
    let sb = sb.with_faults(vec!["events:UntagResource".into()]);
    assert_eq!(events(&sb).set_tags(REGION, &arn, &tags, &Tags::new()).await.unwrap_err().operation, "UntagResource");
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
        events(&sb).remove_targets(REGION, "default", "missing", &[], false).await.unwrap_err().kind,
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

    let e = events(&sb).delete_rule(REGION, "default", "r", false).await.unwrap_err();
    assert_eq!((e.kind, e.code.as_str()), (ErrorKind::Conflict, "ValidationException"));
    assert_eq!(e.message, "Rule can't be deleted since it has targets.");
    let ids: Vec<String> = (1..=5).map(|i| format!("t{i}")).chain(["unknown".into()]).collect();
    events(&sb).remove_targets(REGION, "default", "r", &ids, false).await.unwrap();
    events(&sb).delete_rule(REGION, "default", "r", false).await.unwrap();
    events(&sb).delete_rule(REGION, "default", "r", false).await.unwrap(); // idempotent, as in AWS
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

/// PutTargets keeps every parameter of a target and ListTargetsByRule returns it; AWS's
/// limits on them are checked (issue 23).
#[tokio::test]
async fn target_parameters_are_kept_and_checked() {
    use crate::services::events::{DeadLetterConfig, InputTransformer, RetryPolicy, TargetParams};
    let dir = tempfile::tempdir().unwrap();
    let sb = open(&dir);
    events(&sb).put_rule(REGION, &rule_input("r")).await.unwrap();
    let mut t = target("t", "arn:aws:sns:us-east-1:123456789012:topic");
    t.params = TargetParams {
        input_transformer: Some(InputTransformer {
            input_paths_map: [("a".to_string(), "$.a".to_string())].into(),
            input_template: "<a>".into(),
        }),
        dead_letter_config: Some(DeadLetterConfig { arn: Some("arn:aws:sqs:us-east-1:123456789012:dlq".into()) }),
        retry_policy: Some(RetryPolicy { maximum_event_age_in_seconds: Some(60), maximum_retry_attempts: Some(0) }),
        ..Default::default()
    };
    events(&sb).put_targets(REGION, "default", "r", std::slice::from_ref(&t)).await.unwrap();
    assert_eq!(events(&sb).list_targets(REGION, "default", "r").await.unwrap(), vec![t.clone()]);

    let mut bad = t.clone();
    bad.input = Some("{}".into());
    let e = events(&sb).put_targets(REGION, "default", "r", &[bad]).await.unwrap_err();
    assert!(e.message.contains("Only one of Input, InputPath, or InputTransformer"), "{}", e.message);
    let mut bad = t.clone();
    bad.params.retry_policy =
        Some(RetryPolicy { maximum_event_age_in_seconds: Some(59), maximum_retry_attempts: None });
    let e = events(&sb).put_targets(REGION, "default", "r", &[bad]).await.unwrap_err();
    assert!(e.message.contains("Member must have value between 60 and 86400"), "{}", e.message);
    let mut bad = t.clone();
    bad.params.dead_letter_config = Some(DeadLetterConfig { arn: Some("arn:aws:sns:us-east-1:123456789012:x".into()) });
    let e = events(&sb).put_targets(REGION, "default", "r", &[bad]).await.unwrap_err();
    assert!(e.message.contains("DeadLetterConfig.Arn"), "{}", e.message);
    // A refused call changes nothing.
    assert_eq!(events(&sb).list_targets(REGION, "default", "r").await.unwrap(), vec![t]);
}
