//! KMS over the SDK.

use std::sync::Arc;

use async_trait::async_trait;
use aws_sdk_kms::types::{
    GrantConstraints as SdkConstraints, GrantOperation, KeySpec, KeyUsageType, MultiRegionKeyType, Tag,
};
use aws_smithy_types::date_time::Format;

use super::{Alias, CreateGrantInput, CreateKeyInput, Grant, GrantConstraints, KeyMetadata, Kms};
use crate::cloud::aws::{cloud_error, Connection, Regional};
use crate::cloud::{CloudResult, Tags};

/// The name of the one key policy a key has.
const POLICY_NAME: &str = "default";

/// KMS over the SDK (one client per region).
pub struct Client {
    clients: Regional<aws_sdk_kms::Client>,
}

impl Client {
    /// KMS clients of `conn`.
    pub fn new(conn: &Arc<Connection>) -> Client {
        Client { clients: Regional::new(conn, |c, r| crate::sdk_client!(c, aws_sdk_kms, "kms", Some(r))) }
    }
}

fn kms_tags(t: &Tags) -> Vec<Tag> {
    // Tag::build fails only without key or value; both are always set here.
    t.iter().filter_map(|(k, v)| Tag::builder().tag_key(k).tag_value(v).build().ok()).collect()
}

fn date(d: Option<&aws_smithy_types::DateTime>) -> Option<String> {
    d.and_then(|d| d.fmt(Format::DateTime).ok())
}

fn metadata(m: &aws_sdk_kms::types::KeyMetadata) -> KeyMetadata {
    let text = |s: Option<&str>| s.unwrap_or_default().to_string();
    KeyMetadata {
        key_id: m.key_id().to_string(),
        arn: text(m.arn()),
        aws_account_id: text(m.aws_account_id()),
        creation_date: date(m.creation_date()).unwrap_or_default(),
        description: text(m.description()),
        enabled: m.enabled(),
        key_state: m.key_state().map(|s| s.as_str().to_string()).unwrap_or_default(),
        key_usage: m.key_usage().map(|s| s.as_str().to_string()).unwrap_or_default(),
        key_spec: m.key_spec().map(|s| s.as_str().to_string()).unwrap_or_default(),
        origin: m.origin().map(|s| s.as_str().to_string()).unwrap_or_default(),
        key_manager: m.key_manager().map(|s| s.as_str().to_string()).unwrap_or_default(),
        multi_region: m.multi_region().unwrap_or(false),
        multi_region_key_type: m
            .multi_region_configuration()
            .and_then(|c| c.multi_region_key_type())
            .map(MultiRegionKeyType::as_str)
            .map(str::to_string),
        deletion_date: date(m.deletion_date()),
        pending_deletion_window_in_days: m.pending_deletion_window_in_days().map(i64::from),
    }
}

fn days(n: i64) -> i32 {
    // The APIs take at most a few thousand days; a larger number is refused by KMS anyway.
    i32::try_from(n).unwrap_or(i32::MAX)
}

#[async_trait]
impl Kms for Client {
    async fn create_key(&self, region: &str, input: &CreateKeyInput) -> CloudResult<KeyMetadata> {
        let out = self
            .clients
            .get(region)
            .create_key()
            .set_description(input.description.clone())
            .key_usage(KeyUsageType::from(input.key_usage.as_str()))
            .key_spec(KeySpec::from(input.key_spec.as_str()))
            .set_policy(input.policy.clone())
            .bypass_policy_lockout_safety_check(input.bypass_policy_lockout_safety_check)
            .multi_region(input.multi_region)
            .set_tags((!input.tags.is_empty()).then(|| kms_tags(&input.tags)))
            .send()
            .await
            .map_err(|e| cloud_error("kms", "CreateKey", None, e))?;
        Ok(out.key_metadata().map(metadata).unwrap_or_default())
    }

    async fn describe_key(&self, region: &str, key: &str) -> CloudResult<Option<KeyMetadata>> {
        match self.clients.get(region).describe_key().key_id(key).send().await {
            Ok(out) => Ok(out.key_metadata().map(metadata)),
            Err(e) => cloud_error("kms", "DescribeKey", Some(key), e).absent(),
        }
    }

    async fn get_key_policy(&self, region: &str, key: &str) -> CloudResult<String> {
        let out = self
            .clients
            .get(region)
            .get_key_policy()
            .key_id(key)
            .policy_name(POLICY_NAME)
            .send()
            .await
            .map_err(|e| cloud_error("kms", "GetKeyPolicy", Some(key), e))?;
        Ok(out.policy().unwrap_or_default().to_string())
    }

