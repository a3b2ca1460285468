//! Sandbox tests of GuardDuty.

use super::*;
use crate::cloud::ErrorKind;
use crate::services::sandbox::Sandbox;
use crate::services::sandbox_tests::*;

fn gd(sb: &Sandbox) -> &dyn GuardDuty {
    sb
}

/// One detector per account and region, with GuardDuty's defaults, its service-linked role,
/// updates, tags by ARN and its errors.
#[tokio::test]
async fn one_detector_per_region_with_guarddutys_defaults_and_errors() {
    let dir = tempfile::tempdir().unwrap();
    let sb = open(&dir);
    let on = DetectorSettings { enable: true, ..Default::default() };
    let id = gd(&sb).create_detector(REGION, &on, &Tags::from([("a".into(), "1".into())])).await.unwrap();
    assert_eq!(id.len(), 32, "{id}");
    let d = gd(&sb).get_detector(REGION, &id).await.unwrap().unwrap();
    assert_eq!((d.status.as_str(), d.finding_publishing_frequency.as_str()), ("ENABLED", "SIX_HOURS"));
    assert!(d.enabled("S3_DATA_EVENTS") && !d.enabled("RUNTIME_MONITORING"), "{:?}", d.features);
    assert!(d.service_role.ends_with("/AWSServiceRoleForAmazonGuardDuty"), "{}", d.service_role);
    assert!(sb.lock().iam.roles.contains_key("AWSServiceRoleForAmazonGuardDuty"));

    let again = gd(&sb).create_detector(REGION, &on, &Tags::new()).await.unwrap_err();
    assert_eq!(again.kind, ErrorKind::AlreadyExists, "{again}");
    assert!(again.message.contains("a detector already exists"), "{again}");
    // Another region has its own.
    gd(&sb).create_detector("eu-west-1", &on, &Tags::new()).await.unwrap();

    let hourly = DetectorSettings {
        enable: false,
        finding_publishing_frequency: Some("ONE_HOUR".into()),
        features: [("S3_DATA_EVENTS".to_string(), "DISABLED".to_string())].into(),
    };
    gd(&sb).update_detector(REGION, &id, &hourly).await.unwrap();
    let d = gd(&sb).get_detector(REGION, &id).await.unwrap().unwrap();
    assert_eq!((d.status.as_str(), d.finding_publishing_frequency.as_str()), ("DISABLED", "ONE_HOUR"));
    assert!(!d.enabled("S3_DATA_EVENTS") && d.enabled("EKS_AUDIT_LOGS"));

    let bad = DetectorSettings { finding_publishing_frequency: Some("HOURLY".into()), ..on.clone() };
    assert_eq!(gd(&sb).update_detector(REGION, &id, &bad).await.unwrap_err().kind, ErrorKind::Invalid);
    let bad = DetectorSettings { features: [("X".to_string(), "ENABLED".to_string())].into(), ..on.clone() };
    assert_eq!(gd(&sb).update_detector(REGION, &id, &bad).await.unwrap_err().kind, ErrorKind::Invalid);

    let arn = format!("arn:aws:guardduty:{REGION}:{ACCOUNT_ID}:detector/{id}");
    gd(&sb).tag_resource(REGION, &arn, &Tags::from([("b".into(), "2".into())])).await.unwrap();
    gd(&sb).untag_resource(REGION, &arn, &["a".to_string()]).await.unwrap();
    let d = gd(&sb).get_detector(REGION, &id).await.unwrap().unwrap();
    assert_eq!(d.tags, Tags::from([("b".into(), "2".into())]));

    assert_eq!(gd(&sb).list_detectors(REGION).await.unwrap(), std::slice::from_ref(&id));
    gd(&sb).delete_detector(REGION, &id).await.unwrap();
    assert_eq!(gd(&sb).get_detector(REGION, &id).await.unwrap(), None);
    gd(&sb).delete_detector(REGION, &id).await.unwrap();
    let gone = gd(&sb).update_detector(REGION, &id, &on).await.unwrap_err();
    assert_eq!(gone.kind, ErrorKind::NotFound, "{gone}");
    assert!(gd(&sb).list_detectors(REGION).await.unwrap().is_empty());
}

