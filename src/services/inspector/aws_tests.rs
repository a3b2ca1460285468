//! Tests of the Inspector Classic SDK calls, with smithy mocks.

use super::*;

use aws_sdk_inspector::error::ErrorMetadata;
use aws_sdk_inspector::operation::create_assessment_target::{
    CreateAssessmentTargetError, CreateAssessmentTargetOutput,
};
use aws_sdk_inspector::operation::create_assessment_template::CreateAssessmentTemplateOutput;
use aws_sdk_inspector::operation::create_resource_group::CreateResourceGroupOutput;
use aws_sdk_inspector::operation::delete_assessment_target::DeleteAssessmentTargetError;
use aws_sdk_inspector::operation::delete_assessment_template::DeleteAssessmentTemplateError;
use aws_sdk_inspector::operation::describe_assessment_targets::DescribeAssessmentTargetsOutput;
use aws_sdk_inspector::operation::describe_assessment_templates::DescribeAssessmentTemplatesOutput;
use aws_sdk_inspector::operation::describe_resource_groups::DescribeResourceGroupsOutput;
use aws_sdk_inspector::operation::list_event_subscriptions::ListEventSubscriptionsOutput;
use aws_sdk_inspector::operation::list_rules_packages::ListRulesPackagesOutput;
use aws_sdk_inspector::operation::list_tags_for_resource::ListTagsForResourceOutput;
use aws_sdk_inspector::operation::set_tags_for_resource::SetTagsForResourceOutput;
use aws_sdk_inspector::operation::subscribe_to_event::SubscribeToEventOutput;
use aws_sdk_inspector::operation::unsubscribe_from_event::UnsubscribeFromEventOutput;
use aws_sdk_inspector::operation::update_assessment_target::UpdateAssessmentTargetOutput;
use aws_sdk_inspector::types::error::{AccessDeniedException, InvalidInputException, NoSuchEntityException};
use aws_sdk_inspector::types::{
    AccessDeniedErrorCode, EventSubscription as SdkEventSubscription, InvalidInputErrorCode, NoSuchEntityErrorCode,
    ResourceGroup as SdkResourceGroup, Subscription,
};
use aws_smithy_mocks::{mock, Rule, RuleMode};
use aws_smithy_types::DateTime;

const TARGET: &str = "arn:aws:inspector:us-east-1:123456789012:target/0-abcdefgh";
const TEMPLATE: &str = "arn:aws:inspector:us-east-1:123456789012:target/0-abcdefgh/template/0-ijklmnop";
const GROUP: &str = "arn:aws:inspector:us-east-1:123456789012:resourcegroup/0-qrstuvwx";
const TOPIC: &str = "arn:aws:sns:us-east-1:123456789012:findings";

/// A client answered only by `rules`; an unmatched request panics instead of reaching the
/// network. This is what `mock_client!` builds, spelled out because that macro calls
/// `with_test_defaults_v2`, which aws-sdk-inspector only has with its `test-util` feature.
fn client(mode: RuleMode, rules: &[&Rule]) -> SdkClient {
    crate::mocked_client!(aws_sdk_inspector, mode, rules)
}

fn meta(code: &str, message: &str) -> ErrorMetadata {
    crate::cloud::aws::mock_error_meta(code, message)
}

fn arn(kind: &str, i: usize) -> String {
    format!("arn:aws:inspector:us-east-1:123456789012:{kind}/0-{i:08}")
}

fn failed(code: FailedItemErrorCode) -> FailedItemDetails {
    FailedItemDetails::builder().failure_code(code).retryable(false).build().unwrap()
}

fn sdk_target(arn: &str) -> aws_sdk_inspector::types::AssessmentTarget {
    aws_sdk_inspector::types::AssessmentTarget::builder()
        .arn(arn)
        .name(format!("name of {arn}"))
        .created_at(DateTime::from_secs(0))
        .updated_at(DateTime::from_secs(0))
        .build()
        .unwrap()
}

