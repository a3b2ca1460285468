//! S3 Control in the sandbox: the account's one S3 Block Public Access configuration (global,
//! as in AWS). As in AWS, a call must name the caller's own account (another is
//! `AccessDenied`), reading an account without a configuration is
//! `NoSuchPublicAccessBlockConfiguration`, and deleting one that is not there succeeds.

use async_trait::async_trait;
use serde::{Deserialize, Serialize};

use super::{PublicAccessBlock, S3Control};
use crate::cloud::{CloudResult, ErrorKind};
use crate::services::sandbox::*;

/// S3 Control's part of the account file.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub(crate) struct S3ControlState {
    /// The account's configuration (`None`: never put, or deleted).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) public_access_block: Option<PublicAccessBlock>,
}

/// The account a call names must be the caller's.
fn own_account(op: Op, d: &Data, account_id: &str) -> CloudResult<()> {
    if account_id == d.account_id {
        return Ok(());
    }
    Err(op.err(ErrorKind::AccessDenied, "AccessDenied", "Access Denied"))
}

#[async_trait]
impl S3Control for Sandbox {
    async fn get_public_access_block(&self, account_id: &str) -> CloudResult<Option<PublicAccessBlock>> {
        let op = Op("s3", "GetAccountPublicAccessBlock");
        self.read(op, |d| {
            own_account(op, d, account_id)?;
            Ok(d.s3control.public_access_block)
        })
    }

    async fn put_public_access_block(&self, account_id: &str, config: &PublicAccessBlock) -> CloudResult<()> {
        let op = Op("s3", "PutAccountPublicAccessBlock");
        self.write(op, |d| {
            own_account(op, d, account_id)?;
            d.s3control.public_access_block = Some(*config);
            Ok(())
        })
    }

    async fn delete_public_access_block(&self, account_id: &str) -> CloudResult<()> {
        let op = Op("s3", "DeleteAccountPublicAccessBlock");
        self.write(op, |d| {
            own_account(op, d, account_id)?;
            d.s3control.public_access_block = None;
            Ok(())
        })
    }
}