async fn status(admin: &Sandbox, detector: &str, account: &str) -> String {
    gd(admin).get_member(REGION, detector, account).await.unwrap().unwrap().relationship_status
}

/// Members cross the accounts of the sandbox organization: the administrator's invitation is
/// listed in the member's account, accepting it makes the membership `Enabled` on both sides,
/// and each side's disassociation shows on the other (`Removed`, `Resigned`).
#[tokio::test]
async fn an_invitation_reaches_the_member_account_and_its_acceptance_the_administrator() {
    let dir = tempfile::tempdir().unwrap();
    let admin = open(&dir);
    let member_id = "210987654321";
    let member_path = crate::services::connect::member_file(admin.path(), member_id);
    let member = Sandbox::open_account(&member_path, member_id).unwrap().in_organization(admin.path());
    let on = DetectorSettings { enable: true, ..Default::default() };
    let a = gd(&admin).create_detector(REGION, &on, &Tags::new()).await.unwrap();
    let m = gd(&member).create_detector(REGION, &on, &Tags::new()).await.unwrap();

    let own = gd(&admin).create_member(REGION, &a, ACCOUNT_ID, "me@example.com").await.unwrap_err();
    assert_eq!(own.kind, ErrorKind::Invalid, "{own}");
    let bad = gd(&admin).create_member(REGION, &a, "12345", "x@example.com").await.unwrap_err();
    assert_eq!(bad.kind, ErrorKind::Invalid, "{bad}");
    let other = gd(&admin).create_member(REGION, &"0".repeat(32), member_id, "x@example.com").await.unwrap_err();
    assert_eq!(other.kind, ErrorKind::NotFound, "not this account's detector: {other}");
    gd(&admin).create_member(REGION, &a, member_id, "security@example.com").await.unwrap();
    let twice = gd(&admin).create_member(REGION, &a, member_id, "security@example.com").await.unwrap_err();
    assert_eq!(twice.kind, ErrorKind::AlreadyExists, "{twice}");
    assert_eq!(status(&admin, &a, member_id).await, "Created");
    assert!(gd(&member).list_invitations(REGION).await.unwrap().is_empty());

    gd(&admin).invite_member(REGION, &a, member_id, true, Some("join us")).await.unwrap();
    assert_eq!(status(&admin, &a, member_id).await, "Invited");
    let again = gd(&admin).invite_member(REGION, &a, member_id, true, None).await.unwrap_err();
    assert_eq!(again.kind, ErrorKind::Conflict, "{again}");
    let invitations = gd(&member).list_invitations(REGION).await.unwrap();
    assert_eq!(invitations.len(), 1, "{invitations:?}");
    assert_eq!(invitations[0].account_id, ACCOUNT_ID);
    let wrong = gd(&member).accept_administrator_invitation(REGION, &m, ACCOUNT_ID, "nope").await.unwrap_err();
    assert_eq!(wrong.kind, ErrorKind::NotFound, "{wrong}");
    assert_eq!(gd(&member).get_administrator(REGION, &m).await.unwrap(), None);
    let id = invitations[0].invitation_id.clone();
    gd(&member).accept_administrator_invitation(REGION, &m, ACCOUNT_ID, &id).await.unwrap();
    assert_eq!(status(&admin, &a, member_id).await, "Enabled");
    let boss = gd(&member).get_administrator(REGION, &m).await.unwrap().unwrap();
    assert_eq!((boss.account_id.as_str(), boss.relationship_status.as_str()), (ACCOUNT_ID, "Enabled"));
    assert!(gd(&member).list_invitations(REGION).await.unwrap().is_empty(), "accepted: no longer pending");

    // The member resigns; invited again, it accepts again; the administrator removes it.
    gd(&member).disassociate_from_administrator(REGION, &m).await.unwrap();
    assert_eq!(status(&admin, &a, member_id).await, "Resigned");
    assert_eq!(gd(&member).get_administrator(REGION, &m).await.unwrap(), None);
    gd(&admin).invite_member(REGION, &a, member_id, false, None).await.unwrap();
    let id = gd(&member).list_invitations(REGION).await.unwrap()[0].invitation_id.clone();
    gd(&member).accept_administrator_invitation(REGION, &m, ACCOUNT_ID, &id).await.unwrap();
    gd(&admin).disassociate_member(REGION, &a, member_id).await.unwrap();
    assert_eq!(status(&admin, &a, member_id).await, "Removed");
    let boss = gd(&member).get_administrator(REGION, &m).await.unwrap().unwrap();
    assert_eq!(boss.relationship_status, "Removed");
    gd(&admin).delete_member(REGION, &a, member_id).await.unwrap();
    assert_eq!(gd(&admin).get_member(REGION, &a, member_id).await.unwrap(), None);
    assert_eq!(gd(&member).get_administrator(REGION, &m).await.unwrap(), None);
    let gone = gd(&admin).delete_member(REGION, &a, member_id).await.unwrap_err();
    assert_eq!(gone.kind, ErrorKind::NotFound, "{gone}");
}

