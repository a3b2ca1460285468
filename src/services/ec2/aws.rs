//! EC2's EBS account settings over the SDK.

use std::sync::Arc;

use async_trait::async_trait;
use aws_sdk_ec2::types::SnapshotBlockPublicAccessState;

use super::Ec2;
use crate::cloud::aws::{cloud_error, Connection, Regional};
use crate::cloud::CloudResult;

/// EC2 over the SDK (one client per region).
pub struct Client {
    clients: Regional<aws_sdk_ec2::Client>,
}

impl Client {
    /// EC2 clients of `conn`.
    pub fn new(conn: &Arc<Connection>) -> Client {
        Client { clients: Regional::new(conn, |c, r| crate::sdk_client!(c, aws_sdk_ec2, "ec2", Some(r))) }
    }
}

fn state_of(s: Option<&SnapshotBlockPublicAccessState>) -> String {
    s.map(|s| s.as_str().to_string()).unwrap_or_default()
}

#[async_trait]
impl Ec2 for Client {
    async fn get_ebs_encryption_by_default(&self, region: &str) -> CloudResult<bool> {
        let out = self
            .clients
            .get(region)
            .get_ebs_encryption_by_default()
            .send()
            .await
            .map_err(|e| cloud_error("ec2", "GetEbsEncryptionByDefault", None, e))?;
        Ok(out.ebs_encryption_by_default().unwrap_or(false))
    }

    async fn set_ebs_encryption_by_default(&self, region: &str, on: bool) -> CloudResult<bool> {
        let client = self.clients.get(region);
        let now = if on {
            let out = client
                .enable_ebs_encryption_by_default()
                .send()
                .await
                .map_err(|e| cloud_error("ec2", "EnableEbsEncryptionByDefault", None, e))?;
            out.ebs_encryption_by_default()
        } else {
            let out = client
                .disable_ebs_encryption_by_default()
                .send()
                .await
                .map_err(|e| cloud_error("ec2", "DisableEbsEncryptionByDefault", None, e))?;
            out.ebs_encryption_by_default()
        };
        Ok(now.unwrap_or(on))
    }

    async fn get_ebs_default_kms_key_id(&self, region: &str) -> CloudResult<String> {
        let out = self
            .clients
            .get(region)
            .get_ebs_default_kms_key_id()
            .send()
            .await
            .map_err(|e| cloud_error("ec2", "GetEbsDefaultKmsKeyId", None, e))?;
        Ok(out.kms_key_id().unwrap_or_default().to_string())
    }

    async fn modify_ebs_default_kms_key_id(&self, region: &str, key: &str) -> CloudResult<String> {
        let out = self
            .clients
            .get(region)
            .modify_ebs_default_kms_key_id()
            .kms_key_id(key)
            .send()
            .await
            .map_err(|e| cloud_error("ec2", "ModifyEbsDefaultKmsKeyId", Some(key), e))?;
        Ok(out.kms_key_id().unwrap_or(key).to_string())
    }

    async fn reset_ebs_default_kms_key_id(&self, region: &str) -> CloudResult<String> {
        let out = self
            .clients
            .get(region)
            .reset_ebs_default_kms_key_id()
            .send()
            .await
            .map_err(|e| cloud_error("ec2", "ResetEbsDefaultKmsKeyId", None, e))?;
        Ok(out.kms_key_id().unwrap_or_default().to_string())
    }

    async fn get_snapshot_block_public_access_state(&self, region: &str) -> CloudResult<String> {
        let out = self
            .clients
            .get(region)
            .get_snapshot_block_public_access_state()
            .send()
            .await
            .map_err(|e| cloud_error("ec2", "GetSnapshotBlockPublicAccessState", None, e))?;
        Ok(state_of(out.state()))
    }

    async fn enable_snapshot_block_public_access(&self, region: &str, state: &str) -> CloudResult<String> {
        let out = self
            .clients
            .get(region)
            .enable_snapshot_block_public_access()
            .state(SnapshotBlockPublicAccessState::from(state))
            .send()
            .await
            .map_err(|e| cloud_error("ec2", "EnableSnapshotBlockPublicAccess", None, e))?;
        Ok(state_of(out.state()))
    }

    async fn disable_snapshot_block_public_access(&self, region: &str) -> CloudResult<String> {
        let out = self
            .clients
            .get(region)
            .disable_snapshot_block_public_access()
            .send()
            .await
            .map_err(|e| cloud_error("ec2", "DisableSnapshotBlockPublicAccess", None, e))?;
        Ok(state_of(out.state()))
    }
}
