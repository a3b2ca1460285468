//! Sandbox tests of IAM Access Analyzer.

use super::*;
use crate::cloud::ErrorKind;
use crate::services::sandbox::Sandbox;
use crate::services::sandbox_tests::*;

fn aa(sb: &Sandbox) -> &dyn AccessAnalyzer {
    sb
}

/// Analyzers by name with the configuration their type takes, organization analyzers only
/// from the management account, archive rules on them, and the API's errors.
#[tokio::test]
async fn analyzers_and_archive_rules_follow_the_apis_rules() {
    let dir = tempfile::tempdir().unwrap();
    let sb = open(&dir);
    let unused = AnalyzerConfig {
        unused_access: Some(UnusedAccess { unused_access_age: Some(180), exclusions: None }),
        internal_access: None,
    };
    let arn =
        aa(&sb).create_analyzer(REGION, "unused", "ACCOUNT_UNUSED_ACCESS", Some(&unused), &Tags::new()).await.unwrap();
    assert_eq!(arn, format!("arn:aws:access-analyzer:{REGION}:{ACCOUNT_ID}:analyzer/unused"));
    let a = aa(&sb).get_analyzer(REGION, "unused").await.unwrap().unwrap();
    assert_eq!((a.kind.as_str(), a.configuration), ("ACCOUNT_UNUSED_ACCESS", Some(unused.clone())));

    let e = aa(&sb).create_analyzer(REGION, "ext", "ACCOUNT", Some(&unused), &Tags::new()).await.unwrap_err();
    assert!(e.message.contains("External Access analyzers cannot be created with the configuration"), "{e}");
    let e = aa(&sb).create_analyzer(REGION, "unused", "ACCOUNT_UNUSED_ACCESS", None, &Tags::new()).await.unwrap_err();
    assert_eq!(e.kind, ErrorKind::AlreadyExists, "{e}");
    let e = aa(&sb).create_analyzer(REGION, "1bad", "ACCOUNT", None, &Tags::new()).await.unwrap_err();
    assert_eq!(e.kind, ErrorKind::Invalid, "{e}");
    // The sandbox account manages its organization: it may create the organization's analyzer.
    aa(&sb).create_analyzer(REGION, "org", "ORGANIZATION", None, &Tags::new()).await.unwrap();

    let filter: Filter =
        [("isPublic".to_string(), Criterion { eq: vec!["false".into()], ..Default::default() })].into();
    aa(&sb).create_archive_rule(REGION, "org", "public", &filter).await.unwrap();
    assert_eq!(aa(&sb).get_archive_rule(REGION, "org", "public").await.unwrap(), Some(filter.clone()));
    let e = aa(&sb).create_archive_rule(REGION, "none", "public", &filter).await.unwrap_err();
    assert_eq!(e.kind, ErrorKind::NotFound, "{e}");
    let empty: Filter = [("isPublic".to_string(), Criterion::default())].into();
    assert_eq!(
        aa(&sb).update_archive_rule(REGION, "org", "public", &empty).await.unwrap_err().kind,
        ErrorKind::Invalid
    );
    aa(&sb).delete_analyzer(REGION, "org").await.unwrap();
    assert_eq!(aa(&sb).get_archive_rule(REGION, "org", "public").await.unwrap(), None);
    aa(&sb).delete_analyzer(REGION, "org").await.unwrap();
}
