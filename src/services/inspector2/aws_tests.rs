//! Tests of the Inspector v2 SDK calls and JSON shapes, with smithy mocks.

use super::*;
use crate::services::inspector2::{CisSchedule, FilterCriteria as Criteria};
use aws_sdk_inspector2::types::{CisTargets, DailySchedule, Day, FilterCriteria, Schedule, StringComparison};
use aws_smithy_types::DateTime;

use aws_sdk_inspector2::error::ErrorMetadata;
use aws_sdk_inspector2::operation::batch_get_account_status::BatchGetAccountStatusOutput;
use aws_sdk_inspector2::operation::create_cis_scan_configuration::CreateCisScanConfigurationOutput;
use aws_sdk_inspector2::operation::create_filter::CreateFilterOutput;
use aws_sdk_inspector2::operation::delete_cis_scan_configuration::DeleteCisScanConfigurationOutput;
use aws_sdk_inspector2::operation::describe_organization_configuration::DescribeOrganizationConfigurationOutput;
use aws_sdk_inspector2::operation::disable::DisableOutput;
use aws_sdk_inspector2::operation::enable::EnableOutput;
use aws_sdk_inspector2::operation::get_member::{GetMemberError, GetMemberOutput};
use aws_sdk_inspector2::operation::list_cis_scan_configurations::ListCisScanConfigurationsOutput;
use aws_sdk_inspector2::operation::list_delegated_admin_accounts::ListDelegatedAdminAccountsOutput;
use aws_sdk_inspector2::operation::list_filters::ListFiltersOutput;
use aws_sdk_inspector2::operation::tag_resource::TagResourceOutput;
use aws_sdk_inspector2::operation::untag_resource::UntagResourceOutput;
use aws_sdk_inspector2::operation::update_cis_scan_configuration::UpdateCisScanConfigurationOutput;
use aws_sdk_inspector2::operation::update_filter::UpdateFilterOutput;
use aws_sdk_inspector2::operation::update_organization_configuration::UpdateOrganizationConfigurationOutput;
use aws_sdk_inspector2::types::error::{AccessDeniedException, ResourceNotFoundException};
use aws_sdk_inspector2::types::{
    Account, DelegatedAdminAccount, DelegatedAdminStatus, Member, RelationshipStatus, ResourceState, Status,
};
use aws_smithy_mocks::{mock, Rule, RuleMode};
use serde_json::json;

const ACCOUNT: &str = "123456789012";
const FILTER: &str = "arn:aws:inspector2:us-east-1:123456789012:owner/123456789012/filter/abc";
const SCAN: &str = "arn:aws:inspector2:us-east-1:123456789012:owner/123456789012/cis-configuration/s-1";

/// A client answered only by `rules`; an unmatched request panics instead of reaching the
/// network. This is what `mock_client!` builds, spelled out because that macro calls
/// `with_test_defaults_v2`, which aws-sdk-inspector2 only has with its `test-util` feature.
fn client(mode: RuleMode, rules: &[&Rule]) -> SdkClient {
    crate::mocked_client!(aws_sdk_inspector2, mode, rules)
}

fn meta(code: &str, message: &str) -> ErrorMetadata {
    crate::cloud::aws::mock_error_meta(code, message)
}

fn tags(pairs: &[(&str, &str)]) -> Tags {
    pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
}

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| s.to_string()).collect()
}

fn snake_case(camel: &str) -> String {
    camel
        .chars()
        .flat_map(|c| if c.is_ascii_uppercase() { vec!['_', c.to_ascii_lowercase()] } else { vec![c] })
        .collect()
}

fn round_trip(criteria: &Value) -> Value {
    criteria_to_json(&criteria_from_json(criteria, "criteria").unwrap())
}

/// Criteria using every kind of element: string, date, number, map, port range, package.
fn every_kind() -> Value {
    json!({
        "severity": [
            {"comparison": "EQUALS", "value": "HIGH"},
            {"comparison": "EQUALS", "value": "CRITICAL"}
        ],
        "awsAccountId": [{"comparison": "NOT_EQUALS", "value": ACCOUNT}],
        "firstObservedAt": [{"startInclusive": "2024-01-01T00:00:00Z", "endInclusive": "2024-01-31T23:59:59.5Z"}],
        "updatedAt": [{"startInclusive": "2024-06-01T12:00:00Z"}],
        "inspectorScore": [{"lowerInclusive": 7, "upperInclusive": 9.5}],
        "epssScore": [{"upperInclusive": 0.25}],
        "resourceTags": [
            {"comparison": "EQUALS", "key": "Env", "value": "prod"},
            {"comparison": "EQUALS", "key": "Bare"}
        ],
        "portRange": [{"beginInclusive": 22, "endInclusive": 22}, {"beginInclusive": 8000}],
        "vulnerablePackages": [{
            "name": {"comparison": "EQUALS", "value": "openssl"},
            "version": {"comparison": "PREFIX", "value": "1.1"},
            "epoch": {"lowerInclusive": 0, "upperInclusive": 2},
            "release": {"comparison": "EQUALS", "value": "1.el8"},
            "architecture": {"comparison": "EQUALS", "value": "x86_64"},
            "sourceLayerHash": {"comparison": "EQUALS", "value": "sha256:abc"},
            "sourceLambdaLayerArn": {"comparison": "EQUALS", "value": "arn:aws:lambda:us-east-1:1:layer:l:1"},
            "filePath": {"comparison": "PREFIX", "value": "/usr/lib"}
        }],
        "findingType": []
    })
}

