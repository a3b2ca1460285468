//! Sandbox tests of SNS.

use super::*;
use crate::services::sandbox_tests::*;

fn sns(sb: &Sandbox) -> &dyn Sns {
    sb
}

/// An ArchivePolicy on a FIFO topic turns archiving on: SNS stamps BeginningArchiveTime, keeps
/// it while the policy changes, and `{}` turns archiving off, leaving neither attribute.
#[tokio::test]
async fn an_archive_policy_starts_the_archive_and_an_empty_one_ends_it() {
    let dir = tempfile::tempdir().unwrap();
    let sb = open(&dir);
    let on = Attributes::from([
        ("FifoTopic".to_string(), "true".to_string()),
        ("ArchivePolicy".to_string(), r#"{"MessageRetentionPeriod": "30"}"#.to_string()),
    ]);
    let arn = sns(&sb).create_topic(REGION, "t.fifo", &on, &Tags::new()).await.unwrap();
    async fn read(sb: &Sandbox, arn: &str) -> Attributes {
        sns(sb).get_topic_attributes(REGION, arn).await.unwrap().unwrap()
    }
    let a = read(&sb, &arn).await;
    let began = a.get("BeginningArchiveTime").cloned().expect("archiving began");
    assert!(began.ends_with('Z') && began.len() == 20, "a time stamp: {began}");
    // Creating the same topic again (a retried call) is no conflict.
    assert_eq!(sns(&sb).create_topic(REGION, "t.fifo", &on, &Tags::new()).await.unwrap(), arn);

    let longer = r#"{"MessageRetentionPeriod": "45"}"#;
    sns(&sb).set_topic_attribute(REGION, &arn, "ArchivePolicy", longer).await.unwrap();
    let a = read(&sb, &arn).await;
    assert_eq!(a.get("ArchivePolicy").map(String::as_str), Some(longer));
    assert_eq!(a.get("BeginningArchiveTime"), Some(&began), "the archive goes on");

    sns(&sb).set_topic_attribute(REGION, &arn, "ArchivePolicy", "{}").await.unwrap();
    let a = read(&sb, &arn).await;
    assert_eq!(a.get("ArchivePolicy"), None);
    assert_eq!(a.get("BeginningArchiveTime"), None);

    // `{}` at creation: no archive at all.
    let off = Attributes::from([
        ("FifoTopic".to_string(), "true".to_string()),
        ("ArchivePolicy".to_string(), "{}".to_string()),
    ]);
    let arn2 = sns(&sb).create_topic(REGION, "u.fifo", &off, &Tags::new()).await.unwrap();
    let a = sns(&sb).get_topic_attributes(REGION, &arn2).await.unwrap().unwrap();
    assert!(!a.contains_key("ArchivePolicy") && !a.contains_key("BeginningArchiveTime"), "{a:?}");
}
