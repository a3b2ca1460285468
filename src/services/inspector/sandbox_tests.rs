//! Sandbox tests of Inspector Classic.

use super::*;
use crate::services::sandbox_tests::*;

#[test]
fn rules_packages_cover_every_region() {
    let table = rules_table();
    assert_eq!(table.len(), 14);
    // The GovCloud regions have no Network Reachability package.
    assert!(table.iter().all(|(r, p)| p.len() == if r.starts_with("us-gov-") { 3 } else { 4 }));
}

#[tokio::test]
async fn inspector_is_only_in_supported_regions() {
    let dir = tempfile::tempdir().unwrap();
    let sb = open(&dir);
    let e = inspector(&sb).rules_package_arns("eu-south-1").await.unwrap_err();
    assert_eq!((e.kind, e.code.as_str(), e.operation), (ErrorKind::Other, "UnsupportedRegion", "ListRulesPackages"));
    assert!(e.message.contains("not available in region eu-south-1"));
    let e = inspector(&sb).create_assessment_target("eu-south-1", "t", None).await.unwrap_err();
    assert_eq!(e.code, "UnsupportedRegion");

    let listed = inspector(&sb).rules_package_arns(REGION).await.unwrap();
    assert_eq!(listed.len(), 4);
    assert!(listed.windows(2).all(|w| w[0] < w[1]), "{listed:?}");
    assert!(listed.iter().all(|a| a.starts_with("arn:aws:inspector:us-east-1:")), "{listed:?}");
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
    sb.flush().unwrap();
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