fn weekly() -> Value {
    json!({"weekly": {"days": ["MON", "WED"], "startTime": {"timeOfDay": "09:00", "timezone": "Asia/Tokyo"}}})
}

fn targets() -> Value {
    json!({"accountIds": ["SELF"], "targetResourceTags": {"Env": ["prod", "stage"], "Scan": ["cis"]}})
}

/// An API shape from its JSON, as the API documents it.
fn shaped<T: serde::de::DeserializeOwned>(v: Value) -> T {
    serde_json::from_value(v).expect("a valid API shape")
}

fn cis(arn: &str, schedule: Value, targets: Value) -> CisScanConfig {
    CisScanConfig {
        arn: arn.to_string(),
        scan_name: "weekly-cis".to_string(),
        security_level: "LEVEL_1".to_string(),
        schedule: shaped(schedule),
        targets: shaped(targets),
        tags: tags(&[("team", "security")]),
    }
}

fn inspector2_filter(criteria: Value) -> Inspector2Filter {
    Inspector2Filter {
        arn: FILTER.to_string(),
        name: "suppress-accepted".to_string(),
        action: "SUPPRESS".to_string(),
        description: Some("accepted risks".to_string()),
        reason: Some("reviewed".to_string()),
        criteria: shaped(criteria),
        tags: tags(&[("team", "security")]),
    }
}

// ---- pure conversions ----

#[test]
fn criteria_of_every_kind_round_trip_losslessly() {
    let criteria = every_kind();
    assert_eq!(round_trip(&criteria), criteria);
    // And again from the SDK side: JSON -> SDK -> JSON -> SDK gives the same value.
    let sdk = criteria_from_json(&criteria, "criteria").unwrap();
    assert_eq!(criteria_from_json(&criteria_to_json(&sdk), "criteria").unwrap(), sdk);
}

#[test]
fn every_criteria_member_maps_to_its_own_field_and_round_trips() {
    // One sample element per kind; each member accepts exactly one of them.
    let samples = [
        ("string", json!({"comparison": "EQUALS", "value": "x"})),
        ("date", json!({"startInclusive": "2024-01-01T00:00:00Z"})),
        ("number", json!({"lowerInclusive": 1})),
        ("map", json!({"comparison": "EQUALS", "key": "k", "value": "v"})),
        ("port", json!({"beginInclusive": 443})),
        ("package", json!({"name": {"comparison": "EQUALS", "value": "p"}})),
    ];
    let mut kinds: BTreeMap<&str, usize> = BTreeMap::new();
    for key in CRITERIA_KEYS {
        let accepted: Vec<_> = samples
            .iter()
            .filter_map(|(kind, sample)| {
                let criteria = json!({ *key: [sample] });
                criteria_from_json(&criteria, "criteria").ok().map(|sdk| (*kind, criteria, sdk))
            })
            .collect();
        assert_eq!(accepted.len(), 1, "{key} accepts {} sample kinds", accepted.len());
        let (kind, criteria, sdk) = &accepted[0];
        *kinds.entry(kind).or_default() += 1;
        assert_eq!(&criteria_to_json(sdk), criteria, "{key}");
        // The member lands in the struct field named after it, and nowhere else.
        let debug = format!("{sdk:?}");
        for other in CRITERIA_KEYS {
            let state = if other == key { "Some(" } else { "None" };
            assert!(debug.contains(&format!(" {}: {state}", snake_case(other))), "{key}: {other} in {debug}");
        }
    }
    let want = BTreeMap::from([("date", 9), ("map", 1), ("number", 4), ("package", 1), ("port", 1), ("string", 53)]);
    assert_eq!(kinds, want);
}

#[test]
fn timestamps_and_numbers_are_normalized_to_one_form() {
    let given = json!({
        "firstObservedAt": [{"startInclusive": "2024-01-01T09:00:00+09:00", "endInclusive": 1704067200}],
        "lastObservedAt": [{"startInclusive": 1704067200.25}],
        "inspectorScore": [{"lowerInclusive": 7.0}],
        "updatedAt": [{"startInclusive": null}],
        "title": null
    });
    let want = json!({
        "firstObservedAt": [{"startInclusive": "2024-01-01T00:00:00Z", "endInclusive": "2024-01-01T00:00:00Z"}],
        "lastObservedAt": [{"startInclusive": "2024-01-01T00:00:00.25Z"}],
        "inspectorScore": [{"lowerInclusive": 7}],
        "updatedAt": [{}]
    });
    assert_eq!(round_trip(&given), want);
    assert_eq!(round_trip(&want), want);
}

