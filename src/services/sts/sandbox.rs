//! STS in the sandbox: the account file's account id.

use async_trait::async_trait;

use super::{Identity, Sts};
use crate::cloud::CloudResult;
use crate::services::sandbox::{Op, Sandbox};

#[async_trait]
impl Sts for Sandbox {
    async fn account_id(&self) -> CloudResult<String> {
        self.read(Op("sts", "GetCallerIdentity"), |d| Ok(d.account_id.clone()))
    }

    /// The sandbox's caller is the account's root user, as `aws sts get-caller-identity`
    /// shows it for root credentials.
    async fn caller_identity(&self) -> CloudResult<Identity> {
        self.read(Op("sts", "GetCallerIdentity"), |d| {
            Ok(Identity {
                account: d.account_id.clone(),
                arn: format!("arn:aws:iam::{}:root", d.account_id),
                user_id: d.account_id.clone(),
            })
        })
    }
}
