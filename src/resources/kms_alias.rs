//! `aws_kms_alias`: a friendly name (`alias/…`) for a customer managed KMS key, unique in its
//! account and region. `target_key_id` may name the key by id or ARN (the two spellings of one
//! key are no change, as in the provider); changing it points the alias at another key in
//! place. The id is the alias name.

use async_trait::async_trait;
use serde::Deserialize;
use serde_json::Value as Json;

use super::typed;
use super::{obj, Ctx, Declared, Import, Obj, Resource, ID, REGION};
use crate::cloud::{CloudError, CloudResult, ErrorKind};
use crate::schema::{Attr, Invalid, Schema, Ty};
use crate::services::kms::{key_id_of, Alias, ALIAS_PREFIX, AWS_ALIAS_PREFIX};

resource_type!(KmsAlias = "aws_kms_alias", Import::Parse(import_prior));

static SCHEMA: Schema = Schema {
    attrs: &[
        ID,
        Attr::computed("arn", Ty::String),
        Attr::optional_computed("name", Ty::String).force_new().validate(alias_name),
        Attr::optional_computed("name_prefix", Ty::String).force_new().validate(alias_name),
        Attr::computed("target_key_arn", Ty::String),
        Attr::required("target_key_id", Ty::String).canonical(key_id_form),
        REGION,
    ],
    ..Schema::NONE
};

/// A key ARN compares as the key id it ends with.
fn key_id_form(v: &str) -> String {
    key_id_of(v).unwrap_or(v).to_string()
}

/// An alias name (or prefix) a customer may use: `alias/` then letters, digits, `/`, `_` and
/// `-`, at most 256 characters, not under `alias/aws/` (the provider's `validNameForResource`).
pub(super) fn alias_name(v: &Json) -> Result<(), Invalid> {
    let Some(s) = v.as_str() else { return Ok(()) };
    if s.starts_with(AWS_ALIAS_PREFIX) {
        return Err(Invalid::new(format!("`{AWS_ALIAS_PREFIX}` is reserved for AWS managed keys")));
    }
    alias_data_name(v)
}

/// An alias name as data sources take it: AWS managed aliases allowed.
pub(super) fn alias_data_name(v: &Json) -> Result<(), Invalid> {
    let Some(s) = v.as_str() else { return Ok(()) };
    if s.len() > 256 {
        return Err(Invalid::new("an alias name is at most 256 characters"));
    }
    let ok = s
        .strip_prefix(ALIAS_PREFIX)
        .is_some_and(|r| !r.is_empty() && r.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '/' | '_' | '-')));
    if !ok {
        return Err(Invalid::new("an alias name starts with `alias/` and has only letters, digits, `/`, `_` and `-`"));
    }
    Ok(())
}

/// The import id is the alias name.
fn import_prior(id: &str) -> Option<Obj> {
    id.starts_with(ALIAS_PREFIX).then(|| obj(&SCHEMA, vec![("id", Json::from(id))]))
}

/// What the verbs read.
#[derive(Deserialize)]
pub struct Args {
    #[serde(default, deserialize_with = "typed::text")]
    id: Option<String>,
    #[serde(default, deserialize_with = "typed::text")]
    name: Option<String>,
    #[serde(default, deserialize_with = "typed::text")]
    name_prefix: Option<String>,
    #[serde(default, deserialize_with = "typed::required")]
    target_key_id: String,
}

/// The key ARN of the key an alias (by its ARN) points to (the provider's `AliasARNToKeyARN`).
pub(super) fn key_arn(alias_arn: &str, key_id: &str) -> String {
    match alias_arn.split_once(":alias/") {
        Some((head, _)) => format!("{head}:key/{key_id}"),
        None => String::new(),
    }
}

/// The alias named `name` (`ListAliases`, as the provider finds it).
pub(super) async fn find_alias(ctx: &Ctx<'_>, name: &str) -> CloudResult<Option<Alias>> {
    let all = ctx.cloud.kms.list_aliases(ctx.region, None).await?;
    Ok(all.into_iter().find(|a| a.name == name))
}

async fn read_name(ctx: &Ctx<'_>, name: &str) -> CloudResult<Option<Obj>> {
    let Some(a) = find_alias(ctx, name).await? else { return Ok(None) };
    let target = a.target_key_id.clone().unwrap_or_default();
    Ok(Some(obj(
        &SCHEMA,
        vec![
            ("id", Json::from(a.name.as_str())),
            ("arn", Json::from(a.arn.as_str())),
            ("name", Json::from(a.name.as_str())),
            ("name_prefix", super::name_prefix_json(&a.name, "")),
            ("target_key_arn", Json::from(key_arn(&a.arn, &target))),
            ("target_key_id", Json::from(target)),
        ],
    )))
}

fn gone(name: &str) -> CloudError {
    let msg = format!("KMS alias {name} could not be read back after it was written");
    CloudError::new("kms", "ListAliases", ErrorKind::NotFound, "NotFoundException", msg)
}

#[async_trait]
impl Resource for KmsAlias {
    fn check(&self, planned: &Obj) -> Vec<(&'static str, Invalid)> {
        super::name_conflict(planned).into_iter().collect()
    }

    fn identity(&self, planned: &Obj) -> Option<String> {
        planned.get("name").and_then(Json::as_str).filter(|s| !s.is_empty()).map(str::to_string)
    }

    async fn read(&self, ctx: &Ctx<'_>, prior: &Obj) -> CloudResult<Option<Obj>> {
        let name = Self::args(prior)?.id.unwrap_or_default();
        read_name(ctx, &name).await
    }

    async fn create(&self, ctx: &Ctx<'_>, planned: &Obj) -> CloudResult<Obj> {
        let a = Self::args(planned)?;
        let name = super::new_name(a.name.as_deref(), Some(a.name_prefix.as_deref().unwrap_or(ALIAS_PREFIX)), "");
        ctx.cloud.kms.create_alias(ctx.region, &name, &a.target_key_id).await?;
        read_name(ctx, &name).await?.ok_or_else(|| gone(&name))
    }

    async fn update(&self, ctx: &Ctx<'_>, prior: &Obj, planned: &Obj) -> CloudResult<Obj> {
        let (p, a) = (Self::args(prior)?, Self::args(planned)?);
        let name = p.id.unwrap_or_default();
        if key_id_form(&p.target_key_id) != key_id_form(&a.target_key_id) {
            ctx.cloud.kms.update_alias(ctx.region, &name, &a.target_key_id).await?;
        }
        read_name(ctx, &name).await?.ok_or_else(|| gone(&name))
    }

    async fn delete(&self, ctx: &Ctx<'_>, prior: &Obj) -> CloudResult<()> {
        let name = Self::args(prior)?.id.unwrap_or_default();
        match ctx.cloud.kms.delete_alias(ctx.region, &name).await {
            Err(e) if e.kind == ErrorKind::NotFound => Ok(()),
            r => r,
        }
    }
}