/// Filters: GuardDuty's name, action, rank and criteria rules, one name per detector,
/// updates that keep the tags, tags by the filter's ARN, and the detector taking them along.
#[tokio::test]
async fn filters_follow_guarddutys_rules() {
    let dir = tempfile::tempdir().unwrap();
    let sb = open(&dir);
    let on = DetectorSettings { enable: true, ..Default::default() };
    let id = gd(&sb).create_detector(REGION, &on, &Tags::new()).await.unwrap();
    let criteria = [("severity".to_string(), Condition { greater_than_or_equal: Some(4), ..Default::default() })];
    let f = Filter {
        name: "low-noise".into(),
        action: "ARCHIVE".into(),
        description: None,
        rank: 1,
        criteria: criteria.into(),
        tags: Tags::from([("a".into(), "1".into())]),
    };
    for bad in [
        Filter { name: "ab".into(), ..f.clone() },
        Filter { name: "has space".into(), ..f.clone() },
        Filter { action: "SUPPRESS".into(), ..f.clone() },
        Filter { rank: 101, ..f.clone() },
        Filter { criteria: Default::default(), ..f.clone() },
        Filter { criteria: [("severity".to_string(), Condition::default())].into(), ..f.clone() },
    ] {
        let e = gd(&sb).create_filter(REGION, &id, &bad).await.unwrap_err();
        assert_eq!(e.kind, ErrorKind::Invalid, "{bad:?}: {e}");
    }
    gd(&sb).create_filter(REGION, &id, &f).await.unwrap();
    let twice = gd(&sb).create_filter(REGION, &id, &f).await.unwrap_err();
    assert_eq!(twice.kind, ErrorKind::AlreadyExists, "{twice}");
    assert_eq!(gd(&sb).get_filter(REGION, &id, "low-noise").await.unwrap().as_ref(), Some(&f));

    let noop = Filter { action: "NOOP".into(), description: Some("kept".into()), tags: Tags::new(), ..f.clone() };
    gd(&sb).update_filter(REGION, &id, &noop).await.unwrap();
    let got = gd(&sb).get_filter(REGION, &id, "low-noise").await.unwrap().unwrap();
    assert_eq!((got.action.as_str(), got.tags.len()), ("NOOP", 1), "the update keeps the tags");
    let arn = format!("arn:aws:guardduty:{REGION}:{ACCOUNT_ID}:detector/{id}/filter/low-noise");
    gd(&sb).untag_resource(REGION, &arn, &["a".to_string()]).await.unwrap();
    assert!(gd(&sb).get_filter(REGION, &id, "low-noise").await.unwrap().unwrap().tags.is_empty());

    gd(&sb).delete_filter(REGION, &id, "low-noise").await.unwrap();
    assert_eq!(gd(&sb).get_filter(REGION, &id, "low-noise").await.unwrap(), None);
    assert_eq!(gd(&sb).delete_filter(REGION, &id, "low-noise").await.unwrap_err().kind, ErrorKind::NotFound);
    gd(&sb).create_filter(REGION, &id, &f).await.unwrap();
    gd(&sb).delete_detector(REGION, &id).await.unwrap();
    assert!(sb.lock().region(REGION).guardduty.filters.is_empty());
}