    async fn put_key_policy(&self, region: &str, key: &str, policy: &str, bypass: bool) -> CloudResult<()> {
        self.clients
            .get(region)
            .put_key_policy()
            .key_id(key)
            .policy_name(POLICY_NAME)
            .policy(policy)
            .bypass_policy_lockout_safety_check(bypass)
            .send()
            .await
            .map_err(|e| cloud_error("kms", "PutKeyPolicy", Some(key), e))?;
        Ok(())
    }

    async fn get_key_rotation_status(&self, region: &str, key: &str) -> CloudResult<(bool, Option<i64>)> {
        let out = self
            .clients
            .get(region)
            .get_key_rotation_status()
            .key_id(key)
            .send()
            .await
            .map_err(|e| cloud_error("kms", "GetKeyRotationStatus", Some(key), e))?;
        Ok((out.key_rotation_enabled(), out.rotation_period_in_days().map(i64::from)))
    }

    async fn enable_key_rotation(&self, region: &str, key: &str, period_days: Option<i64>) -> CloudResult<()> {
        self.clients
            .get(region)
            .enable_key_rotation()
            .key_id(key)
            .set_rotation_period_in_days(period_days.map(days))
            .send()
            .await
            .map_err(|e| cloud_error("kms", "EnableKeyRotation", Some(key), e))?;
        Ok(())
    }

    async fn disable_key_rotation(&self, region: &str, key: &str) -> CloudResult<()> {
        self.clients
            .get(region)
            .disable_key_rotation()
            .key_id(key)
            .send()
            .await
            .map_err(|e| cloud_error("kms", "DisableKeyRotation", Some(key), e))?;
        Ok(())
    }

    async fn set_key_enabled(&self, region: &str, key: &str, enabled: bool) -> CloudResult<()> {
        let c = self.clients.get(region);
        if enabled {
            c.enable_key().key_id(key).send().await.map_err(|e| cloud_error("kms", "EnableKey", Some(key), e))?;
        } else {
            c.disable_key().key_id(key).send().await.map_err(|e| cloud_error("kms", "DisableKey", Some(key), e))?;
        }
        Ok(())
    }

    async fn update_key_description(&self, region: &str, key: &str, description: &str) -> CloudResult<()> {
        self.clients
            .get(region)
            .update_key_description()
            .key_id(key)
            .description(description)
            .send()
            .await
            .map_err(|e| cloud_error("kms", "UpdateKeyDescription", Some(key), e))?;
        Ok(())
    }

    async fn schedule_key_deletion(&self, region: &str, key: &str, window_days: Option<i64>) -> CloudResult<String> {
        let out = self
            .clients
            .get(region)
            .schedule_key_deletion()
            .key_id(key)
            .set_pending_window_in_days(window_days.map(days))
            .send()
            .await
            .map_err(|e| cloud_error("kms", "ScheduleKeyDeletion", Some(key), e))?;
        Ok(date(out.deletion_date()).unwrap_or_default())
    }

    async fn list_resource_tags(&self, region: &str, key: &str) -> CloudResult<Tags> {
        let mut tags = Tags::new();
        let mut marker: Option<String> = None;
        loop {
            let out = self
                .clients
                .get(region)
                .list_resource_tags()
                .key_id(key)
                .set_marker(marker.clone())
                .send()
                .await
                .map_err(|e| cloud_error("kms", "ListResourceTags", Some(key), e))?;
            tags.extend(out.tags().iter().map(|t| (t.tag_key().to_string(), t.tag_value().to_string())));
            match out.next_marker().filter(|_| out.truncated()) {
                Some(m) => marker = Some(m.to_string()),
                None => return Ok(tags),
            }
        }
    }

    async fn tag_resource(&self, region: &str, key: &str, tags: &Tags) -> CloudResult<()> {
        self.clients
            .get(region)
            .tag_resource()
            .key_id(key)
            .set_tags(Some(kms_tags(tags)))
            .send()
            .await
            .map_err(|e| cloud_error("kms", "TagResource", Some(key), e))?;
        Ok(())
    }

    async fn untag_resource(&self, region: &str, key: &str, keys: &[String]) -> CloudResult<()> {
        self.clients
            .get(region)
            .untag_resource()
            .key_id(key)
            .set_tag_keys(Some(keys.to_vec()))
            .send()
            .await
            .map_err(|e| cloud_error("kms", "UntagResource", Some(key), e))?;
        Ok(())
    }

    async fn create_alias(&self, region: &str, name: &str, target: &str) -> CloudResult<()> {
        self.clients
            .get(region)
            .create_alias()
            .alias_name(name)
            .target_key_id(target)
            .send()
            .await
            .map_err(|e| cloud_error("kms", "CreateAlias", Some(name), e))?;
        Ok(())
    }