#[test]
fn bad_criteria_shapes_name_the_key() {
    let err = |v: Value| criteria_from_json(&v, "criteria").unwrap_err();
    let e = err(json!({"severty": []}));
    assert_eq!(e.path, "criteria.severty");
    assert!(e.problem.contains("did you mean `severity`"), "{}", e.problem);
    let e = err(json!({"severity": [{"comparison": "EQUALS"}]}));
    assert_eq!((e.path.as_str(), e.problem.as_str()), ("criteria.severity[0].value", "required key is missing"));
    let e = err(json!({"severity": [{"comparison": "EQUALS", "value": 3}]}));
    assert_eq!(
        (e.path.as_str(), e.problem.as_str()),
        ("criteria.severity[0].value", "expected a string, found a number")
    );
    let e = err(json!({"severity": {"comparison": "EQUALS", "value": "HIGH"}}));
    assert_eq!(e.path, "criteria.severity");
    let e = err(json!({"firstObservedAt": [{"startInclusive": "yesterday"}]}));
    assert_eq!(e.path, "criteria.firstObservedAt[0].startInclusive");
    let e = err(json!({"portRange": [{"beginInclusive": 22.5}]}));
    assert_eq!(e.path, "criteria.portRange[0].beginInclusive");
    let e = err(json!({"portRange": [{"beginInclusive": 4_294_967_296_i64}]}));
    assert_eq!(e.path, "criteria.portRange[0].beginInclusive");
    let e = err(json!({"vulnerablePackages": [{"epoch": {"lower": 1}}]}));
    assert_eq!(e.path, "criteria.vulnerablePackages[0].epoch.lower");
    assert!(e.problem.contains("lowerInclusive"), "{}", e.problem);
    let e = err(json!([]));
    assert_eq!((e.path.as_str(), e.problem.as_str()), ("criteria", "expected an object, found an array"));
    let cloud = err(json!({"nope": []})).into_cloud("CreateFilter");
    assert_eq!((cloud.kind, cloud.service, cloud.operation), (ErrorKind::Invalid, "inspector2", "CreateFilter"));
    assert!(cloud.message.starts_with("criteria.nope: unknown key"), "{}", cloud.message);
}

#[test]
fn schedules_of_every_kind_round_trip_losslessly() {
    let start = json!({"timeOfDay": "23:30", "timezone": "UTC"});
    for schedule in [
        json!({"oneTime": {}}),
        json!({"daily": {"startTime": start}}),
        weekly(),
        json!({"monthly": {"day": "SUN", "startTime": start}}),
    ] {
        let sdk = schedule_from_json(&schedule, "schedule").unwrap();
        assert_eq!(schedule_to_json(&sdk), schedule);
    }
    let sdk = schedule_from_json(&weekly(), "schedule").unwrap();
    let Schedule::Weekly(w) = &sdk else { panic!("{sdk:?}") };
    assert_eq!(w.days(), [Day::Mon, Day::Wed]);
    assert_eq!(w.start_time().map(|t| (t.time_of_day(), t.timezone())), Some(("09:00", "Asia/Tokyo")));
}

#[test]
fn bad_schedules_name_the_key() {
    let err = |v: Value| schedule_from_json(&v, "schedule").unwrap_err();
    let e = err(json!({"oneTime": {}, "daily": {"startTime": {"timeOfDay": "1:00", "timezone": "UTC"}}}));
    assert_eq!(e.path, "schedule");
    assert!(e.problem.contains("exactly one of oneTime, daily, weekly, monthly"), "{}", e.problem);
    assert_eq!(err(json!({})).path, "schedule");
    let e = err(json!({"hourly": {}}));
    assert_eq!(e.path, "schedule.hourly");
    let e = err(json!({"weekly": {"days": ["MON"]}}));
    assert_eq!((e.path.as_str(), e.problem.as_str()), ("schedule.weekly.startTime", "required key is missing"));
    let e = err(json!({"weekly": {"days": "MON", "startTime": {"timeOfDay": "1:00", "timezone": "UTC"}}}));
    assert_eq!(e.path, "schedule.weekly.days");
    let e = err(json!({"monthly": {"day": "MON", "startTime": {"timeOfDay": "1:00", "tz": "UTC"}}}));
    assert_eq!(e.path, "schedule.monthly.startTime.tz");
    let e = err(json!({"oneTime": {"at": 1}}));
    assert_eq!(e.path, "schedule.oneTime.at");
    assert_eq!(err(json!("weekly")).problem, "expected an object, found a string");
}

#[test]
fn targets_round_trip_and_create_requires_both_members() {
    let create = create_targets_from_json(&targets(), "targets").unwrap();
    let read = CisTargets::builder()
        .set_account_ids(Some(create.account_ids().to_vec()))
        .set_target_resource_tags(Some(create.target_resource_tags().clone()))
        .build();
    assert_eq!(targets_to_json(&read), targets());
    let update = update_targets_from_json(&json!({"accountIds": [ACCOUNT]}), "targets").unwrap();
    assert_eq!(update.account_ids(), [ACCOUNT]);
    assert!(update.target_resource_tags.is_none());
    let e = create_targets_from_json(&json!({"accountIds": ["SELF"]}), "targets").unwrap_err();
    assert_eq!(e.path, "targets.targetResourceTags");
    let e = create_targets_from_json(&json!({"accountIds": ["SELF"], "targetResourceTags": {"k": "v"}}), "t");
    assert_eq!(e.unwrap_err().path, "t.targetResourceTags.k");
    let e = update_targets_from_json(&json!({"accounts": []}), "targets").unwrap_err();
    assert_eq!(e.path, "targets.accounts");
}

