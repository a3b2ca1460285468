//! `aws_kms_key`: a customer managed KMS key with its key policy, rotation, enabled state and
//! tags. Destroying it schedules its deletion (`ScheduleKeyDeletion`, after
//! `deletion_window_in_days`, 30 days unless set); a key pending deletion is gone as far as
//! the resource is concerned, as in the provider. Left unset, `policy` is read back as KMS's
//! default key policy (an `aws_kms_key_policy` may own it). The id is the key id.

use async_trait::async_trait;
use serde::Deserialize;
use serde_json::Value as Json;

use super::typed;
use super::{obj, tags_json, Ctx, Declared, Import, Obj, Resource, ARN, ID, REGION, TAGS, TAGS_ALL};
use crate::cloud::{tag_delta, CloudError, CloudResult, ErrorKind, Tags};
use crate::policy::DocumentKind::Permissions;
use crate::schema::{self, Attr, Default, Invalid, Schema, Ty};
use crate::services::kms::{CreateKeyInput, KeyMetadata, KEY_SPECS, KEY_USAGES};

resource_type!(KmsKey = "aws_kms_key", Import::Parse(import_prior));

/// KMS's deletion window when none is given.
const DEFAULT_WINDOW: i64 = 30;

static SCHEMA: Schema = Schema {
    attrs: &[
        ID,
        ARN,
        Attr::computed("key_id", Ty::String),
        Attr::optional("bypass_policy_lockout_safety_check", Ty::Bool).default(Default::Bool(false)),
        Attr::optional("custom_key_store_id", Ty::String).force_new(),
        Attr::optional("customer_master_key_spec", Ty::String)
            .force_new()
            .default(Default::Str("SYMMETRIC_DEFAULT"))
            .validate(|v| schema::one_of(v, &KEY_SPECS)),
        Attr::optional("deletion_window_in_days", Ty::Number).validate(|v| schema::int_range(v, 7, 30)),
        Attr::optional_computed("description", Ty::String).validate(description),
        Attr::optional("enable_key_rotation", Ty::Bool).default(Default::Bool(false)),
        Attr::optional("is_enabled", Ty::Bool).default(Default::Bool(true)),
        Attr::optional("key_usage", Ty::String)
            .force_new()
            .default(Default::Str("ENCRYPT_DECRYPT"))
            .validate(|v| schema::one_of(v, &KEY_USAGES)),
        Attr::optional_computed("multi_region", Ty::Bool).force_new(),
        Attr::optional_computed("policy", Ty::String).json().validate(schema::json_object).policy(Permissions).shared(),
        Attr::optional_computed("rotation_period_in_days", Ty::Number).validate(|v| schema::int_range(v, 90, 2560)),
        TAGS,
        TAGS_ALL,
        Attr::optional("xks_key_id", Ty::String).force_new(),
        REGION,
    ],
    ..Schema::NONE
};

fn description(v: &Json) -> Result<(), Invalid> {
    match v.as_str() {
        Some(s) if s.len() > 8192 => Err(Invalid::new("a key description is at most 8192 characters")),
        _ => Ok(()),
    }
}

/// The import id is the key id.
fn import_prior(id: &str) -> Option<Obj> {
    (!id.is_empty() && !id.contains('/')).then(|| obj(&SCHEMA, vec![("id", Json::from(id))]))
}

/// What the verbs read.
#[derive(Deserialize)]
pub struct Args {
    #[serde(default, deserialize_with = "typed::text")]
    id: Option<String>,
    #[serde(default, deserialize_with = "typed::flag")]
    bypass_policy_lockout_safety_check: Option<bool>,
    #[serde(default, deserialize_with = "typed::text")]
    custom_key_store_id: Option<String>,
    #[serde(default, deserialize_with = "typed::text")]
    customer_master_key_spec: Option<String>,
    #[serde(default, deserialize_with = "typed::int")]
    deletion_window_in_days: Option<i64>,
    #[serde(default, deserialize_with = "typed::raw")]
    description: Json,
    #[serde(default, deserialize_with = "typed::flag")]
    enable_key_rotation: Option<bool>,
    #[serde(default, deserialize_with = "typed::flag")]
    is_enabled: Option<bool>,
    #[serde(default, deserialize_with = "typed::text")]
    key_usage: Option<String>,
    #[serde(default, deserialize_with = "typed::flag")]
    multi_region: Option<bool>,
    #[serde(default, deserialize_with = "typed::text")]
    policy: Option<String>,
    #[serde(default, deserialize_with = "typed::int")]
    rotation_period_in_days: Option<i64>,
    #[serde(default, deserialize_with = "typed::tags")]
    tags: Tags,
    #[serde(default, deserialize_with = "typed::text")]
    xks_key_id: Option<String>,
}

