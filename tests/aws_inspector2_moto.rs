//! The AWS provider's Amazon Inspector (v2) calls against moto's server, through the library's
//! `Inspector2` service interface. Every check of what exists goes through an independent SDK client.
//!
//! moto 5.2.5 implements Enable/Disable/BatchGetAccountStatus, CreateFilter/ListFilters/
//! DeleteFilter, the tag calls, the organization configuration, delegated administrators and
//! members. It has no UpdateFilter and no CIS scan configuration calls; those are covered by
//! the mock tests in `src/services/inspector2/aws_tests.rs`.

mod common;

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, Once};

use baseline::cloud::aws::{AwsSettings, Connection};
use baseline::cloud::Tags;
use baseline::services::inspector2::{FilterCriteria, Inspector2AccountStatus, Inspector2Filter, Inspector2Member};
use baseline::services::Account;
use common::moto::Moto;
use serde_json::json;

const REGION: &str = "us-east-1";
/// The account moto answers as.
const ACCOUNT: &str = "123456789012";

/// The connection reads credentials from the environment. Tests run in parallel threads, so
/// the variables are set once, before any test connects, always to the same values; every
/// endpoint goes through the provider settings instead of the environment.
fn environment() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        for (k, v) in [
            ("AWS_ACCESS_KEY_ID", "testing"),
            ("AWS_SECRET_ACCESS_KEY", "testing"),
            ("AWS_CONFIG_FILE", "/nonexistent"),
            ("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent"),
            ("AWS_EC2_METADATA_DISABLED", "true"),
        ] {
            std::env::set_var(k, v);
        }
        for k in ["AWS_SESSION_TOKEN", "AWS_PROFILE"] {
            std::env::remove_var(k);
        }
    });
}

/// A connection whose Inspector (v2) and STS endpoints are moto, and what it logged.
async fn connect(m: &Moto) -> (Account, Arc<Mutex<Vec<String>>>) {
    environment();
    let logged = Arc::new(Mutex::new(Vec::new()));
    let sink = logged.clone();
    let settings = AwsSettings {
        region: Some(REGION.to_string()),
        endpoints: BTreeMap::from([("inspector2".to_string(), m.url()), ("sts".to_string(), m.url())]),
        debug: true,
        ..Default::default()
    };
    let log = Arc::new(move |line: &str| sink.lock().unwrap().push(line.to_string()));
    let cloud = Account::aws(&Arc::new(Connection::connect(&settings, log).await.expect("connect to moto")));
    (cloud, logged)
}

/// An SDK client of its own, for checking what the provider did.
async fn check_client(m: &Moto) -> aws_sdk_inspector2::Client {
    aws_sdk_inspector2::Client::new(&m.sdk_config(REGION).await)
}

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| s.to_string()).collect()
}

