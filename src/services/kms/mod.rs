//! AWS KMS (regional): keys with their key policy, rotation and tags, aliases, and grants.
//! Keys cross this interface as `DescribeKey`'s metadata; a key may be named by its id, its
//! ARN, an alias name (`alias/x`) or an alias ARN wherever KMS accepts those. A key scheduled
//! for deletion stays readable (`PendingDeletion`, with its deletion date) until its window
//! ends, and refuses every other use, as in KMS.

pub mod aws;
pub(crate) mod sandbox;
#[cfg(test)]
mod sandbox_tests;

use std::collections::BTreeMap;

use async_trait::async_trait;

use crate::cloud::{CloudResult, Tags};

/// The key specs KMS offers (`KeySpec`).
pub const KEY_SPECS: [&str; 20] = [
    "SYMMETRIC_DEFAULT",
    "RSA_2048",
    "RSA_3072",
    "RSA_4096",
    "ECC_NIST_P256",
    "ECC_NIST_P384",
    "ECC_NIST_P521",
    "ECC_SECG_P256K1",
    "ECC_NIST_EDWARDS25519",
    "HMAC_224",
    "HMAC_256",
    "HMAC_384",
    "HMAC_512",
    "SM2",
    "ML_DSA_44",
    "ML_DSA_65",
    "ML_DSA_87",
    "ML_KEM_512",
    "ML_KEM_768",
    "ML_KEM_1024",
];

/// The key usages KMS offers (`KeyUsageType`).
pub const KEY_USAGES: [&str; 5] =
    ["ENCRYPT_DECRYPT", "SIGN_VERIFY", "GENERATE_VERIFY_MAC", "KEY_AGREEMENT", "KEY_ENCAPSULATION"];

/// The operations a grant may allow (`GrantOperation`).
pub const GRANT_OPERATIONS: [&str; 18] = [
    "Decrypt",
    "Encrypt",
    "GenerateDataKey",
    "GenerateDataKeyWithoutPlaintext",
    "ReEncryptFrom",
    "ReEncryptTo",
    "Sign",
    "Verify",
    "GetPublicKey",
    "CreateGrant",
    "RetireGrant",
    "DescribeKey",
    "GenerateDataKeyPair",
    "GenerateDataKeyPairWithoutPlaintext",
    "GenerateMac",
    "VerifyMac",
    "DeriveSharedSecret",
    "Decapsulate",
];

/// The prefix of every alias name.
pub const ALIAS_PREFIX: &str = "alias/";

/// The prefix of AWS managed keys' aliases, which customers may not create.
pub const AWS_ALIAS_PREFIX: &str = "alias/aws/";

/// A key as `DescribeKey` describes it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct KeyMetadata {
    pub key_id: String,
    pub arn: String,
    pub aws_account_id: String,
    /// RFC 3339.
    pub creation_date: String,
    pub description: String,
    pub enabled: bool,
    /// `Enabled`, `Disabled` or `PendingDeletion`.
    pub key_state: String,
    pub key_usage: String,
    pub key_spec: String,
    /// `AWS_KMS` (the key material is KMS's own).
    pub origin: String,
    /// `CUSTOMER` or `AWS` (an AWS managed key).
    pub key_manager: String,
    pub multi_region: bool,
    /// `PRIMARY` for a multi-Region key made here.
    pub multi_region_key_type: Option<String>,
    /// When a key pending deletion goes (RFC 3339), and the window it was given.
    pub deletion_date: Option<String>,
    pub pending_deletion_window_in_days: Option<i64>,
}

/// What `CreateKey` sets.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CreateKeyInput {
    pub description: Option<String>,
    pub key_usage: String,
    pub key_spec: String,
    /// `None`: KMS's default key policy.
    pub policy: Option<String>,
    pub bypass_policy_lockout_safety_check: bool,
    pub multi_region: bool,
    pub tags: Tags,
}

/// An alias as `ListAliases` lists it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Alias {
    pub name: String,
    pub arn: String,
    /// `None` for an AWS managed alias whose key has not been made yet.
    pub target_key_id: Option<String>,
}

/// A grant's encryption context constraints.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct GrantConstraints {
    pub encryption_context_equals: BTreeMap<String, String>,
    pub encryption_context_subset: BTreeMap<String, String>,
}

/// What `CreateGrant` sets.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CreateGrantInput {
    pub key_id: String,
    pub grantee_principal: String,
    pub retiring_principal: Option<String>,
    pub operations: Vec<String>,
    pub constraints: Option<GrantConstraints>,
    pub grant_tokens: Vec<String>,
    pub name: Option<String>,
}

/// A grant as `ListGrants` lists it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Grant {
    pub grant_id: String,
    pub key_id: String,
    pub name: Option<String>,
    pub grantee_principal: String,
    pub retiring_principal: Option<String>,
    pub operations: Vec<String>,
    pub constraints: Option<GrantConstraints>,
}

