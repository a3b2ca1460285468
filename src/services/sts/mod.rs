//! AWS STS: the identity of the caller.

pub mod aws;
mod sandbox;

use async_trait::async_trait;

use crate::providers::CloudResult;

/// The STS operations baseline uses.
#[async_trait]
pub trait Sts: Send + Sync {
    /// `GetCallerIdentity`: the account id.
    async fn account_id(&self) -> CloudResult<String>;
}