    async fn update_alias(&self, region: &str, name: &str, target: &str) -> CloudResult<()> {
        self.clients
            .get(region)
            .update_alias()
            .alias_name(name)
            .target_key_id(target)
            .send()
            .await
            .map_err(|e| cloud_error("kms", "UpdateAlias", Some(name), e))?;
        Ok(())
    }

    async fn delete_alias(&self, region: &str, name: &str) -> CloudResult<()> {
        self.clients
            .get(region)
            .delete_alias()
            .alias_name(name)
            .send()
            .await
            .map_err(|e| cloud_error("kms", "DeleteAlias", Some(name), e))?;
        Ok(())
    }

    async fn list_aliases(&self, region: &str, key: Option<&str>) -> CloudResult<Vec<Alias>> {
        let mut out = Vec::new();
        let mut pages =
            self.clients.get(region).list_aliases().set_key_id(key.map(str::to_string)).into_paginator().send();
        while let Some(page) = pages.next().await {
            let page = page.map_err(|e| cloud_error("kms", "ListAliases", key, e))?;
            out.extend(page.aliases().iter().map(|a| Alias {
                name: a.alias_name().unwrap_or_default().to_string(),
                arn: a.alias_arn().unwrap_or_default().to_string(),
                target_key_id: a.target_key_id().map(str::to_string),
            }));
        }
        Ok(out)
    }

    async fn create_grant(&self, region: &str, input: &CreateGrantInput) -> CloudResult<(String, String)> {
        let constraints = input.constraints.as_ref().map(|c| {
            let map = |m: &std::collections::BTreeMap<String, String>| {
                (!m.is_empty()).then(|| m.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
            };
            SdkConstraints::builder()
                .set_encryption_context_equals(map(&c.encryption_context_equals))
                .set_encryption_context_subset(map(&c.encryption_context_subset))
                .build()
        });
        let out = self
            .clients
            .get(region)
            .create_grant()
            .key_id(&input.key_id)
            .grantee_principal(&input.grantee_principal)
            .set_retiring_principal(input.retiring_principal.clone())
            .set_operations(Some(input.operations.iter().map(|o| GrantOperation::from(o.as_str())).collect()))
            .set_constraints(constraints)
            .set_grant_tokens((!input.grant_tokens.is_empty()).then(|| input.grant_tokens.clone()))
            .set_name(input.name.clone())
            .send()
            .await
            .map_err(|e| cloud_error("kms", "CreateGrant", Some(&input.key_id), e))?;
        Ok((out.grant_id().unwrap_or_default().to_string(), out.grant_token().unwrap_or_default().to_string()))
    }

    async fn list_grants(&self, region: &str, key: &str) -> CloudResult<Vec<Grant>> {
        let mut out = Vec::new();
        let mut pages = self.clients.get(region).list_grants().key_id(key).into_paginator().send();
        while let Some(page) = pages.next().await {
            let page = page.map_err(|e| cloud_error("kms", "ListGrants", Some(key), e))?;
            out.extend(page.grants().iter().map(|g| Grant {
                grant_id: g.grant_id().unwrap_or_default().to_string(),
                key_id: g.key_id().unwrap_or_default().to_string(),
                name: g.name().filter(|n| !n.is_empty()).map(str::to_string),
                grantee_principal: g.grantee_principal().unwrap_or_default().to_string(),
                retiring_principal: g.retiring_principal().map(str::to_string),
                operations: g.operations().iter().map(|o| o.as_str().to_string()).collect(),
                constraints: g.constraints().map(|c| {
                    let map = |m: Option<&std::collections::HashMap<String, String>>| {
                        m.map(|m| m.iter().map(|(k, v)| (k.clone(), v.clone())).collect()).unwrap_or_default()
                    };
                    GrantConstraints {
                        encryption_context_equals: map(c.encryption_context_equals()),
                        encryption_context_subset: map(c.encryption_context_subset()),
                    }
                }),
            }));
        }
        Ok(out)
    }

    async fn retire_grant(&self, region: &str, key: &str, grant_id: &str) -> CloudResult<()> {
        self.clients
            .get(region)
            .retire_grant()
            .key_id(key)
            .grant_id(grant_id)
            .send()
            .await
            .map_err(|e| cloud_error("kms", "RetireGrant", Some(key), e))?;
        Ok(())
    }

    async fn revoke_grant(&self, region: &str, key: &str, grant_id: &str) -> CloudResult<()> {
        self.clients
            .get(region)
            .revoke_grant()
            .key_id(key)
            .grant_id(grant_id)
            .send()
            .await
            .map_err(|e| cloud_error("kms", "RevokeGrant", Some(key), e))?;
        Ok(())
    }
}
