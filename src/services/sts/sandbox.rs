//! STS in the sandbox: the account file's account id.

use async_trait::async_trait;

use super::Sts;
use crate::providers::sandbox::{Op, Sandbox};
use crate::providers::CloudResult;

#[async_trait]
impl Sts for Sandbox {
    async fn account_id(&self) -> CloudResult<String> {
        self.read(Op("sts", "GetCallerIdentity"), |d| Ok(d.account_id.clone()))
    }
}