/// Publishing destinations: an S3 bucket ARN and a KMS key of the region, one per detector,
/// publishing at once, updated in place, gone with their detector.
#[tokio::test]
async fn a_detector_publishes_to_one_bucket_with_a_key_of_its_region() {
    let dir = tempfile::tempdir().unwrap();
    let sb = open(&dir);
    let on = DetectorSettings { enable: true, ..Default::default() };
    let id = gd(&sb).create_detector(REGION, &on, &Tags::new()).await.unwrap();
    let key = format!("arn:aws:kms:{REGION}:{ACCOUNT_ID}:key/1234abcd-12ab-34cd-56ef-1234567890ab");
    let p = PublishingDestination {
        destination_type: "S3".into(),
        destination_arn: "arn:aws:s3:::findings-bucket/guardduty".into(),
        kms_key_arn: key.clone(),
        status: String::new(),
    };
    for bad in [
        PublishingDestination { destination_type: "SNS".into(), ..p.clone() },
        PublishingDestination { destination_arn: "arn:aws:sns:us-east-1:123456789012:t".into(), ..p.clone() },
        PublishingDestination { kms_key_arn: key.replace(REGION, "eu-west-3"), ..p.clone() },
    ] {
        let e = gd(&sb).create_publishing_destination(REGION, &id, &bad).await.unwrap_err();
        assert_eq!(e.kind, ErrorKind::Invalid, "{bad:?}: {e}");
    }
    let dest = gd(&sb).create_publishing_destination(REGION, &id, &p).await.unwrap();
    let twice = gd(&sb).create_publishing_destination(REGION, &id, &p).await.unwrap_err();
    assert_eq!(twice.kind, ErrorKind::AlreadyExists, "{twice}");
    let got = gd(&sb).get_publishing_destination(REGION, &id, &dest).await.unwrap().unwrap();
    assert_eq!((got.status.as_str(), got.destination_arn.as_str()), ("PUBLISHING", p.destination_arn.as_str()));
    let moved = PublishingDestination { destination_arn: "arn:aws:s3:::other-bucket".into(), ..p.clone() };
    gd(&sb).update_publishing_destination(REGION, &id, &dest, &moved).await.unwrap();
    let got = gd(&sb).get_publishing_destination(REGION, &id, &dest).await.unwrap().unwrap();
    assert_eq!(got.destination_arn, "arn:aws:s3:::other-bucket");
    gd(&sb).delete_publishing_destination(REGION, &id, &dest).await.unwrap();
    assert_eq!(gd(&sb).get_publishing_destination(REGION, &id, &dest).await.unwrap(), None);
    let gone = gd(&sb).delete_publishing_destination(REGION, &id, &dest).await.unwrap_err();
    assert_eq!(gone.kind, ErrorKind::NotFound, "{gone}");
    gd(&sb).create_publishing_destination(REGION, &id, &p).await.unwrap();
    gd(&sb).delete_detector(REGION, &id).await.unwrap();
    assert!(sb.lock().region(REGION).guardduty.publishing_destinations.is_empty());
}
