//! `aws_kms_key_policy`: the key policy of a KMS key, managed apart from the key. Destroying it
//! puts back KMS's default key policy (the account may do everything through IAM), as the
//! provider does, unless `bypass_policy_lockout_safety_check` is set: then it is only
//! forgotten. A key pending deletion counts as gone. The id is the key id.

use async_trait::async_trait;
use serde::Deserialize;
use serde_json::Value as Json;

use super::typed;
use super::{obj, Ctx, Declared, Import, Obj, Resource, ID, REGION};
use crate::cloud::{CloudError, CloudResult, ErrorKind};
use crate::policy::DocumentKind::Permissions;
use crate::schema::{self, Attr, Default, Invalid, Schema, Ty};
use crate::services::kms::default_key_policy;

resource_type!(KmsKeyPolicy = "aws_kms_key_policy", Import::Parse(import_prior));

static SCHEMA: Schema = Schema {
    attrs: &[
        ID,
        Attr::required("key_id", Ty::String).validate(key_id),
        Attr::required("policy", Ty::String).json().validate(schema::json_object).policy(Permissions),
        Attr::optional("bypass_policy_lockout_safety_check", Ty::Bool).default(Default::Bool(false)),
        REGION,
    ],
    ..Schema::NONE
};

fn key_id(v: &Json) -> Result<(), Invalid> {
    match v.as_str() {
        Some(s) if s.is_empty() || s.len() > 2048 => Err(Invalid::new("a key id is 1 to 2048 characters")),
        _ => Ok(()),
    }
}

/// The import id is the key id.
fn import_prior(id: &str) -> Option<Obj> {
    (!id.is_empty()).then(|| obj(&SCHEMA, vec![("id", Json::from(id)), ("key_id", Json::from(id))]))
}

/// What the verbs read.
#[derive(Deserialize)]
pub struct Args {
    #[serde(default, deserialize_with = "typed::text")]
    id: Option<String>,
    #[serde(default, deserialize_with = "typed::required")]
    key_id: String,
    #[serde(default, deserialize_with = "typed::required")]
    policy: String,
    #[serde(default, deserialize_with = "typed::flag")]
    bypass_policy_lockout_safety_check: Option<bool>,
}

async fn read_key(ctx: &Ctx<'_>, key: &str, prior: &Obj) -> CloudResult<Option<Obj>> {
    let kms = &ctx.cloud.kms;
    let Some(m) = kms.describe_key(ctx.region, key).await? else { return Ok(None) };
    if m.key_state == "PendingDeletion" {
        return Ok(None);
    }
    let policy = kms.get_key_policy(ctx.region, &m.key_id).await?;
    let bypass = prior.get("bypass_policy_lockout_safety_check").cloned().filter(|b| !b.is_null());
    Ok(Some(obj(
        &SCHEMA,
        vec![
            ("id", Json::from(m.key_id.as_str())),
            ("key_id", Json::from(m.key_id.as_str())),
            ("policy", Json::from(policy)),
            ("bypass_policy_lockout_safety_check", bypass.unwrap_or(Json::Bool(false))),
        ],
    )))
}

fn gone(key: &str) -> CloudError {
    let msg = format!("KMS key {key} could not be read back after its policy was written");
    CloudError::new("kms", "DescribeKey", ErrorKind::NotFound, "NotFoundException", msg)
}

#[async_trait]
impl Resource for KmsKeyPolicy {
    fn identity(&self, planned: &Obj) -> Option<String> {
        planned.get("key_id").and_then(Json::as_str).filter(|s| !s.is_empty()).map(str::to_string)
    }

    async fn read(&self, ctx: &Ctx<'_>, prior: &Obj) -> CloudResult<Option<Obj>> {
        let a = Self::args(prior)?;
        read_key(ctx, a.id.as_deref().unwrap_or(&a.key_id), prior).await
    }

    async fn create(&self, ctx: &Ctx<'_>, planned: &Obj) -> CloudResult<Obj> {
        let a = Self::args(planned)?;
        let bypass = a.bypass_policy_lockout_safety_check.unwrap_or(false);
        ctx.cloud.kms.put_key_policy(ctx.region, &a.key_id, &a.policy, bypass).await?;
        read_key(ctx, &a.key_id, planned).await?.ok_or_else(|| gone(&a.key_id))
    }

    async fn update(&self, ctx: &Ctx<'_>, prior: &Obj, planned: &Obj) -> CloudResult<Obj> {
        let (p, a) = (Self::args(prior)?, Self::args(planned)?);
        let key = p.id.unwrap_or(a.key_id.clone());
        if !crate::policy::semantic_eq(&p.policy, &a.policy) {
            let bypass = a.bypass_policy_lockout_safety_check.unwrap_or(false);
            ctx.cloud.kms.put_key_policy(ctx.region, &key, &a.policy, bypass).await?;
        }
        read_key(ctx, &key, planned).await?.ok_or_else(|| gone(&key))
    }

    /// Puts back KMS's default policy for the key's account; with the bypass set, a policy
    /// that may lock the caller out is only forgotten, as the provider does.
    async fn delete(&self, ctx: &Ctx<'_>, prior: &Obj) -> CloudResult<()> {
        let a = Self::args(prior)?;
        if a.bypass_policy_lockout_safety_check.unwrap_or(false) {
            return Ok(());
        }
        let key = a.id.unwrap_or(a.key_id);
        let Some(m) = ctx.cloud.kms.describe_key(ctx.region, &key).await? else { return Ok(()) };
        if m.key_state == "PendingDeletion" {
            return Ok(());
        }
        let partition = super::region::partition(ctx.region).0;
        let policy = default_key_policy(partition, &m.aws_account_id);
        ctx.cloud.kms.put_key_policy(ctx.region, &m.key_id, &policy, false).await
    }
}