#[tokio::test]
async fn create_assessment_template_sends_target_name_duration_and_rules() {
    let rules = vec![arn("rulespackage", 1), arn("rulespackage", 2)];
    let expected = rules.clone();
    let rule = mock!(SdkClient::create_assessment_template)
        .match_requests(move |req| {
            req.assessment_target_arn() == Some(TARGET)
                && req.assessment_template_name() == Some("weekly")
                && req.duration_in_seconds() == Some(3600)
                && req.rules_package_arns() == expected.as_slice()
        })
        .then_output(|| CreateAssessmentTemplateOutput::builder().assessment_template_arn(TEMPLATE).build().unwrap());
    let c = client(RuleMode::MatchAny, &[&rule]);
    let got = create_assessment_template(&c, "us-east-1", TARGET, "weekly", 3600, &rules).await.unwrap();
    assert_eq!(got, TEMPLATE);
    assert_eq!(rule.num_calls(), 1);
}

#[tokio::test]
async fn create_assessment_template_rejects_duration_beyond_the_api_range() {
    // No rules: a request would panic in the interceptor.
    let c = client(RuleMode::MatchAny, &[]);
    let err = create_assessment_template(&c, "us-east-1", TARGET, "t", i64::MAX, &[]).await.unwrap_err();
    assert_eq!(err.kind, ErrorKind::Invalid);
    assert_eq!(err.operation, "CreateAssessmentTemplate");
}

#[tokio::test]
async fn create_resource_group_sends_one_filter_per_tag() {
    let rule = mock!(SdkClient::create_resource_group)
        .match_requests(|req| {
            let got: Vec<_> = req.resource_group_tags().iter().map(|t| (t.key(), t.value())).collect();
            got == [("Env", Some("prod")), ("Scan", Some("yes"))]
        })
        .then_output(|| CreateResourceGroupOutput::builder().resource_group_arn(GROUP).build().unwrap());
    let c = client(RuleMode::MatchAny, &[&rule]);
    let tags = Tags::from([("Scan".to_string(), "yes".to_string()), ("Env".to_string(), "prod".to_string())]);
    let got = create_resource_group(&c, "us-east-1", &tags).await.unwrap();
    assert_eq!(got, GROUP);
}

#[tokio::test]
async fn create_and_update_assessment_target_send_name_and_group() {
    let create = mock!(SdkClient::create_assessment_target)
        .match_requests(|req| req.assessment_target_name() == Some("all") && req.resource_group_arn().is_none())
        .then_output(|| CreateAssessmentTargetOutput::builder().assessment_target_arn(TARGET).build().unwrap());
    let update = mock!(SdkClient::update_assessment_target)
        .match_requests(|req| {
            req.assessment_target_arn() == Some(TARGET)
                && req.assessment_target_name() == Some("tagged")
                && req.resource_group_arn() == Some(GROUP)
        })
        .then_output(|| UpdateAssessmentTargetOutput::builder().build());
    let c = client(RuleMode::Sequential, &[&create, &update]);
    let got = create_assessment_target(&c, "us-east-1", "all", None).await.unwrap();
    assert_eq!(got, TARGET);
    update_assessment_target(&c, "us-east-1", TARGET, "tagged", Some(GROUP)).await.unwrap();
    assert_eq!((create.num_calls(), update.num_calls()), (1, 1));
}

#[tokio::test]
async fn describe_assessment_targets_batches_by_ten() {
    // 23 distinct ARNs plus a repeat: three requests of 10, 10 and 3.
    let mut arns: Vec<String> = (0..23).map(|i| arn("target", i)).collect();
    arns.push(arns[0].clone());
    let rule = mock!(SdkClient::describe_assessment_targets)
        .match_requests(|req| (1..=10).contains(&req.assessment_target_arns().len()))
        .then_compute_output(|req| {
            DescribeAssessmentTargetsOutput::builder()
                .set_assessment_targets(Some(req.assessment_target_arns().iter().map(|a| sdk_target(a)).collect()))
                .set_failed_items(Some(HashMap::new()))
                .build()
                .unwrap()
        });
    let c = client(RuleMode::MatchAny, &[&rule]);
    let got = describe_assessment_targets(&c, "us-east-1", &arns).await.unwrap();
    assert_eq!(rule.num_calls(), 3);
    let got_arns: Vec<_> = got.iter().map(|t| t.arn.clone()).collect();
    assert_eq!(got_arns, arns[..23]);
    assert_eq!(got[4].name, format!("name of {}", arns[4]));
    assert_eq!(got[4].resource_group_arn, None);
}

