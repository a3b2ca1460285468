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
