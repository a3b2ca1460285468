//! `aws_ebs_encryption_by_default`: whether new EBS volumes of the account in one region are
//! encrypted without asking (`EnableEbsEncryptionByDefault` / `DisableEbsEncryptionByDefault`).
//! The setting always exists, so a read never finds it gone; destroying the resource turns it
//! off, as the provider does. The id is a generated unique id (`terraform-…`, the provider's
//! `id.UniqueId()`), and any import id is taken (there is one setting per region).

use async_trait::async_trait;
use serde::Deserialize;
use serde_json::Value as Json;

use super::typed;
use super::{obj, Ctx, Declared, Import, Obj, Resource, ID, REGION};
use crate::cloud::CloudResult;
use crate::schema::{Attr, Default, Schema, Ty};

resource_type!(EbsEncryptionByDefault = "aws_ebs_encryption_by_default", Import::Parse(import_prior));

static SCHEMA: Schema =
    Schema { attrs: &[ID, Attr::optional("enabled", Ty::Bool).default(Default::Bool(true)), REGION], ..Schema::NONE };

/// What the verbs read.
#[derive(Deserialize)]
pub struct Args {
    #[serde(default, deserialize_with = "typed::text")]
    id: Option<String>,
    #[serde(default, deserialize_with = "typed::flag")]
    enabled: Option<bool>,
    #[serde(default, deserialize_with = "typed::text")]
    region: Option<String>,
}

fn to_obj(id: &str, enabled: bool) -> Obj {
    obj(&SCHEMA, vec![("id", Json::from(id)), ("enabled", Json::from(enabled))])
}

/// Import id: anything (the provider passes it through; its documentation uses `default`).
fn import_prior(id: &str) -> Option<Obj> {
    (!id.is_empty()).then(|| obj(&SCHEMA, vec![("id", Json::from(id))]))
}

#[async_trait]
impl Resource for EbsEncryptionByDefault {
    fn notes(&self, planned: &Obj) -> Vec<String> {
        let Ok(a) = Self::args(planned) else { return Vec::new() };
        let region = a.region.unwrap_or_else(|| "the provider's region".into());
        let note = if a.enabled.unwrap_or(true) {
            format!("new EBS volumes in {region} will be encrypted, whether or not their creator asks")
        } else {
            format!("new EBS volumes in {region} will be encrypted only when their creator asks")
        };
        vec![note]
    }

    async fn read(&self, ctx: &Ctx<'_>, prior: &Obj) -> CloudResult<Option<Obj>> {
        let id = Self::args(prior)?.id.unwrap_or_default();
        let on = ctx.cloud.ec2.get_ebs_encryption_by_default(ctx.region).await?;
        Ok(Some(to_obj(&id, on)))
    }

    async fn create(&self, ctx: &Ctx<'_>, planned: &Obj) -> CloudResult<Obj> {
        let on = Self::args(planned)?.enabled.unwrap_or(true);
        ctx.cloud.ec2.set_ebs_encryption_by_default(ctx.region, on).await?;
        let id = super::unique_id(super::DEFAULT_NAME_PREFIX);
        Ok(to_obj(&id, ctx.cloud.ec2.get_ebs_encryption_by_default(ctx.region).await?))
    }

    async fn update(&self, ctx: &Ctx<'_>, prior: &Obj, planned: &Obj) -> CloudResult<Obj> {
        let on = Self::args(planned)?.enabled.unwrap_or(true);
        ctx.cloud.ec2.set_ebs_encryption_by_default(ctx.region, on).await?;
        let id = Self::args(prior)?.id.unwrap_or_default();
        Ok(to_obj(&id, ctx.cloud.ec2.get_ebs_encryption_by_default(ctx.region).await?))
    }

    /// Removing the resource turns encryption by default off.
    async fn delete(&self, ctx: &Ctx<'_>, _prior: &Obj) -> CloudResult<()> {
        ctx.cloud.ec2.set_ebs_encryption_by_default(ctx.region, false).await.map(drop)
    }
}