#[tokio::test]
async fn describe_with_no_arns_makes_no_call() {
    // No rules: any request would panic in the interceptor.
    let c = client(RuleMode::MatchAny, &[]);
    assert!(describe_resource_groups(&c, "us-east-1", &[]).await.unwrap().is_empty());
    assert!(describe_assessment_targets(&c, "us-east-1", &[]).await.unwrap().is_empty());
    assert!(describe_assessment_templates(&c, "us-east-1", &[]).await.unwrap().is_empty());
}

#[tokio::test]
async fn describe_resource_groups_batches_maps_tags_and_leaves_out_missing() {
    let arns: Vec<String> = (0..12).map(|i| arn("resourcegroup", i)).collect();
    let missing = arns[11].clone();
    // Sequence: the first batch of ten is all there, the second has one missing ARN.
    let first = mock!(SdkClient::describe_resource_groups)
        .match_requests(|req| req.resource_group_arns().len() == 10)
        .then_compute_output(|req| {
            let groups = req.resource_group_arns().iter().map(|a| {
                SdkResourceGroup::builder()
                    .arn(a)
                    .tags(ResourceGroupTag::builder().key("Env").value("prod").build().unwrap())
                    .tags(ResourceGroupTag::builder().key("Bare").build().unwrap())
                    .created_at(DateTime::from_secs(0))
                    .build()
                    .unwrap()
            });
            DescribeResourceGroupsOutput::builder()
                .set_resource_groups(Some(groups.collect()))
                .set_failed_items(Some(HashMap::new()))
                .build()
                .unwrap()
        });
    let (want_second, missing_arn) = (arns[10..].to_vec(), missing.clone());
    let second = mock!(SdkClient::describe_resource_groups)
        .match_requests(move |req| req.resource_group_arns() == want_second.as_slice())
        .then_output(move || {
            DescribeResourceGroupsOutput::builder()
                .resource_groups(
                    SdkResourceGroup::builder()
                        .arn(arn("resourcegroup", 10))
                        .set_tags(Some(Vec::new()))
                        .created_at(DateTime::from_secs(0))
                        .build()
                        .unwrap(),
                )
                .failed_items(missing_arn.clone(), failed(FailedItemErrorCode::ItemDoesNotExist))
                .build()
                .unwrap()
        });
    let c = client(RuleMode::Sequential, &[&first, &second]);
    let got = describe_resource_groups(&c, "us-east-1", &arns).await.unwrap();
    assert_eq!((first.num_calls(), second.num_calls()), (1, 1));
    assert_eq!(got.len(), 11);
    assert!(got.iter().all(|g| g.arn != missing));
    let want_tags = Tags::from([("Bare".to_string(), String::new()), ("Env".to_string(), "prod".to_string())]);
    assert_eq!(got[0].tags, want_tags);
    assert!(got[10].tags.is_empty());
}

