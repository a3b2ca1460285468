//! STS over the SDK.

use std::sync::Arc;

use async_trait::async_trait;

use super::{Identity, Sts};
use crate::providers::aws::{cloud_error, Connection};
use crate::providers::CloudResult;

/// STS over the SDK (one global client).
pub struct Client {
    sts: aws_sdk_sts::Client,
}

impl Client {
    /// The STS client of `conn`.
    pub fn new(conn: &Arc<Connection>) -> Client {
        Client { sts: crate::sdk_client!(conn, aws_sdk_sts, "sts", None) }
    }
}

#[async_trait]
impl Sts for Client {
    async fn account_id(&self) -> CloudResult<String> {
        let out = self
            .sts
            .get_caller_identity()
            .send()
            .await
            .map_err(|e| cloud_error("sts", "GetCallerIdentity", None, e))?;
        Ok(out.account().unwrap_or_default().to_string())
    }

    async fn caller_identity(&self) -> CloudResult<Identity> {
        let out = self
            .sts
            .get_caller_identity()
            .send()
            .await
            .map_err(|e| cloud_error("sts", "GetCallerIdentity", None, e))?;
        Ok(Identity {
            account: out.account().unwrap_or_default().to_string(),
            arn: out.arn().unwrap_or_default().to_string(),
            user_id: out.user_id().unwrap_or_default().to_string(),
        })
    }
}
