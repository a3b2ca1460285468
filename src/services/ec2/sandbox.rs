//! EC2's EBS account settings in the sandbox, per account and region as in AWS: encryption by
//! default (off until enabled), its default KMS key (the region's AWS managed `aws/ebs` key
//! until changed), and block public access for snapshots (`unblocked` until enabled). As in
//! AWS, `ModifyEbsDefaultKmsKeyId` takes a key id, key ARN, alias or alias ARN without
//! looking the key up (AWS checks it asynchronously), and `EnableSnapshotBlockPublicAccess`
//! refuses `unblocked` (that is `DisableSnapshotBlockPublicAccess`).

use async_trait::async_trait;
use serde::{Deserialize, Serialize};

use super::Ec2;
use crate::cloud::{CloudError, CloudResult, ErrorKind};
use crate::services::sandbox::*;

/// EC2's part of a region of the account file: only what differs from AWS's defaults.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub(crate) struct Ec2State {
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub(crate) ebs_encryption_by_default: bool,
    /// The ARN `ModifyEbsDefaultKmsKeyId` recorded (`None`: the AWS managed key).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) ebs_default_kms_key_id: Option<String>,
    /// `block-all-sharing` or `block-new-sharing` (`None`: `unblocked`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) snapshot_block_public_access: Option<String>,
}

/// The ARN of the region's AWS managed key for EBS (`alias/aws/ebs`): one per account and
/// region, its id derived from both so it stays the same without consuming `next_id`.
pub(crate) fn aws_managed_ebs_key(d: &Data, region: &str) -> String {
    let h = render_id(fnv1a(&format!("{}/{region}/aws/ebs", d.account_id)), HEX_ALPHABET, 32);
    let uuid = format!("{}-{}-{}-{}-{}", &h[..8], &h[8..12], &h[12..16], &h[16..20], &h[20..]);
    format!("{}key/{uuid}", d.arn_prefix("kms", region))
}

/// The ARN AWS records for `key` (a key id, key ARN, alias name or alias ARN) in `region`.
fn key_arn(d: &Data, region: &str, key: &str) -> String {
    if key.starts_with("arn:") {
        key.to_string()
    } else if key.starts_with("alias/") {
        format!("{}{key}", d.arn_prefix("kms", region))
    } else {
        format!("{}key/{key}", d.arn_prefix("kms", region))
    }
}

fn invalid_state(op: Op, state: &str) -> CloudError {
    let msg = format!(
        "Value '{state}' for State is not valid. Valid values are 'block-all-sharing' and 'block-new-sharing'."
    );
    op.err(ErrorKind::Invalid, "InvalidRequest", msg)
}

#[async_trait]
impl Ec2 for Sandbox {
    async fn get_ebs_encryption_by_default(&self, region: &str) -> CloudResult<bool> {
        self.read(Op("ec2", "GetEbsEncryptionByDefault"), |d| Ok(d.region(region).ec2.ebs_encryption_by_default))
    }

    async fn set_ebs_encryption_by_default(&self, region: &str, on: bool) -> CloudResult<bool> {
        let op =
            if on { Op("ec2", "EnableEbsEncryptionByDefault") } else { Op("ec2", "DisableEbsEncryptionByDefault") };
        self.write(op, |d| {
            d.region_mut(region).ec2.ebs_encryption_by_default = on;
            Ok(on)
        })
    }

    async fn get_ebs_default_kms_key_id(&self, region: &str) -> CloudResult<String> {
        self.read(Op("ec2", "GetEbsDefaultKmsKeyId"), |d| {
            Ok(d.region(region).ec2.ebs_default_kms_key_id.clone().unwrap_or_else(|| aws_managed_ebs_key(d, region)))
        })
    }

    async fn modify_ebs_default_kms_key_id(&self, region: &str, key: &str) -> CloudResult<String> {
        let op = Op("ec2", "ModifyEbsDefaultKmsKeyId");
        self.write(op, |d| {
            if key.is_empty() {
                let msg = "The request must contain the parameter KmsKeyId";
                return Err(op.err(ErrorKind::Invalid, "MissingParameter", msg));
            }
            let arn = key_arn(d, region, key);
            d.region_mut(region).ec2.ebs_default_kms_key_id = Some(arn.clone());
            Ok(arn)
        })
    }

    async fn reset_ebs_default_kms_key_id(&self, region: &str) -> CloudResult<String> {
        self.write(Op("ec2", "ResetEbsDefaultKmsKeyId"), |d| {
            d.region_mut(region).ec2.ebs_default_kms_key_id = None;
            Ok(aws_managed_ebs_key(d, region))
        })
    }

    async fn get_snapshot_block_public_access_state(&self, region: &str) -> CloudResult<String> {
        self.read(Op("ec2", "GetSnapshotBlockPublicAccessState"), |d| {
            Ok(d.region(region).ec2.snapshot_block_public_access.clone().unwrap_or_else(|| "unblocked".into()))
        })
    }

    async fn enable_snapshot_block_public_access(&self, region: &str, state: &str) -> CloudResult<String> {
        let op = Op("ec2", "EnableSnapshotBlockPublicAccess");
        self.write(op, |d| {
            if !["block-all-sharing", "block-new-sharing"].contains(&state) {
                return Err(invalid_state(op, state));
            }
            d.region_mut(region).ec2.snapshot_block_public_access = Some(state.to_string());
            Ok(state.to_string())
        })
    }

    async fn disable_snapshot_block_public_access(&self, region: &str) -> CloudResult<String> {
        self.write(Op("ec2", "DisableSnapshotBlockPublicAccess"), |d| {
            d.region_mut(region).ec2.snapshot_block_public_access = None;
            Ok("unblocked".to_string())
        })
    }
}