#[tokio::test]
async fn describe_assessment_templates_maps_fields_and_leaves_out_missing() {
    let gone = format!("{TARGET}/template/0-gone0000");
    let rule = mock!(SdkClient::describe_assessment_templates).then_output({
        let gone = gone.clone();
        move || {
            let t = aws_sdk_inspector::types::AssessmentTemplate::builder()
                .arn(TEMPLATE)
                .name("weekly")
                .assessment_target_arn(TARGET)
                .duration_in_seconds(3600)
                .rules_package_arns(arn("rulespackage", 1))
                .rules_package_arns(arn("rulespackage", 2))
                .set_user_attributes_for_findings(Some(Vec::new()))
                .assessment_run_count(4)
                .created_at(DateTime::from_secs(0))
                .build()
                .unwrap();
            DescribeAssessmentTemplatesOutput::builder()
                .assessment_templates(t)
                .failed_items(gone.clone(), failed(FailedItemErrorCode::ItemDoesNotExist))
                .build()
                .unwrap()
        }
    });
    let c = client(RuleMode::MatchAny, &[&rule]);
    let got = describe_assessment_templates(&c, "us-east-1", &[TEMPLATE.to_string(), gone]).await.unwrap();
    assert_eq!(
        got,
        vec![AssessmentTemplate {
            arn: TEMPLATE.to_string(),
            name: "weekly".to_string(),
            assessment_target_arn: TARGET.to_string(),
            duration_in_seconds: 3600,
            rules_package_arns: vec![arn("rulespackage", 1), arn("rulespackage", 2)],
        }]
    );
}

#[tokio::test]
async fn describe_failure_other_than_missing_is_an_error_naming_the_arn() {
    let rule = mock!(SdkClient::describe_assessment_targets).then_output(|| {
        DescribeAssessmentTargetsOutput::builder()
            .set_assessment_targets(Some(Vec::new()))
            .failed_items(TARGET, failed(FailedItemErrorCode::AccessDenied))
            .build()
            .unwrap()
    });
    let c = client(RuleMode::MatchAny, &[&rule]);
    let err = describe_assessment_targets(&c, "us-east-1", &[TARGET.to_string()]).await.unwrap_err();
    assert_eq!(err.kind, ErrorKind::Other);
    assert_eq!(err.operation, "DescribeAssessmentTargets");
    assert_eq!(err.code, "ACCESS_DENIED");
    assert!(err.message.contains(TARGET), "{}", err.message);
}

#[tokio::test]
async fn rules_package_arns_follow_next_token_sorted_once_each() {
    // Page one has 3 ARNs and a token, page two 9 more, in reverse and one repeated: 12 ARNs,
    // and no DescribeRulesPackages (the names are not needed, as in Terraform's data source).
    let page1 =
        mock!(SdkClient::list_rules_packages).match_requests(|req| req.next_token().is_none()).then_output(|| {
            ListRulesPackagesOutput::builder()
                .set_rules_package_arns(Some((0..3).rev().map(|i| arn("rulespackage", i)).collect()))
                .next_token("page-2")
                .build()
                .unwrap()
        });
    let page2 = mock!(SdkClient::list_rules_packages)
        .match_requests(|req| req.next_token() == Some("page-2"))
        .then_output(|| {
            ListRulesPackagesOutput::builder()
                .set_rules_package_arns(Some((2..12).rev().map(|i| arn("rulespackage", i)).collect()))
                .build()
                .unwrap()
        });
    let c = client(RuleMode::MatchAny, &[&page1, &page2]);
    let got = rules_package_arns(&c, "us-east-1").await.unwrap();
    assert_eq!((page1.num_calls(), page2.num_calls()), (1, 1));
    assert_eq!(got, (0..12).map(|i| arn("rulespackage", i)).collect::<Vec<_>>());
}