#[test]
fn auto_enable_maps_both_ways_and_rejects_unknown_keys() {
    let a = AutoEnable::builder().ec2(true).ecr(false).lambda(true).build().unwrap();
    let m = auto_enable_to_map(&a);
    assert_eq!(m, BTreeMap::from([("ec2".into(), true), ("ecr".into(), false), ("lambda".into(), true)]));
    assert_eq!(auto_enable_from_map(&m).unwrap(), a);
    let mut bad = m.clone();
    bad.insert("lambda_code".into(), true);
    let e = auto_enable_from_map(&bad).unwrap_err();
    assert_eq!(e.kind, ErrorKind::Invalid);
    assert!(e.message.contains("autoEnable.lambda_code") && e.message.contains("lambdaCode"), "{}", e.message);
    let e = auto_enable_from_map(&BTreeMap::from([("ec2".into(), true)])).unwrap_err();
    assert!(e.message.starts_with("autoEnable.ecr: required key is missing"), "{}", e.message);
}

// ---- requests and answers ----

#[tokio::test]
async fn create_filter_sends_converted_criteria_and_settings() {
    let rule = mock!(SdkClient::create_filter)
        .match_requests(|req| {
            let Some(c) = req.filter_criteria() else { return false };
            let severity: Vec<_> = c.severity().iter().map(|f| (f.comparison().clone(), f.value())).collect();
            let date = &c.first_observed_at()[0];
            let score = &c.inspector_score()[0];
            let tags_ok = req.tags().is_some_and(|t| t.len() == 1 && t["team"] == "security");
            req.name() == Some("suppress-accepted")
                && req.action() == Some(&FilterAction::Suppress)
                && req.description() == Some("accepted risks")
                && req.reason() == Some("reviewed")
                && tags_ok
                && severity == [(StringComparison::Equals, "HIGH"), (StringComparison::Equals, "CRITICAL")]
                && date.start_inclusive() == Some(&DateTime::from_secs(1_704_067_200))
                && date.end_inclusive() == Some(&DateTime::from_fractional_secs(1_706_745_599, 0.5))
                && score.lower_inclusive() == Some(7.0)
                && score.upper_inclusive() == Some(9.5)
                && c.resource_tags()[1].value().is_none()
                && c.port_range()[1].end_inclusive().is_none()
                && c.vulnerable_packages()[0].epoch().and_then(|e| e.upper_inclusive()) == Some(2.0)
                && c.finding_type.as_deref() == Some(&[][..])
                && c.title.is_none()
        })
        .then_output(|| CreateFilterOutput::builder().arn(FILTER).build().unwrap());
    let c = client(RuleMode::MatchAny, &[&rule]);
    let got = create_filter(&c, &inspector2_filter(every_kind())).await.unwrap();
    assert_eq!(got, FILTER);
    assert_eq!(rule.num_calls(), 1);
}

#[tokio::test]
async fn create_filter_rejects_bad_criteria_without_a_call() {
    // No rules: a request would panic in the interceptor.
    let c = client(RuleMode::MatchAny, &[]);
    let bad = json!({"firstObservedAt": [{"startInclusive": "last Tuesday"}]});
    let err = create_filter(&c, &inspector2_filter(bad.clone())).await.unwrap_err();
    assert_eq!((err.kind, err.operation), (ErrorKind::Invalid, "CreateFilter"));
    let want = "criteria.firstObservedAt[0].startInclusive: `last Tuesday` is not an RFC 3339 date-time";
    assert!(err.message.starts_with(want), "{}", err.message);
    // An unknown member cannot even be built.
    let typo = json!({"severity": [{"comparison": "EQUALS", "valeu": "HIGH"}]});
    assert!(serde_json::from_value::<Criteria>(typo).is_err());
    let err = update_filter(&c, &inspector2_filter(bad)).await.unwrap_err();
    assert_eq!((err.kind, err.operation), (ErrorKind::Invalid, "UpdateFilter"));
}

#[tokio::test]
async fn update_filter_sends_arn_settings_and_criteria() {
    let rule = mock!(SdkClient::update_filter)
        .match_requests(|req| {
            let severity = req.filter_criteria().map(|c| c.severity().to_vec()).unwrap_or_default();
            req.filter_arn() == Some(FILTER)
                && req.name() == Some("suppress-accepted")
                && req.action() == Some(&FilterAction::None)
                && req.description().is_none()
                && req.reason() == Some("reviewed")
                && severity.len() == 1
                && severity[0].value() == "LOW"
        })
        .then_output(|| UpdateFilterOutput::builder().arn(FILTER).build().unwrap());
    let c = client(RuleMode::MatchAny, &[&rule]);
    let mut f = inspector2_filter(json!({"severity": [{"comparison": "EQUALS", "value": "LOW"}]}));
    f.action = "NONE".to_string();
    f.description = None;
    update_filter(&c, &f).await.unwrap();
    assert_eq!(rule.num_calls(), 1);
}

