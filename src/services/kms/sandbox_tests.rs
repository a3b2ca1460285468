//! Sandbox tests of KMS.

use super::*;
use crate::services::sandbox_tests::*;

fn kms(sb: &Sandbox) -> &dyn Kms {
    sb
}

fn symmetric() -> CreateKeyInput {
    CreateKeyInput {
        key_usage: "ENCRYPT_DECRYPT".into(),
        key_spec: "SYMMETRIC_DEFAULT".into(),
        description: Some("test".into()),
        ..CreateKeyInput::default()
    }
}

/// A deleted key waits out its window: readable as `PendingDeletion` with its date, refused
/// for any other use, and not scheduled twice.
#[tokio::test]
async fn a_scheduled_key_is_pending_deletion_and_refused_for_use() {
    let dir = tempfile::tempdir().unwrap();
    let sb = open(&dir);
    let k = kms(&sb).create_key(REGION, &symmetric()).await.unwrap();
    assert_eq!(k.key_state, "Enabled");
    let err = kms(&sb).schedule_key_deletion(REGION, &k.key_id, Some(6)).await.unwrap_err();
    assert_eq!(err.code, "ValidationException", "the window is 7 to 30 days");
    let date = kms(&sb).schedule_key_deletion(REGION, &k.arn, Some(7)).await.unwrap();
    let read = kms(&sb).describe_key(REGION, &k.key_id).await.unwrap().expect("still readable");
    assert_eq!(read.key_state, "PendingDeletion");
    assert_eq!(read.deletion_date.as_deref(), Some(date.as_str()));
    assert_eq!(read.pending_deletion_window_in_days, Some(7));
    assert!(!read.enabled);
    assert!(date > now_rfc3339(), "{date}");
    for err in [
        kms(&sb).update_key_description(REGION, &k.key_id, "x").await.unwrap_err(),
        kms(&sb).schedule_key_deletion(REGION, &k.key_id, None).await.unwrap_err(),
        kms(&sb).create_alias(REGION, "alias/late", &k.key_id).await.unwrap_err(),
    ] {
        assert_eq!(err.code, "KMSInvalidStateException", "{err}");
        assert!(err.message.contains("is pending deletion"), "{err}");
    }
    // Its policy and tags can still be read.
    assert!(kms(&sb).get_key_policy(REGION, &k.key_id).await.unwrap().contains("kms:*"));
}

/// Without the bypass, a policy must let the caller put the policy again.
#[tokio::test]
async fn the_lockout_safety_check_refuses_a_policy_the_caller_cannot_change() {
    let dir = tempfile::tempdir().unwrap();
    let sb = open(&dir);
    let locked = format!(
        r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Principal":{{"AWS":"arn:aws:iam::{ACCOUNT_ID}:root"}},"Action":["kms:Describe*","kms:Get*"],"Resource":"*"}}]}}"#
    );
    let input = CreateKeyInput { policy: Some(locked.clone()), ..symmetric() };
    let err = kms(&sb).create_key(REGION, &input).await.unwrap_err();
    assert_eq!(err.code, "MalformedPolicyDocumentException");
    assert!(err.message.contains("will not allow you to update the key policy in the future"));
    let input =
        CreateKeyInput { policy: Some(locked.clone()), bypass_policy_lockout_safety_check: true, ..symmetric() };
    let k = kms(&sb).create_key(REGION, &input).await.unwrap();
    assert_eq!(kms(&sb).get_key_policy(REGION, &k.key_id).await.unwrap(), locked);
    // A principal that is a missing role of the account is refused.
    let ghost = format!(
        r#"{{"Statement":[{{"Effect":"Allow","Principal":{{"AWS":["*","arn:aws:iam::{ACCOUNT_ID}:role/ghost"]}},"Action":"kms:*","Resource":"*"}}]}}"#
    );
    let err = kms(&sb).put_key_policy(REGION, &k.key_id, &ghost, false).await.unwrap_err();
    assert!(err.message.contains("invalid principals"), "{err}");
    // The default policy lets the account do everything.
    let d = kms(&sb).create_key(REGION, &symmetric()).await.unwrap();
    let policy = kms(&sb).get_key_policy(REGION, &d.key_id).await.unwrap();
    assert!(policy.contains(&format!("arn:aws:iam::{ACCOUNT_ID}:root")), "{policy}");
}