fn tags(pairs: &[(&str, &str)]) -> Tags {
    pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn enable_and_disable_show_in_account_status() {
    let m = Moto::start();
    let (cloud, logged) = connect(&m).await;
    let other = "210987654321";

    cloud.inspector2.enable(REGION, &strings(&[ACCOUNT, other]), &strings(&["EC2", "ECR"])).await.unwrap();
    cloud.inspector2.enable(REGION, &strings(&[ACCOUNT]), &strings(&["LAMBDA_CODE"])).await.unwrap();
    // An account Inspector does not know is left out.
    let asked = strings(&[other, ACCOUNT, "111111111111"]);
    let got = cloud.inspector2.account_status(REGION, &asked).await.unwrap();
    let status = |account: &str, overall: &str, each: [&str; 4]| Inspector2AccountStatus {
        account_id: account.to_string(),
        status: overall.to_string(),
        resource_status: ["EC2", "ECR", "LAMBDA", "LAMBDA_CODE"]
            .iter()
            .zip(each)
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
    };
    assert_eq!(
        got,
        vec![
            status(ACCOUNT, "ENABLED", ["ENABLED", "ENABLED", "DISABLED", "ENABLED"]),
            status(other, "ENABLED", ["ENABLED", "ENABLED", "DISABLED", "DISABLED"]),
        ]
    );

    let check = check_client(&m).await;
    let seen = check.batch_get_account_status().account_ids(ACCOUNT).send().await.unwrap();
    let lambda_code = seen.accounts()[0].resource_state().and_then(|r| r.lambda_code()).map(|s| s.status().as_str());
    assert_eq!(lambda_code, Some("ENABLED"));

    cloud.inspector2.disable(REGION, &strings(&[ACCOUNT]), &strings(&["EC2", "ECR", "LAMBDA_CODE"])).await.unwrap();
    let got = cloud.inspector2.account_status(REGION, &strings(&[ACCOUNT])).await.unwrap();
    assert_eq!(got, vec![status(ACCOUNT, "DISABLED", ["DISABLED"; 4])]);
    let seen = check.batch_get_account_status().account_ids(ACCOUNT).send().await.unwrap();
    assert_eq!(seen.accounts()[0].state().map(|s| s.status().as_str()), Some("DISABLED"));

    // Calls are counted, and listed under the service's own name with --debug.
    assert!(cloud.api_calls() >= 5);
    let logged = logged.lock().unwrap();
    assert!(logged.iter().any(|l| l == "aws: inspector2:Enable (us-east-1)"), "{logged:?}");
    assert!(logged.iter().any(|l| l == "aws: inspector2:BatchGetAccountStatus (us-east-1)"), "{logged:?}");
}

/// Criteria using every kind of filter element, in the canonical JSON form.
/// An API shape from its JSON, as the API documents it.
fn shaped<T: serde::de::DeserializeOwned>(v: serde_json::Value) -> T {
    serde_json::from_value(v).expect("a valid API shape")
}

fn criteria() -> FilterCriteria {
    shaped(json!({
        "severity": [{"comparison": "EQUALS", "value": "HIGH"}, {"comparison": "EQUALS", "value": "CRITICAL"}],
        "awsAccountId": [{"comparison": "EQUALS", "value": ACCOUNT}],
        "firstObservedAt": [{"startInclusive": "2024-01-01T00:00:00Z", "endInclusive": "2024-01-31T23:59:59.5Z"}],
        "inspectorScore": [{"lowerInclusive": 7, "upperInclusive": 9.5}],
        "resourceTags": [{"comparison": "EQUALS", "key": "Env", "value": "prod"}, {"comparison": "EQUALS", "key": "Bare"}],
        "portRange": [{"beginInclusive": 22, "endInclusive": 22}],
        "vulnerablePackages": [{
            "name": {"comparison": "EQUALS", "value": "openssl"},
            "epoch": {"lowerInclusive": 0}
        }]
    }))
}

#[tokio::test(flavor = "multi_thread")]
async fn filters_are_created_listed_tagged_and_deleted() {
    let m = Moto::start();
    let (cloud, _) = connect(&m).await;
    let check = check_client(&m).await;

    let mut filter = Inspector2Filter {
        arn: String::new(),
        name: "suppress-accepted".to_string(),
        action: "SUPPRESS".to_string(),
        description: Some("accepted risks".to_string()),
        reason: Some("reviewed".to_string()),
        criteria: criteria(),
        tags: tags(&[("team", "security"), ("env", "prod")]),
    };
    filter.arn = cloud.inspector2.create_filter(REGION, &filter).await.unwrap();
    assert!(filter.arn.starts_with("arn:aws:inspector2:us-east-1:123456789012:"), "{}", filter.arn);
    let plain = Inspector2Filter {
        arn: String::new(),
        name: "plain".to_string(),
        action: "NONE".to_string(),
        description: None,
        reason: None,
        criteria: shaped(json!({"findingType": [{"comparison": "EQUALS", "value": "PACKAGE_VULNERABILITY"}]})),
        tags: Tags::new(),
    };
    let plain_arn = cloud.inspector2.create_filter(REGION, &plain).await.unwrap();

    // Read back through the provider: the JSON criteria come back exactly as written.
    let missing = format!("{}0", filter.arn);
    let got = cloud.inspector2.list_filters(REGION, &[missing, filter.arn.clone()]).await.unwrap();
    assert_eq!(got, vec![filter.clone()]);
    let got = cloud.inspector2.list_filters(REGION, std::slice::from_ref(&plain_arn)).await.unwrap();
    assert_eq!(got, vec![Inspector2Filter { arn: plain_arn.clone(), ..plain }]);
    assert!(cloud.inspector2.list_filters(REGION, &[]).await.unwrap().is_empty());

    // And independently: what moto stored.
    let seen = check.list_filters().arns(&filter.arn).send().await.unwrap();
    let f = &seen.filters()[0];
    assert_eq!((f.name(), f.action().as_str(), f.reason()), ("suppress-accepted", "SUPPRESS", Some("reviewed")));
    let c = f.criteria().unwrap();
    assert_eq!(c.severity().len(), 2);
    assert_eq!(c.first_observed_at()[0].start_inclusive().map(|t| t.secs()), Some(1_704_067_200));
    assert_eq!(c.inspector_score()[0].upper_inclusive(), Some(9.5));
    assert_eq!(c.vulnerable_packages()[0].name().map(|n| n.value()), Some("openssl"));

    // Tags: only the difference is sent, and the result is exact.
    let want = tags(&[("team", "platform"), ("owner", "sec")]);
    cloud.inspector2.set_tags(REGION, &filter.arn, &filter.tags, &want).await.unwrap();
    let seen = check.list_tags_for_resource().resource_arn(&filter.arn).send().await.unwrap();
    let seen: Tags = seen.tags().map(|t| t.iter().map(|(k, v)| (k.clone(), v.clone())).collect()).unwrap_or_default();
    assert_eq!(seen, want);
    let got = cloud.inspector2.list_filters(REGION, std::slice::from_ref(&filter.arn)).await.unwrap();
    assert_eq!(got[0].tags, want);
    cloud.inspector2.set_tags(REGION, &filter.arn, &want, &Tags::new()).await.unwrap();
    let seen = check.list_tags_for_resource().resource_arn(&filter.arn).send().await.unwrap();
    assert!(seen.tags().is_none_or(|t| t.is_empty()), "{seen:?}");

    cloud.inspector2.delete_filter(REGION, &filter.arn).await.unwrap();
    assert!(cloud.inspector2.list_filters(REGION, std::slice::from_ref(&filter.arn)).await.unwrap().is_empty());
    let left: Vec<String> =
        check.list_filters().send().await.unwrap().filters().iter().map(|f| f.arn().to_string()).collect();
    assert_eq!(left, [plain_arn]);
}

#[tokio::test(flavor = "multi_thread")]
async fn bad_criteria_are_rejected_before_any_call() {
    let m = Moto::start();
    let (cloud, _) = connect(&m).await;
    let filter = Inspector2Filter {
        arn: String::new(),
        name: "typo".to_string(),
        action: "NONE".to_string(),
        description: None,
        reason: None,
        criteria: shaped(json!({"firstObservedAt": [{"startInclusive": "last Tuesday"}]})),
        tags: Tags::new(),
    };
    let before = cloud.api_calls();
    let err = cloud.inspector2.create_filter(REGION, &filter).await.unwrap_err();
    assert_eq!(err.kind, baseline::cloud::ErrorKind::Invalid);
    assert!(
        err.message.starts_with("criteria.firstObservedAt[0].startInclusive: `last Tuesday` is not"),
        "{}",
        err.message
    );
    assert_eq!(cloud.api_calls(), before);
    let check = check_client(&m).await;
    assert!(check.list_filters().send().await.unwrap().filters().is_empty());
}

#[tokio::test(flavor = "multi_thread")]
async fn organization_configuration_is_described_and_updated() {
    let m = Moto::start();
    let (cloud, _) = connect(&m).await;
    let flags =
        |pairs: &[(&str, bool)]| -> BTreeMap<String, bool> { pairs.iter().map(|(k, v)| (k.to_string(), *v)).collect() };

    // The flags, and whether the organisation reached Inspector's member limit.
    let limit = ("maxAccountLimitReached", false);
    let got = cloud.inspector2.describe_org_config(REGION).await.unwrap();
    assert_eq!(got, flags(&[("ec2", false), ("ecr", false), ("lambda", false), ("lambdaCode", false), limit]));

    let want = flags(&[("ec2", true), ("ecr", false), ("lambda", true), ("lambdaCode", false)]);
    cloud.inspector2.update_org_config(REGION, &want).await.unwrap();
    let mut described = want.clone();
    described.insert(limit.0.to_string(), limit.1);
    assert_eq!(cloud.inspector2.describe_org_config(REGION).await.unwrap(), described);
    let check = check_client(&m).await;
    let seen = check.describe_organization_configuration().send().await.unwrap();
    let a = seen.auto_enable().unwrap();
    assert_eq!((a.ec2(), a.ecr(), a.lambda(), a.lambda_code()), (true, false, Some(true), Some(false)));

    // Unknown keys never reach AWS.
    let err = cloud.inspector2.update_org_config(REGION, &flags(&[("ec2", true), ("ecr", true), ("ami", true)])).await;
    assert_eq!(err.unwrap_err().kind, baseline::cloud::ErrorKind::Invalid);
}

#[tokio::test(flavor = "multi_thread")]
async fn delegated_admin_is_enabled_listed_and_disabled() {
    let m = Moto::start();
    let (cloud, _) = connect(&m).await;
    let admin = "210987654321";

    assert!(cloud.inspector2.list_delegated_admins(REGION).await.unwrap().is_empty());
    cloud.inspector2.enable_delegated_admin(REGION, admin).await.unwrap();
    let got = cloud.inspector2.list_delegated_admins(REGION).await.unwrap();
    assert_eq!(got, vec![(admin.to_string(), "ENABLED".to_string())]);
    let check = check_client(&m).await;
    let seen = check.list_delegated_admin_accounts().send().await.unwrap();
    assert_eq!(seen.delegated_admin_accounts()[0].account_id(), Some(admin));

    cloud.inspector2.disable_delegated_admin(REGION, admin).await.unwrap();
    // moto keeps a disabled administrator listed, with status DISABLED (AWS reports
    // DISABLE_IN_PROGRESS and then drops it); the provider passes on whatever AWS says.
    let got = cloud.inspector2.list_delegated_admins(REGION).await.unwrap();
    assert!(got.iter().all(|(id, status)| id != admin || status != "ENABLED"), "{got:?}");
    let seen = check.list_delegated_admin_accounts().send().await.unwrap();
    assert!(seen.delegated_admin_accounts().iter().all(|a| a.status().map(|s| s.as_str()) != Some("ENABLED")));
}

#[tokio::test(flavor = "multi_thread")]
async fn members_are_associated_read_and_disassociated() {
    let m = Moto::start();
    let (cloud, _) = connect(&m).await;
    let member = "210987654321";

    cloud.inspector2.associate_member(REGION, member).await.unwrap();
    let got = cloud.inspector2.get_member(REGION, member).await.unwrap().expect("a member");
    let updated_at = got.updated_at.clone().expect("updatedAt");
    assert!(updated_at.ends_with('Z') && updated_at.len() >= 20, "{updated_at}");
    assert_eq!(
        got,
        Inspector2Member {
            account_id: member.to_string(),
            relationship_status: "ENABLED".to_string(),
            delegated_admin_account_id: Some(ACCOUNT.to_string()),
            updated_at: Some(updated_at),
        }
    );
    let check = check_client(&m).await;
    let seen = check.get_member().account_id(member).send().await.unwrap();
    assert_eq!(seen.member().and_then(|x| x.relationship_status()).map(|s| s.as_str()), Some("ENABLED"));

    cloud.inspector2.disassociate_member(REGION, member).await.unwrap();
    // moto keeps the member with status DISABLED rather than forgetting it.
    let seen = check.get_member().account_id(member).send().await.unwrap();
    assert_eq!(seen.member().and_then(|x| x.relationship_status()).map(|s| s.as_str()), Some("DISABLED"));
    let got = cloud.inspector2.get_member(REGION, member).await.unwrap();
    assert_eq!(got.map(|x| x.relationship_status), Some("DISABLED".to_string()));
}