fn sdk_filter(arn: &str, criteria: Option<FilterCriteria>) -> Filter {
    Filter::builder()
        .arn(arn)
        .owner_id(ACCOUNT)
        .name("suppress-accepted")
        .action(FilterAction::Suppress)
        .set_criteria(criteria)
        .created_at(DateTime::from_secs(0))
        .updated_at(DateTime::from_secs(0))
        .reason("reviewed")
        .tags("team", "security")
        .build()
        .unwrap()
}

#[tokio::test]
async fn list_filters_follows_pages_converts_back_and_keeps_only_the_asked() {
    let other = format!("{FILTER}-other");
    let missing = format!("{FILTER}-missing");
    let asked = vec![FILTER.to_string(), missing.clone(), FILTER.to_string()];
    let sent = vec![FILTER.to_string(), missing];
    let page1 = mock!(SdkClient::list_filters)
        .match_requests({
            let sent = sent.clone();
            move |req| req.arns() == sent.as_slice() && req.next_token().is_none()
        })
        .then_output(move || {
            // A filter that was not asked for must not leak in.
            ListFiltersOutput::builder().filters(sdk_filter(&other, None)).next_token("p2").build().unwrap()
        });
    let page2 = mock!(SdkClient::list_filters)
        .match_requests(move |req| req.arns() == sent.as_slice() && req.next_token() == Some("p2"))
        .then_output(|| {
            let criteria = criteria_from_json(&every_kind(), "criteria").unwrap();
            ListFiltersOutput::builder().filters(sdk_filter(FILTER, Some(criteria))).build().unwrap()
        });
    let c = client(RuleMode::MatchAny, &[&page1, &page2]);
    let got = list_filters(&c, &asked).await.unwrap();
    assert_eq!((page1.num_calls(), page2.num_calls()), (1, 1));
    let want = Inspector2Filter { description: None, ..inspector2_filter(every_kind()) };
    assert_eq!(got, vec![want]);
}

#[tokio::test]
async fn list_filters_without_arns_makes_no_call_and_no_criteria_reads_as_empty() {
    let c = client(RuleMode::MatchAny, &[]);
    assert!(list_filters(&c, &[]).await.unwrap().is_empty());
    assert_eq!(filter_from_sdk(&sdk_filter(FILTER, None)).unwrap().criteria, Criteria::default());
}

#[tokio::test]
async fn set_tags_removes_and_adds_only_the_difference() {
    let untag = mock!(SdkClient::untag_resource)
        .match_requests(|req| req.resource_arn() == Some(FILTER) && req.tag_keys() == ["old"])
        .then_output(|| UntagResourceOutput::builder().build());
    let tag = mock!(SdkClient::tag_resource)
        .match_requests(|req| {
            let want = HashMap::from([("change".to_string(), "b".to_string()), ("new".to_string(), "y".to_string())]);
            req.resource_arn() == Some(FILTER) && req.tags() == Some(&want)
        })
        .then_output(|| TagResourceOutput::builder().build());
    let c = client(RuleMode::Sequential, &[&untag, &tag]);
    let have = tags(&[("keep", "1"), ("old", "x"), ("change", "a")]);
    let want = tags(&[("keep", "1"), ("change", "b"), ("new", "y")]);
    set_tags(&c, FILTER, &have, &want).await.unwrap();
    assert_eq!((untag.num_calls(), tag.num_calls()), (1, 1));
}

#[tokio::test]
async fn set_tags_makes_no_call_when_equal() {
    let c = client(RuleMode::Sequential, &[]);
    let same = tags(&[("team", "security")]);
    set_tags(&c, SCAN, &same, &same).await.unwrap();
}

fn failed(account: &str, code: ErrorCode, message: &str) -> FailedAccount {
    FailedAccount::builder().account_id(account).error_code(code).error_message(message).build().unwrap()
}

#[tokio::test]
async fn enable_reports_failed_accounts_as_an_error_naming_them() {
    let rule = mock!(SdkClient::enable)
        .match_requests(|req| {
            req.account_ids() == [ACCOUNT, "210987654321"]
                && req.resource_types() == [ResourceScanType::Ec2, ResourceScanType::LambdaCode]
        })
        .then_output(|| {
            EnableOutput::builder()
                .set_accounts(Some(Vec::new()))
                .failed_accounts(failed("210987654321", ErrorCode::AccessDenied, "not a member"))
                .failed_accounts(failed(ACCOUNT, ErrorCode::EnableInProgress, ""))
                .build()
                .unwrap()
        });
    let c = client(RuleMode::MatchAny, &[&rule]);
    let accounts = strings(&[ACCOUNT, "210987654321"]);
    let err = enable(&c, &accounts, &strings(&["EC2", "LAMBDA_CODE"])).await.unwrap_err();
    assert_eq!((err.service, err.operation), ("inspector2", "Enable"));
    // The first account in id order gives code and kind; the message names every one.
    assert_eq!((err.kind, err.code.as_str()), (ErrorKind::Conflict, "ENABLE_IN_PROGRESS"));
    assert!(err.message.contains("account 123456789012: ENABLE_IN_PROGRESS"), "{}", err.message);
    assert!(err.message.contains("account 210987654321: ACCESS_DENIED (not a member)"), "{}", err.message);
}