/// Alias names follow KMS's rules and are unique per account and region; an alias names its
/// key wherever a key is named.
#[tokio::test]
async fn aliases_are_checked_unique_and_name_their_key() {
    let dir = tempfile::tempdir().unwrap();
    let sb = open(&dir);
    let k = kms(&sb).create_key(REGION, &symmetric()).await.unwrap();
    for (name, code) in [
        ("team", "InvalidAliasNameException"),
        ("alias/", "InvalidAliasNameException"),
        ("alias/has space", "InvalidAliasNameException"),
        ("alias/aws/mine", "NotAuthorizedException"),
    ] {
        assert_eq!(kms(&sb).create_alias(REGION, name, &k.key_id).await.unwrap_err().code, code, "{name}");
    }
    let long = format!("alias/{}", "a".repeat(251));
    assert_eq!(kms(&sb).create_alias(REGION, &long, &k.key_id).await.unwrap_err().code, "InvalidAliasNameException");
    kms(&sb).create_alias(REGION, "alias/team", &k.arn).await.unwrap();
    let again = kms(&sb).create_alias(REGION, "alias/team", &k.key_id).await.unwrap_err();
    assert_eq!((again.code.as_str(), again.kind), ("AlreadyExistsException", ErrorKind::AlreadyExists));
    // Another region has its own aliases.
    let other = kms(&sb).create_key("eu-west-1", &symmetric()).await.unwrap();
    kms(&sb).create_alias("eu-west-1", "alias/team", &other.key_id).await.unwrap();
    let by_alias = kms(&sb).describe_key(REGION, "alias/team").await.unwrap().unwrap();
    assert_eq!(by_alias.key_id, k.key_id);
    let alias_arn = format!("arn:aws:kms:{REGION}:{ACCOUNT_ID}:alias/team");
    assert_eq!(kms(&sb).describe_key(REGION, &alias_arn).await.unwrap().unwrap().key_id, k.key_id);
    let mine = kms(&sb).list_aliases(REGION, Some(&k.key_id)).await.unwrap();
    assert_eq!(mine.len(), 1);
    assert_eq!(mine[0].arn, alias_arn);
    kms(&sb).delete_alias(REGION, "alias/team").await.unwrap();
    assert_eq!(kms(&sb).delete_alias(REGION, "alias/team").await.unwrap_err().kind, ErrorKind::NotFound);
    assert!(kms(&sb).describe_key(REGION, "alias/team").await.unwrap().is_none());
}

/// An AWS managed alias is listed before its key exists; naming it makes the key, once.
#[tokio::test]
async fn an_aws_managed_alias_gets_its_key_on_first_use() {
    let dir = tempfile::tempdir().unwrap();
    let sb = open(&dir);
    let listed = kms(&sb).list_aliases(REGION, None).await.unwrap();
    let s3 = listed.iter().find(|a| a.name == "alias/aws/s3").expect("listed");
    assert_eq!(s3.target_key_id, None);
    let k = kms(&sb).describe_key(REGION, "alias/aws/s3").await.unwrap().expect("made");
    assert_eq!(k.key_manager, "AWS");
    let again = kms(&sb).describe_key(REGION, "alias/aws/s3").await.unwrap().unwrap();
    assert_eq!(again.key_id, k.key_id);
    let listed = kms(&sb).list_aliases(REGION, None).await.unwrap();
    let s3 = listed.iter().find(|a| a.name == "alias/aws/s3").unwrap();
    assert_eq!(s3.target_key_id.as_deref(), Some(k.key_id.as_str()));
    assert!(kms(&sb).describe_key(REGION, "alias/aws/nosuch").await.unwrap().is_none());
    assert_eq!(
        kms(&sb).schedule_key_deletion(REGION, &k.key_id, None).await.unwrap_err().kind,
        ErrorKind::AccessDenied
    );
}

