//! Sandbox tests of EC2's EBS account settings.

use super::*;
use crate::cloud::ErrorKind;
use crate::services::sandbox::Sandbox;
use crate::services::sandbox_tests::*;

fn ec2(sb: &Sandbox) -> &dyn Ec2 {
    sb
}

/// Encryption by default: off until enabled, per region.
#[tokio::test]
async fn encryption_by_default_is_per_region_and_off_until_enabled() {
    let dir = tempfile::tempdir().unwrap();
    let sb = open(&dir);
    assert!(!ec2(&sb).get_ebs_encryption_by_default(REGION).await.unwrap());
    assert!(ec2(&sb).set_ebs_encryption_by_default(REGION, true).await.unwrap());
    assert!(ec2(&sb).get_ebs_encryption_by_default(REGION).await.unwrap());
    assert!(!ec2(&sb).get_ebs_encryption_by_default("eu-west-1").await.unwrap(), "another region is its own");
    assert!(!ec2(&sb).set_ebs_encryption_by_default(REGION, false).await.unwrap());
    assert!(!ec2(&sb).get_ebs_encryption_by_default(REGION).await.unwrap());
    assert_eq!(sb.lock().region(REGION).ec2, sandbox::Ec2State::default(), "AWS's default is recorded as nothing");
}

/// The default key: the region's AWS managed key until changed; ids and aliases become ARNs;
/// a reset goes back to the same managed key.
#[tokio::test]
async fn the_default_key_is_the_managed_key_until_changed_and_after_a_reset() {
    let dir = tempfile::tempdir().unwrap();
    let sb = open(&dir);
    let managed = ec2(&sb).get_ebs_default_kms_key_id(REGION).await.unwrap();
    let prefix = format!("arn:aws:kms:{REGION}:{ACCOUNT_ID}:key/");
    assert!(managed.starts_with(&prefix) && managed.len() == prefix.len() + 36, "{managed}");
    let other = ec2(&sb).get_ebs_default_kms_key_id("eu-west-1").await.unwrap();
    assert!(other.starts_with("arn:aws:kms:eu-west-1:") && other != managed, "{other}");

    let key = format!("{prefix}1234abcd-12ab-34cd-56ef-1234567890ab");
    assert_eq!(ec2(&sb).modify_ebs_default_kms_key_id(REGION, &key).await.unwrap(), key);
    assert_eq!(ec2(&sb).get_ebs_default_kms_key_id(REGION).await.unwrap(), key);
    let by_id = ec2(&sb).modify_ebs_default_kms_key_id(REGION, "1234abcd-12ab-34cd-56ef-1234567890ab").await.unwrap();
    assert_eq!(by_id, key);
    let alias = ec2(&sb).modify_ebs_default_kms_key_id(REGION, "alias/ebs").await.unwrap();
    assert_eq!(alias, format!("arn:aws:kms:{REGION}:{ACCOUNT_ID}:alias/ebs"));
    let none = ec2(&sb).modify_ebs_default_kms_key_id(REGION, "").await.unwrap_err();
    assert_eq!((none.kind, none.code.as_str()), (ErrorKind::Invalid, "MissingParameter"));

    assert_eq!(ec2(&sb).reset_ebs_default_kms_key_id(REGION).await.unwrap(), managed);
    assert_eq!(ec2(&sb).get_ebs_default_kms_key_id(REGION).await.unwrap(), managed);
}

/// Block public access for snapshots: `unblocked` until enabled; enabling takes only the two
/// blocking modes, with EC2's error code.
#[tokio::test]
async fn snapshot_block_public_access_takes_the_two_blocking_modes() {
    let dir = tempfile::tempdir().unwrap();
    let sb = open(&dir);
    assert_eq!(ec2(&sb).get_snapshot_block_public_access_state(REGION).await.unwrap(), "unblocked");
    for state in ["block-all-sharing", "block-new-sharing"] {
        assert_eq!(ec2(&sb).enable_snapshot_block_public_access(REGION, state).await.unwrap(), state);
        assert_eq!(ec2(&sb).get_snapshot_block_public_access_state(REGION).await.unwrap(), state);
    }
    for bad in ["unblocked", "block-all"] {
        let e = ec2(&sb).enable_snapshot_block_public_access(REGION, bad).await.unwrap_err();
        assert_eq!((e.kind, e.code.as_str()), (ErrorKind::Invalid, "InvalidRequest"), "{e}");
        assert!(e.message.contains(&format!("Value '{bad}' for State is not valid")), "{e}");
    }
    assert_eq!(ec2(&sb).get_snapshot_block_public_access_state(REGION).await.unwrap(), "block-new-sharing");
    assert_eq!(ec2(&sb).disable_snapshot_block_public_access(REGION).await.unwrap(), "unblocked");
    assert_eq!(ec2(&sb).get_snapshot_block_public_access_state(REGION).await.unwrap(), "unblocked");
}