/// The live key `id` as the state records it; `None` when it is gone or pending deletion.
/// `prior` gives what KMS does not answer (the bypass flag, the deletion window).
pub(super) async fn read_key(ctx: &Ctx<'_>, id: &str, prior: &Obj) -> CloudResult<Option<Obj>> {
    let kms = &ctx.cloud.kms;
    let Some(m) = kms.describe_key(ctx.region, id).await? else { return Ok(None) };
    if m.key_state == "PendingDeletion" || m.key_state == "PendingReplicaDeletion" {
        return Ok(None);
    }
    let policy = kms.get_key_policy(ctx.region, &m.key_id).await?;
    let (rotation, period) =
        if m.origin == "AWS_KMS" { kms.get_key_rotation_status(ctx.region, &m.key_id).await? } else { (false, None) };
    let tags = kms.list_resource_tags(ctx.region, &m.key_id).await?;
    Ok(Some(to_obj(&m, &policy, rotation, period, &tags, prior)))
}

fn to_obj(m: &KeyMetadata, policy: &str, rotation: bool, period: Option<i64>, tags: &Tags, prior: &Obj) -> Obj {
    let kept = |k: &str| prior.get(k).cloned().unwrap_or(Json::Null);
    let bypass = match kept("bypass_policy_lockout_safety_check") {
        Json::Null => Json::Bool(false),
        v => v,
    };
    obj(
        &SCHEMA,
        vec![
            ("id", Json::from(m.key_id.as_str())),
            ("key_id", Json::from(m.key_id.as_str())),
            ("arn", Json::from(m.arn.as_str())),
            ("bypass_policy_lockout_safety_check", bypass),
            ("customer_master_key_spec", Json::from(m.key_spec.as_str())),
            ("deletion_window_in_days", kept("deletion_window_in_days")),
            ("description", Json::from(m.description.as_str())),
            ("enable_key_rotation", Json::Bool(rotation)),
            ("is_enabled", Json::Bool(m.enabled)),
            ("key_usage", Json::from(m.key_usage.as_str())),
            ("multi_region", Json::Bool(m.multi_region)),
            ("policy", Json::from(policy)),
            // KMS answers no period while rotation is off: the recorded one is kept.
            ("rotation_period_in_days", period.map(Json::from).unwrap_or_else(|| kept("rotation_period_in_days"))),
            ("tags", tags_json(tags)),
        ],
    )
}

fn gone(id: &str) -> CloudError {
    let msg = format!("KMS key {id} could not be read back after it was written");
    CloudError::new("kms", "DescribeKey", ErrorKind::NotFound, "NotFoundException", msg)
}

#[async_trait]
impl Resource for KmsKey {
    /// Keys in custom key stores (CloudHSM, external) are not made here.
    fn check(&self, planned: &Obj) -> Vec<(&'static str, Invalid)> {
        let set = |k: &str| planned.get(k).and_then(Json::as_str).is_some_and(|s| !s.is_empty());
        let mut out = Vec::new();
        for attr in ["custom_key_store_id", "xks_key_id"] {
            if set(attr) {
                out.push((
                    attr,
                    Invalid::new("baseline does not create keys in custom key stores (CloudHSM or external)"),
                ));
            }
        }
        if set("xks_key_id") && !set("custom_key_store_id") {
            out.push(("xks_key_id", Invalid::new("`xks_key_id` needs `custom_key_store_id`")));
        }
        out
    }

    /// What destroying the key means: KMS deletes it only after its window, and what it
    /// encrypted cannot be decrypted after that.
    fn destroy_notes(&self, prior: &Obj) -> Vec<String> {
        let days = prior.get("deletion_window_in_days").and_then(Json::as_i64).unwrap_or(DEFAULT_WINDOW);
        vec![format!(
            "destroying this key schedules it for deletion in {days} days; data encrypted under it becomes \
             unreadable after that (until then the deletion can be cancelled outside baseline)"
        )]
    }

    async fn read(&self, ctx: &Ctx<'_>, prior: &Obj) -> CloudResult<Option<Obj>> {
        let id = Self::args(prior)?.id.unwrap_or_default();
        read_key(ctx, &id, prior).await
    }

