//! AWS STS: the identity of the caller.

pub mod aws;
mod sandbox;

use async_trait::async_trait;

use crate::cloud::CloudResult;

/// Who the credentials are: `GetCallerIdentity`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identity {
    pub account: String,
    pub arn: String,
    pub user_id: String,
}

/// The STS operations baseline uses.
#[async_trait]
pub trait Sts: Send + Sync {
    /// `GetCallerIdentity`: the account id.
    async fn account_id(&self) -> CloudResult<String>;
    /// `GetCallerIdentity`, whole.
    async fn caller_identity(&self) -> CloudResult<Identity>;
}
