//! Amazon S3 Control (global): the account's S3 Block Public Access configuration, which
//! applies to every bucket of the account in every region. Calls name the account they are
//! about; only the caller's own account may be named.

pub mod aws;
pub(crate) mod sandbox;
#[cfg(test)]
mod sandbox_tests;

use async_trait::async_trait;

use crate::cloud::CloudResult;

/// The four switches of S3 Block Public Access, as `PublicAccessBlockConfiguration` names them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct PublicAccessBlock {
    pub block_public_acls: bool,
    pub ignore_public_acls: bool,
    pub block_public_policy: bool,
    pub restrict_public_buckets: bool,
}

/// The S3 Control operations baseline uses.
#[async_trait]
pub trait S3Control: Send + Sync {
    /// `GetPublicAccessBlock`; `Ok(None)` when the account has none
    /// (`NoSuchPublicAccessBlockConfiguration`).
    async fn get_public_access_block(&self, account_id: &str) -> CloudResult<Option<PublicAccessBlock>>;
    /// `PutPublicAccessBlock`: the whole configuration.
    async fn put_public_access_block(&self, account_id: &str, config: &PublicAccessBlock) -> CloudResult<()>;
    /// `DeletePublicAccessBlock`; deleting a configuration that is not there succeeds.
    async fn delete_public_access_block(&self, account_id: &str) -> CloudResult<()>;
}