#[tokio::test]
async fn enable_and_disable_batch_accounts_and_succeed_without_failures() {
    let accounts: Vec<String> = (0..150).map(|i| format!("{:012}", 100_000_000_000_u64 + i)).collect();
    let ok = |n: usize| {
        mock!(SdkClient::enable)
            .match_requests(move |req| req.account_ids().len() == n && req.resource_types() == [ResourceScanType::Ecr])
            .then_output(|| EnableOutput::builder().set_accounts(Some(Vec::new())).build().unwrap())
    };
    let (first, second) = (ok(100), ok(50));
    let off = mock!(SdkClient::disable)
        .match_requests(|req| req.account_ids.is_none() && req.resource_types() == [ResourceScanType::Ecr])
        .then_output(|| {
            let me = Account::builder().account_id(ACCOUNT).status(Status::Disabling).build().unwrap();
            DisableOutput::builder().accounts(me).build().unwrap()
        });
    let c = client(RuleMode::Sequential, &[&first, &second, &off]);
    enable(&c, &accounts, &strings(&["ECR"])).await.unwrap();
    // No account ids: one request without them, for the caller's own account.
    disable(&c, &[], &strings(&["ECR"])).await.unwrap();
    assert_eq!((first.num_calls(), second.num_calls(), off.num_calls()), (1, 1, 1));
}

#[tokio::test]
async fn account_status_maps_states_and_leaves_out_failed_accounts() {
    let state =
        |s: Status| State::builder().status(s).error_code(ErrorCode::from("")).error_message("").build().unwrap();
    let rule = mock!(SdkClient::batch_get_account_status)
        .match_requests(|req| req.account_ids() == [ACCOUNT, "210987654321"])
        .then_output(move || {
            let resources = ResourceState::builder()
                .ec2(state(Status::Enabled))
                .ecr(state(Status::Disabled))
                .lambda(state(Status::Enabling))
                .build();
            let me = AccountState::builder()
                .account_id(ACCOUNT)
                .state(state(Status::Enabled))
                .resource_state(resources)
                .build()
                .unwrap();
            BatchGetAccountStatusOutput::builder()
                .accounts(me)
                .failed_accounts(failed("210987654321", ErrorCode::AccessDenied, "no"))
                .build()
                .unwrap()
        });
    let c = client(RuleMode::MatchAny, &[&rule]);
    let got = account_status(&c, &strings(&[ACCOUNT, "210987654321", ACCOUNT])).await.unwrap();
    let want = Inspector2AccountStatus {
        account_id: ACCOUNT.to_string(),
        status: "ENABLED".to_string(),
        resource_status: BTreeMap::from([
            ("EC2".to_string(), "ENABLED".to_string()),
            ("ECR".to_string(), "DISABLED".to_string()),
            ("LAMBDA".to_string(), "ENABLING".to_string()),
        ]),
    };
    assert_eq!(got, vec![want]);
}

#[tokio::test]
async fn org_config_describe_maps_and_update_sends_the_flags() {
    let describe = mock!(SdkClient::describe_organization_configuration).then_output(|| {
        let a = AutoEnable::builder().ec2(true).ecr(true).lambda(false).lambda_code(true).build().unwrap();
        DescribeOrganizationConfigurationOutput::builder().auto_enable(a).build()
    });
    let update = mock!(SdkClient::update_organization_configuration)
        .match_requests(|req| {
            req.auto_enable()
                .is_some_and(|a| a.ec2() && !a.ecr() && a.lambda().is_none() && a.lambda_code() == Some(true))
        })
        .then_output(|| {
            let a = AutoEnable::builder().ec2(true).ecr(false).build().unwrap();
            UpdateOrganizationConfigurationOutput::builder().auto_enable(a).build()
        });
    let c = client(RuleMode::Sequential, &[&describe, &update]);
    let got = describe_org_config(&c).await.unwrap();
    let want: BTreeMap<String, bool> =
        [("ec2", true), ("ecr", true), ("lambda", false), ("lambdaCode", true), ("maxAccountLimitReached", false)]
            .map(|(k, v)| (k.to_string(), v))
            .into();
    assert_eq!(got, want);
    let flags: BTreeMap<String, bool> =
        [("ec2", true), ("ecr", false), ("lambdaCode", true)].map(|(k, v)| (k.to_string(), v)).into();
    update_org_config(&c, &flags).await.unwrap();
    assert_eq!(update.num_calls(), 1);
}

#[tokio::test]
async fn list_delegated_admins_follows_pages() {
    let admin = |id: &str, s: DelegatedAdminStatus| DelegatedAdminAccount::builder().account_id(id).status(s).build();
    let page1 = mock!(SdkClient::list_delegated_admin_accounts)
        .match_requests(|req| req.next_token().is_none())
        .then_output(move || {
            ListDelegatedAdminAccountsOutput::builder()
                .delegated_admin_accounts(admin(ACCOUNT, DelegatedAdminStatus::Enabled))
                .next_token("more")
                .build()
        });
    let page2 = mock!(SdkClient::list_delegated_admin_accounts)
        .match_requests(|req| req.next_token() == Some("more"))
        .then_output(move || {
            ListDelegatedAdminAccountsOutput::builder()
                .delegated_admin_accounts(admin("210987654321", DelegatedAdminStatus::DisableInProgress))
                .build()
        });
    let c = client(RuleMode::MatchAny, &[&page1, &page2]);
    let got = list_delegated_admins(&c).await.unwrap();
    assert_eq!(
        got,
        vec![
            (ACCOUNT.to_string(), "ENABLED".to_string()),
            ("210987654321".to_string(), "DISABLE_IN_PROGRESS".to_string())
        ]
    );
}

