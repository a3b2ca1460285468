//! STS over the SDK.

use std::sync::Arc;

use async_trait::async_trait;

use super::{Identity, Sts};
use crate::cloud::aws::{cloud_error, Connection};
use crate::cloud::CloudResult;

/// STS over the SDK (one global client). The caller's identity is asked once per run: the
/// identity check and `aws_caller_identity` share the answer.
pub struct Client {
    sts: aws_sdk_sts::Client,
    identity: tokio::sync::OnceCell<Identity>,
}

impl Client {
    /// The STS client of `conn`.
    pub fn new(conn: &Arc<Connection>) -> Client {
        Client { sts: crate::sdk_client!(conn, aws_sdk_sts, "sts", None), identity: tokio::sync::OnceCell::new() }
    }
}

#[async_trait]
impl Sts for Client {
    async fn account_id(&self) -> CloudResult<String> {
        Ok(self.caller_identity().await?.account)
    }

    async fn caller_identity(&self) -> CloudResult<Identity> {
        // A failure is not kept: the next caller asks again.
        let identity = self
            .identity
            .get_or_try_init(|| async {
                let out = self
                    .sts
                    .get_caller_identity()
                    .send()
                    .await
                    .map_err(|e| cloud_error("sts", "GetCallerIdentity", None, e))?;
                Ok::<_, crate::cloud::CloudError>(Identity {
                    account: out.account().unwrap_or_default().to_string(),
                    arn: out.arn().unwrap_or_default().to_string(),
                    user_id: out.user_id().unwrap_or_default().to_string(),
                })
            })
            .await?;
        Ok(identity.clone())
    }
}