#[tokio::test]
async fn list_event_subscriptions_flattens_filters_and_sorts() {
    fn sub(resource: &str, topic: &str, events: &[InspectorEvent]) -> Subscription {
        let mut b = Subscription::builder().resource_arn(resource).topic_arn(topic);
        for e in events {
            b = b.event_subscriptions(
                SdkEventSubscription::builder().event(e.clone()).subscribed_at(DateTime::from_secs(0)).build().unwrap(),
            );
        }
        b.build().unwrap()
    }
    let other_topic = "arn:aws:sns:us-east-1:123456789012:alerts";
    let page1 = mock!(SdkClient::list_event_subscriptions)
        .match_requests(|req| req.resource_arn() == Some(TEMPLATE) && req.next_token().is_none())
        .then_output(move || {
            ListEventSubscriptionsOutput::builder()
                .subscriptions(sub(
                    TEMPLATE,
                    TOPIC,
                    &[InspectorEvent::FindingReported, InspectorEvent::AssessmentRunCompleted],
                ))
                // Another resource's subscription must not leak in.
                .subscriptions(sub(TARGET, TOPIC, &[InspectorEvent::AssessmentRunStarted]))
                .next_token("more")
                .build()
                .unwrap()
        });
    let page2 = mock!(SdkClient::list_event_subscriptions)
        .match_requests(|req| req.resource_arn() == Some(TEMPLATE) && req.next_token() == Some("more"))
        .then_output(move || {
            ListEventSubscriptionsOutput::builder()
                .subscriptions(sub(TEMPLATE, other_topic, &[InspectorEvent::FindingReported]))
                .build()
                .unwrap()
        });
    let c = client(RuleMode::MatchAny, &[&page1, &page2]);
    let got = list_event_subscriptions(&c, "us-east-1", TEMPLATE).await.unwrap();
    let pair = |event: &str, topic: &str| EventSubscription { event: event.to_string(), topic_arn: topic.to_string() };
    assert_eq!(
        got,
        vec![
            pair("ASSESSMENT_RUN_COMPLETED", TOPIC),
            pair("FINDING_REPORTED", other_topic),
            pair("FINDING_REPORTED", TOPIC),
        ]
    );
}

#[tokio::test]
async fn subscribe_and_unsubscribe_send_resource_event_and_topic() {
    let sub = EventSubscription { event: "FINDING_REPORTED".to_string(), topic_arn: TOPIC.to_string() };
    let on = mock!(SdkClient::subscribe_to_event)
        .match_requests(|req| {
            req.resource_arn() == Some(TEMPLATE)
                && req.event() == Some(&InspectorEvent::FindingReported)
                && req.topic_arn() == Some(TOPIC)
        })
        .then_output(|| SubscribeToEventOutput::builder().build());
    let off = mock!(SdkClient::unsubscribe_from_event)
        .match_requests(|req| {
            req.resource_arn() == Some(TEMPLATE)
                && req.event() == Some(&InspectorEvent::FindingReported)
                && req.topic_arn() == Some(TOPIC)
        })
        .then_output(|| UnsubscribeFromEventOutput::builder().build());
    let c = client(RuleMode::Sequential, &[&on, &off]);
    subscribe(&c, "us-east-1", TEMPLATE, &sub).await.unwrap();
    unsubscribe(&c, "us-east-1", TEMPLATE, &sub).await.unwrap();
    assert_eq!((on.num_calls(), off.num_calls()), (1, 1));
}

#[tokio::test]
async fn list_tags_maps_and_set_tags_sends_the_full_set() {
    let list = mock!(SdkClient::list_tags_for_resource)
        .match_requests(|req| req.resource_arn() == Some(TEMPLATE))
        .then_output(|| {
            ListTagsForResourceOutput::builder()
                .tags(Tag::builder().key("Owner").value("sec").build().unwrap())
                .tags(Tag::builder().key("Bare").build().unwrap())
                .build()
                .unwrap()
        });
    let set = mock!(SdkClient::set_tags_for_resource)
        .match_requests(|req| {
            let got: Vec<_> = req.tags().iter().map(|t| (t.key(), t.value())).collect();
            req.resource_arn() == Some(TEMPLATE) && got == [("Env", Some("prod")), ("Owner", Some("sec"))]
        })
        .then_output(|| SetTagsForResourceOutput::builder().build());
    let clear = mock!(SdkClient::set_tags_for_resource)
        .match_requests(|req| req.resource_arn() == Some(TEMPLATE) && req.tags().is_empty())
        .then_output(|| SetTagsForResourceOutput::builder().build());
    let c = client(RuleMode::Sequential, &[&list, &set, &clear]);
    let got = list_tags(&c, "us-east-1", TEMPLATE).await.unwrap();
    assert_eq!(got, Tags::from([("Bare".to_string(), String::new()), ("Owner".to_string(), "sec".to_string()),]));
    let want = Tags::from([("Owner".to_string(), "sec".to_string()), ("Env".to_string(), "prod".to_string())]);
    set_tags(&c, "us-east-1", TEMPLATE, &want).await.unwrap();
    set_tags(&c, "us-east-1", TEMPLATE, &Tags::new()).await.unwrap();
    assert_eq!((set.num_calls(), clear.num_calls()), (1, 1));
}