#[tokio::test]
async fn get_member_maps_it_and_not_found_is_none_but_access_denied_is_an_error() {
    let found =
        mock!(SdkClient::get_member).match_requests(|req| req.account_id() == Some(ACCOUNT)).then_output(|| {
            let m = Member::builder()
                .account_id(ACCOUNT)
                .relationship_status(RelationshipStatus::Enabled)
                .delegated_admin_account_id("210987654321")
                .updated_at(DateTime::from_secs(1_704_067_200))
                .build();
            GetMemberOutput::builder().member(m).build()
        });
    let missing = mock!(SdkClient::get_member).then_error(|| {
        GetMemberError::ResourceNotFoundException(
            ResourceNotFoundException::builder()
                .message("not a member")
                .meta(meta("ResourceNotFoundException", "not a member"))
                .build()
                .unwrap(),
        )
    });
    let denied = mock!(SdkClient::get_member).then_error(|| {
        GetMemberError::AccessDeniedException(
            AccessDeniedException::builder()
                .message("not allowed")
                .meta(meta("AccessDeniedException", "not allowed"))
                .build()
                .unwrap(),
        )
    });
    let c = client(RuleMode::Sequential, &[&found, &missing, &denied]);
    let got = get_member(&c, ACCOUNT).await.unwrap();
    let want = Inspector2Member {
        account_id: ACCOUNT.to_string(),
        relationship_status: "ENABLED".to_string(),
        delegated_admin_account_id: Some("210987654321".to_string()),
        updated_at: Some("2024-01-01T00:00:00Z".to_string()),
    };
    assert_eq!(got, Some(want));
    assert_eq!(get_member(&c, "210987654321").await.unwrap(), None);
    let err = get_member(&c, "210987654321").await.unwrap_err();
    assert_eq!((err.kind, err.operation), (ErrorKind::AccessDenied, "GetMember"));
    assert!(err.message.contains("inspector2:GetMember on 210987654321"), "{}", err.message);
}

#[tokio::test]
async fn create_cis_scan_sends_weekly_schedule_targets_and_tags() {
    let rule = mock!(SdkClient::create_cis_scan_configuration)
        .match_requests(|req| {
            let Some(Schedule::Weekly(w)) = req.schedule() else { return false };
            let start = w.start_time().map(|t| (t.time_of_day(), t.timezone()));
            let Some(t) = req.targets() else { return false };
            let mut tag_keys: Vec<_> = t.target_resource_tags().keys().cloned().collect();
            tag_keys.sort();
            req.scan_name() == Some("weekly-cis")
                && req.security_level() == Some(&CisSecurityLevel::Level1)
                && w.days() == [Day::Mon, Day::Wed]
                && start == Some(("09:00", "Asia/Tokyo"))
                && t.account_ids() == ["SELF"]
                && tag_keys == ["Env", "Scan"]
                && t.target_resource_tags()["Env"] == ["prod", "stage"]
                && req.tags().is_some_and(|t| t["team"] == "security")
        })
        .then_output(|| CreateCisScanConfigurationOutput::builder().scan_configuration_arn(SCAN).build());
    let c = client(RuleMode::MatchAny, &[&rule]);
    let got = create_cis_scan(&c, &cis("", weekly(), targets())).await.unwrap();
    assert_eq!(got, SCAN);
    assert_eq!(rule.num_calls(), 1);
}

#[tokio::test]
async fn create_cis_scan_rejects_bad_shapes_without_a_call() {
    let c = client(RuleMode::MatchAny, &[]);
    let err = create_cis_scan(&c, &cis("", weekly(), json!({"accountIds": ["SELF"]}))).await.unwrap_err();
    assert_eq!((err.kind, err.operation), (ErrorKind::Invalid, "CreateCisScanConfiguration"));
    assert!(err.message.starts_with("targets.targetResourceTags"), "{}", err.message);
    // A schedule without its start time, or none at all, cannot even be built.
    assert!(serde_json::from_value::<CisSchedule>(json!({"weekly": {"days": ["MON"]}})).is_err());
    assert!(serde_json::from_value::<CisSchedule>(Value::Null).is_err());
}

#[tokio::test]
async fn create_cis_scan_without_an_arn_in_the_answer_is_an_error() {
    let rule = mock!(SdkClient::create_cis_scan_configuration)
        .then_output(|| CreateCisScanConfigurationOutput::builder().build());
    let c = client(RuleMode::MatchAny, &[&rule]);
    let err = create_cis_scan(&c, &cis("", weekly(), targets())).await.unwrap_err();
    assert_eq!(err.code, "MissingArn");
}