/// The KMS operations baseline uses. Every call names its region; `key` is a key id, key ARN,
/// alias name or alias ARN unless said otherwise.
#[async_trait]
pub trait Kms: Send + Sync {
    /// `CreateKey`.
    async fn create_key(&self, region: &str, input: &CreateKeyInput) -> CloudResult<KeyMetadata>;
    /// `DescribeKey`; `Ok(None)` when there is no such key (a key pending deletion is found).
    /// An AWS managed alias (`alias/aws/s3`) names its key, which KMS makes on first use.
    async fn describe_key(&self, region: &str, key: &str) -> CloudResult<Option<KeyMetadata>>;
    /// `GetKeyPolicy` of the `default` policy.
    async fn get_key_policy(&self, region: &str, key: &str) -> CloudResult<String>;
    /// `PutKeyPolicy` of the `default` policy.
    async fn put_key_policy(&self, region: &str, key: &str, policy: &str, bypass: bool) -> CloudResult<()>;
    /// `GetKeyRotationStatus`: whether rotation is on, and its period in days.
    async fn get_key_rotation_status(&self, region: &str, key: &str) -> CloudResult<(bool, Option<i64>)>;
    /// `EnableKeyRotation` (KMS's default period when `None`).
    async fn enable_key_rotation(&self, region: &str, key: &str, period_days: Option<i64>) -> CloudResult<()>;
    /// `DisableKeyRotation`.
    async fn disable_key_rotation(&self, region: &str, key: &str) -> CloudResult<()>;
    /// `EnableKey` or `DisableKey`.
    async fn set_key_enabled(&self, region: &str, key: &str, enabled: bool) -> CloudResult<()>;
    /// `UpdateKeyDescription`.
    async fn update_key_description(&self, region: &str, key: &str, description: &str) -> CloudResult<()>;
    /// `ScheduleKeyDeletion` (KMS's default window of 30 days when `None`); returns the
    /// deletion date. A key already pending deletion is `KMSInvalidStateException`.
    async fn schedule_key_deletion(&self, region: &str, key: &str, window_days: Option<i64>) -> CloudResult<String>;
    /// `ListResourceTags`.
    async fn list_resource_tags(&self, region: &str, key: &str) -> CloudResult<Tags>;
    /// `TagResource`.
    async fn tag_resource(&self, region: &str, key: &str, tags: &Tags) -> CloudResult<()>;
    /// `UntagResource`.
    async fn untag_resource(&self, region: &str, key: &str, keys: &[String]) -> CloudResult<()>;
    /// `CreateAlias`; `target` is a key id or key ARN.
    async fn create_alias(&self, region: &str, name: &str, target: &str) -> CloudResult<()>;
    /// `UpdateAlias`.
    async fn update_alias(&self, region: &str, name: &str, target: &str) -> CloudResult<()>;
    /// `DeleteAlias`.
    async fn delete_alias(&self, region: &str, name: &str) -> CloudResult<()>;
    /// `ListAliases`, of one key (its id or ARN) or of the region.
    async fn list_aliases(&self, region: &str, key: Option<&str>) -> CloudResult<Vec<Alias>>;
    /// `CreateGrant`: the grant id and token.
    async fn create_grant(&self, region: &str, input: &CreateGrantInput) -> CloudResult<(String, String)>;
    /// `ListGrants` of a key.
    async fn list_grants(&self, region: &str, key: &str) -> CloudResult<Vec<Grant>>;
    /// `RetireGrant` by key and grant id.
    async fn retire_grant(&self, region: &str, key: &str, grant_id: &str) -> CloudResult<()>;
    /// `RevokeGrant`.
    async fn revoke_grant(&self, region: &str, key: &str, grant_id: &str) -> CloudResult<()>;
}

/// The key policy KMS gives a key created without one: the account may do everything, through
/// IAM policies.
pub fn default_key_policy(partition: &str, account: &str) -> String {
    serde_json::json!({
        "Version": "2012-10-17",
        "Id": "key-default-1",
        "Statement": [{
            "Sid": "Enable IAM User Permissions",
            "Effect": "Allow",
            "Principal": { "AWS": format!("arn:{partition}:iam::{account}:root") },
            "Action": "kms:*",
            "Resource": "*"
        }]
    })
    .to_string()
}

/// The key id a key ARN (`arn:…:key/ID`) or id names; `None` for an alias.
pub fn key_id_of(key: &str) -> Option<&str> {
    match key.rsplit_once(":key/") {
        Some((_, id)) => Some(id),
        None if key.starts_with("arn:") || key.starts_with(ALIAS_PREFIX) => None,
        None => Some(key),
    }
}

/// Whether two names of a key are the same key: equal, or an ARN and the id it ends with (the
/// provider's `KeyARNOrIDEqual`).
pub fn same_key(a: &str, b: &str) -> bool {
    a == b || (key_id_of(a).is_some() && key_id_of(a) == key_id_of(b))
}