#[tokio::test]
async fn no_such_entity_becomes_not_found() {
    let rule = mock!(SdkClient::delete_assessment_target).then_error(|| {
        DeleteAssessmentTargetError::NoSuchEntityException(
            NoSuchEntityException::builder()
                .message("target does not exist")
                .error_code(NoSuchEntityErrorCode::AssessmentTargetDoesNotExist)
                .can_retry(false)
                .meta(meta("NoSuchEntityException", "target does not exist"))
                .build()
                .unwrap(),
        )
    });
    let c = client(RuleMode::MatchAny, &[&rule]);
    let err = delete_assessment_target(&c, "us-east-1", TARGET).await.unwrap_err();
    assert_eq!(err.kind, ErrorKind::NotFound);
    assert_eq!(err.service, "inspector");
    assert_eq!(err.operation, "DeleteAssessmentTarget");
    assert_eq!(err.code, "NoSuchEntityException");
}

#[tokio::test]
async fn access_denied_names_the_action_and_resource() {
    let rule = mock!(SdkClient::delete_assessment_template).then_error(|| {
        DeleteAssessmentTemplateError::AccessDeniedException(
            AccessDeniedException::builder()
                .message("not allowed")
                .error_code(AccessDeniedErrorCode::AccessDeniedToAssessmentTemplate)
                .can_retry(false)
                .meta(meta("AccessDeniedException", "not allowed"))
                .build()
                .unwrap(),
        )
    });
    let c = client(RuleMode::MatchAny, &[&rule]);
    let err = delete_assessment_template(&c, "us-east-1", TEMPLATE).await.unwrap_err();
    assert_eq!(err.kind, ErrorKind::AccessDenied);
    assert_eq!(err.operation, "DeleteAssessmentTemplate");
    assert!(err.message.contains("inspector:DeleteAssessmentTemplate"), "{}", err.message);
    assert!(err.message.contains(TEMPLATE), "{}", err.message);
}

#[tokio::test]
async fn invalid_input_becomes_invalid() {
    let rule = mock!(SdkClient::create_assessment_target).then_error(|| {
        CreateAssessmentTargetError::InvalidInputException(
            InvalidInputException::builder()
                .message("name too long")
                .error_code(InvalidInputErrorCode::InvalidAssessmentTargetName)
                .can_retry(false)
                .meta(meta("InvalidInputException", "name too long"))
                .build()
                .unwrap(),
        )
    });
    let c = client(RuleMode::MatchAny, &[&rule]);
    let err = create_assessment_target(&c, "us-east-1", &"x".repeat(200), None).await.unwrap_err();
    assert_eq!(err.kind, ErrorKind::Invalid);
    assert_eq!(err.operation, "CreateAssessmentTarget");
    assert_eq!(err.message, "name too long");
}

#[tokio::test]
async fn a_retired_service_says_so_and_points_at_inspector2() {
    let rule = mock!(SdkClient::list_rules_packages).then_error(|| {
        aws_sdk_inspector::operation::list_rules_packages::ListRulesPackagesError::generic(meta(
            "UnrecognizedClientException",
            "The security token included in the request is invalid",
        ))
    });
    let err = rules_package_arns(&client(RuleMode::MatchAny, &[&rule]), "us-east-1").await.unwrap_err();
    assert!(err.message.contains("end of support on 2026-05-20"), "{}", err.message);
    assert!(err.message.contains("inspector2"), "{}", err.message);
}
