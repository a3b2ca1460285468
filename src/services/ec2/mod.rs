//! Amazon EC2 (regional), only the account's EBS settings of a region: encryption by default,
//! the default KMS key of that encryption, and block public access for snapshots. Each is one
//! value per account and region that always exists (AWS's default until changed), so every
//! call answers the setting as it stands after the call, as the API does.

pub mod aws;
pub(crate) mod sandbox;
#[cfg(test)]
mod sandbox_tests;

use async_trait::async_trait;

use crate::cloud::CloudResult;

/// The modes of block public access for snapshots, as the API names them.
pub const SNAPSHOT_BPA_STATES: [&str; 3] = ["block-all-sharing", "block-new-sharing", "unblocked"];

/// The EC2 operations baseline uses. Every call names its region.
#[async_trait]
pub trait Ec2: Send + Sync {
    /// `GetEbsEncryptionByDefault`.
    async fn get_ebs_encryption_by_default(&self, region: &str) -> CloudResult<bool>;
    /// `EnableEbsEncryptionByDefault` (`on`) or `DisableEbsEncryptionByDefault`; the setting
    /// afterwards.
    async fn set_ebs_encryption_by_default(&self, region: &str, on: bool) -> CloudResult<bool>;
    /// `GetEbsDefaultKmsKeyId`: the ARN of the key new encrypted volumes use (the AWS managed
    /// key `alias/aws/ebs` unless changed).
    async fn get_ebs_default_kms_key_id(&self, region: &str) -> CloudResult<String>;
    /// `ModifyEbsDefaultKmsKeyId` with a key id, key ARN, alias or alias ARN; the ARN AWS
    /// records.
    async fn modify_ebs_default_kms_key_id(&self, region: &str, key: &str) -> CloudResult<String>;
    /// `ResetEbsDefaultKmsKeyId`: back to the AWS managed key, whose ARN it answers.
    async fn reset_ebs_default_kms_key_id(&self, region: &str) -> CloudResult<String>;
    /// `GetSnapshotBlockPublicAccessState`: one of [`SNAPSHOT_BPA_STATES`].
    async fn get_snapshot_block_public_access_state(&self, region: &str) -> CloudResult<String>;
    /// `EnableSnapshotBlockPublicAccess` (`block-all-sharing` or `block-new-sharing` only).
    async fn enable_snapshot_block_public_access(&self, region: &str, state: &str) -> CloudResult<String>;
    /// `DisableSnapshotBlockPublicAccess`: `unblocked`.
    async fn disable_snapshot_block_public_access(&self, region: &str) -> CloudResult<String>;
}