    async fn create(&self, ctx: &Ctx<'_>, planned: &Obj) -> CloudResult<Obj> {
        let a = Self::args(planned)?;
        let input = CreateKeyInput {
            description: a.description.as_str().map(str::to_string),
            key_usage: a.key_usage.clone().unwrap_or_else(|| "ENCRYPT_DECRYPT".into()),
            key_spec: a.customer_master_key_spec.clone().unwrap_or_else(|| "SYMMETRIC_DEFAULT".into()),
            policy: a.policy.clone(),
            bypass_policy_lockout_safety_check: a.bypass_policy_lockout_safety_check.unwrap_or(false),
            multi_region: a.multi_region.unwrap_or(false),
            tags: a.tags.clone(),
        };
        let _ = (&a.custom_key_store_id, &a.xks_key_id); // refused by `check`
        let m = ctx.cloud.kms.create_key(ctx.region, &input).await?;
        (ctx.record)(&obj(&SCHEMA, vec![("id", Json::from(m.key_id.as_str()))]));
        if a.enable_key_rotation == Some(true) {
            ctx.cloud.kms.enable_key_rotation(ctx.region, &m.key_id, a.rotation_period_in_days).await?;
        }
        if a.is_enabled == Some(false) {
            ctx.cloud.kms.set_key_enabled(ctx.region, &m.key_id, false).await?;
        }
        read_key(ctx, &m.key_id, planned).await?.ok_or_else(|| gone(&m.key_id))
    }

    /// In the provider's order: enable first and disable last, as a disabled key refuses
    /// rotation changes.
    async fn update(&self, ctx: &Ctx<'_>, prior: &Obj, planned: &Obj) -> CloudResult<Obj> {
        let (p, a) = (Self::args(prior)?, Self::args(planned)?);
        let id = p.id.clone().unwrap_or_default();
        let kms = &ctx.cloud.kms;
        let enabled = a.is_enabled.unwrap_or(true);
        let enabled_changed = p.is_enabled.unwrap_or(true) != enabled;
        if enabled_changed && enabled {
            kms.set_key_enabled(ctx.region, &id, true).await?;
        }
        let rotate = a.enable_key_rotation.unwrap_or(false);
        let period_changed =
            a.rotation_period_in_days.is_some() && a.rotation_period_in_days != p.rotation_period_in_days;
        if p.enable_key_rotation.unwrap_or(false) != rotate || (rotate && period_changed) {
            if rotate {
                kms.enable_key_rotation(ctx.region, &id, a.rotation_period_in_days).await?;
            } else {
                kms.disable_key_rotation(ctx.region, &id).await?;
            }
        }
        if let Some(d) = a.description.as_str().filter(|d| Some(*d) != p.description.as_str()) {
            kms.update_key_description(ctx.region, &id, d).await?;
        }
        if let Some(policy) = a.policy.as_deref() {
            if !p.policy.as_deref().is_some_and(|old| crate::policy::semantic_eq(old, policy)) {
                let bypass = a.bypass_policy_lockout_safety_check.unwrap_or(false);
                kms.put_key_policy(ctx.region, &id, policy, bypass).await?;
            }
        }
        if enabled_changed && !enabled {
            kms.set_key_enabled(ctx.region, &id, false).await?;
        }
        let (remove, add) = tag_delta(&p.tags, &a.tags);
        if !remove.is_empty() {
            kms.untag_resource(ctx.region, &id, &remove).await?;
        }
        if !add.is_empty() {
            kms.tag_resource(ctx.region, &id, &add).await?;
        }
        read_key(ctx, &id, planned).await?.ok_or_else(|| gone(&id))
    }

    /// Schedules the deletion; a key already gone or pending deletion is fine.
    async fn delete(&self, ctx: &Ctx<'_>, prior: &Obj) -> CloudResult<()> {
        let a = Self::args(prior)?;
        let id = a.id.unwrap_or_default();
        match ctx.cloud.kms.schedule_key_deletion(ctx.region, &id, a.deletion_window_in_days).await {
            Ok(_) => Ok(()),
            Err(e) if e.kind == ErrorKind::NotFound => Ok(()),
            Err(e) if e.code == "KMSInvalidStateException" && e.message.contains("is pending deletion") => Ok(()),
            Err(e) => Err(e),
        }
    }
}