fn sdk_scan(arn: &str) -> CisScanConfiguration {
    let schedule = schedule_from_json(&weekly(), "schedule").unwrap();
    let create = create_targets_from_json(&targets(), "targets").unwrap();
    let targets = CisTargets::builder()
        .set_account_ids(Some(create.account_ids().to_vec()))
        .set_target_resource_tags(Some(create.target_resource_tags().clone()))
        .build();
    CisScanConfiguration::builder()
        .scan_configuration_arn(arn)
        .owner_id(ACCOUNT)
        .scan_name("weekly-cis")
        .security_level(CisSecurityLevel::Level1)
        .schedule(schedule)
        .targets(targets)
        .tags("team", "security")
        .build()
        .unwrap()
}

fn arn_filter_values(
    req: &aws_sdk_inspector2::operation::list_cis_scan_configurations::ListCisScanConfigurationsInput,
) -> Vec<String> {
    req.filter_criteria()
        .map(|f| {
            f.scan_configuration_arn_filters()
                .iter()
                .filter(|x| *x.comparison() == CisStringComparison::Equals)
                .map(|x| x.value().to_string())
                .collect()
        })
        .unwrap_or_default()
}

#[tokio::test]
async fn list_cis_scans_filters_by_arn_in_tens_pages_and_parses_back() {
    let arns: Vec<String> = (0..12).map(|i| format!("{SCAN}{i:02}")).collect();
    let (first_ten, last_two) = (arns[..10].to_vec(), arns[10..].to_vec());
    let batch1_page1 = mock!(SdkClient::list_cis_scan_configurations)
        .match_requests(move |req| arn_filter_values(req) == first_ten && req.next_token().is_none())
        .then_output(|| {
            ListCisScanConfigurationsOutput::builder()
                .scan_configurations(sdk_scan(&format!("{SCAN}00")))
                .next_token("t")
                .build()
        });
    let batch1_page2 = mock!(SdkClient::list_cis_scan_configurations)
        .match_requests(|req| arn_filter_values(req).len() == 10 && req.next_token() == Some("t"))
        .then_output(|| {
            ListCisScanConfigurationsOutput::builder()
                .scan_configurations(sdk_scan(&format!("{SCAN}05")))
                // Not asked for: must be left out.
                .scan_configurations(sdk_scan("arn:aws:inspector2:us-east-1:123456789012:owner/x/cis-configuration/zz"))
                .build()
        });
    let batch2 = mock!(SdkClient::list_cis_scan_configurations)
        .match_requests(move |req| arn_filter_values(req) == last_two)
        .then_output(|| {
            ListCisScanConfigurationsOutput::builder().scan_configurations(sdk_scan(&format!("{SCAN}11"))).build()
        });
    let c = client(RuleMode::MatchAny, &[&batch1_page1, &batch1_page2, &batch2]);
    // A repeated ARN is asked for once.
    let mut asked = arns.clone();
    asked.push(arns[0].clone());
    let got = list_cis_scans(&c, &asked).await.unwrap();
    assert_eq!((batch1_page1.num_calls(), batch1_page2.num_calls(), batch2.num_calls()), (1, 1, 1));
    let got_arns: Vec<_> = got.iter().map(|s| s.arn.clone()).collect();
    assert_eq!(got_arns, [format!("{SCAN}00"), format!("{SCAN}05"), format!("{SCAN}11")]);
    assert_eq!(got[2], cis(&format!("{SCAN}11"), weekly(), targets()));
    assert!(list_cis_scans(&client(RuleMode::MatchAny, &[]), &[]).await.unwrap().is_empty());
}

#[tokio::test]
async fn update_cis_scan_sends_changes_and_leaves_null_members_out() {
    let full = mock!(SdkClient::update_cis_scan_configuration)
        .match_requests(|req| {
            let at_two = |d: &DailySchedule| d.start_time().map(|t| t.time_of_day()) == Some("02:00");
            let daily = matches!(req.schedule(), Some(Schedule::Daily(d)) if at_two(d));
            let t = req.targets();
            req.scan_configuration_arn() == Some(SCAN)
                && req.scan_name() == Some("weekly-cis")
                && req.security_level() == Some(&CisSecurityLevel::Level2)
                && daily
                && t.is_some_and(|t| t.account_ids() == [ACCOUNT] && t.target_resource_tags.is_none())
        })
        .then_output(|| UpdateCisScanConfigurationOutput::builder().scan_configuration_arn(SCAN).build().unwrap());
    let c = client(RuleMode::Sequential, &[&full]);
    let mut config = cis(
        SCAN,
        json!({"daily": {"startTime": {"timeOfDay": "02:00", "timezone": "UTC"}}}),
        json!({"accountIds": [ACCOUNT]}),
    );
    config.security_level = "LEVEL_2".to_string();
    update_cis_scan(&c, &config).await.unwrap();
    assert_eq!(full.num_calls(), 1);
}

#[tokio::test]
async fn delete_cis_scan_sends_the_arn() {
    let rule = mock!(SdkClient::delete_cis_scan_configuration)
        .match_requests(|req| req.scan_configuration_arn() == Some(SCAN))
        .then_output(|| DeleteCisScanConfigurationOutput::builder().scan_configuration_arn(SCAN).build().unwrap());
    let c = client(RuleMode::MatchAny, &[&rule]);
    delete_cis_scan(&c, SCAN).await.unwrap();
    assert_eq!(rule.num_calls(), 1);
}