/// Key spec and usage must fit; rotation is for symmetric keys, 90 to 2560 days.
#[tokio::test]
async fn specs_usages_and_rotation_follow_kms() {
    let dir = tempfile::tempdir().unwrap();
    let sb = open(&dir);
    let hmac = CreateKeyInput { key_spec: "HMAC_256".into(), key_usage: "ENCRYPT_DECRYPT".into(), ..symmetric() };
    assert_eq!(kms(&sb).create_key(REGION, &hmac).await.unwrap_err().code, "ValidationException");
    let hmac = CreateKeyInput { key_usage: "GENERATE_VERIFY_MAC".into(), ..hmac };
    let h = kms(&sb).create_key(REGION, &hmac).await.unwrap();
    let err = kms(&sb).enable_key_rotation(REGION, &h.key_id, None).await.unwrap_err();
    assert_eq!(err.code, "UnsupportedOperationException");
    let k = kms(&sb).create_key(REGION, &symmetric()).await.unwrap();
    assert_eq!(kms(&sb).get_key_rotation_status(REGION, &k.key_id).await.unwrap(), (false, None));
    assert!(kms(&sb).enable_key_rotation(REGION, &k.key_id, Some(89)).await.is_err());
    kms(&sb).enable_key_rotation(REGION, &k.key_id, None).await.unwrap();
    assert_eq!(kms(&sb).get_key_rotation_status(REGION, &k.key_id).await.unwrap(), (true, Some(365)));
    kms(&sb).enable_key_rotation(REGION, &k.key_id, Some(91)).await.unwrap();
    assert_eq!(kms(&sb).get_key_rotation_status(REGION, &k.key_id).await.unwrap(), (true, Some(91)));
    kms(&sb).set_key_enabled(REGION, &k.key_id, false).await.unwrap();
    let err = kms(&sb).disable_key_rotation(REGION, &k.key_id).await.unwrap_err();
    assert_eq!(err.code, "DisabledException");
}

/// A named grant made again with the same settings is the same grant; a grant ends once.
#[tokio::test]
async fn grants_are_idempotent_by_name_and_end_once() {
    let dir = tempfile::tempdir().unwrap();
    let sb = open(&dir);
    iam(&sb).create_role(&role_input("grantee")).await.unwrap();
    let k = kms(&sb).create_key(REGION, &symmetric()).await.unwrap();
    let input = CreateGrantInput {
        key_id: k.key_id.clone(),
        grantee_principal: format!("arn:aws:iam::{ACCOUNT_ID}:role/grantee"),
        operations: vec!["Encrypt".into(), "Decrypt".into()],
        name: Some("g".into()),
        ..CreateGrantInput::default()
    };
    let (id, token) = kms(&sb).create_grant(REGION, &input).await.unwrap();
    assert_eq!(id.len(), 64);
    assert_eq!(kms(&sb).create_grant(REGION, &input).await.unwrap(), (id.clone(), token));
    let ghost =
        CreateGrantInput { grantee_principal: format!("arn:aws:iam::{ACCOUNT_ID}:role/ghost"), ..input.clone() };
    assert_eq!(kms(&sb).create_grant(REGION, &ghost).await.unwrap_err().code, "InvalidArnException");
    let bad = CreateGrantInput { operations: vec!["Fly".into()], ..input.clone() };
    assert_eq!(kms(&sb).create_grant(REGION, &bad).await.unwrap_err().code, "ValidationException");
    let grants = kms(&sb).list_grants(REGION, &k.key_id).await.unwrap();
    assert_eq!(grants.len(), 1);
    assert_eq!(grants[0].operations, ["Encrypt", "Decrypt"]);
    kms(&sb).revoke_grant(REGION, &k.key_id, &id).await.unwrap();
    assert_eq!(kms(&sb).retire_grant(REGION, &k.key_id, &id).await.unwrap_err().kind, ErrorKind::NotFound);
    assert!(kms(&sb).list_grants(REGION, &k.key_id).await.unwrap().is_empty());
}
