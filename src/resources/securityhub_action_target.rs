//! `aws_securityhub_action_target`: a custom action in Security Hub, which sends the findings
//! a user picks to EventBridge. `identifier` names it in its ARN (the id); name and description
//! change in place.

use async_trait::async_trait;
use serde::Deserialize;
use serde_json::Value as Json;

use super::typed;
use super::{obj, Ctx, Declared, Import, Obj, Resource, ID, REGION};
use crate::cloud::{CloudError, CloudResult, ErrorKind};
use crate::schema::{Attr, Schema, Ty};
use crate::services::securityhub::{unless_off, ActionTarget};

resource_type!(SecurityHubActionTarget = "aws_securityhub_action_target", Import::Parse(import_prior));

static SCHEMA: Schema = Schema {
    attrs: &[
        ID,
        Attr::computed("arn", Ty::String),
        Attr::required("description", Ty::String),
        Attr::required("identifier", Ty::String).force_new(),
        Attr::required("name", Ty::String),
        REGION,
    ],
    ..Schema::NONE
};

fn import_prior(id: &str) -> Option<Obj> {
    let identifier = id.split_once(":action/custom/")?.1;
    Some(obj(&SCHEMA, vec![("id", Json::from(id)), ("identifier", Json::from(identifier))]))
}

/// What the verbs read.
#[derive(Deserialize)]
pub struct Args {
    #[serde(default, deserialize_with = "typed::text")]
    id: Option<String>,
    #[serde(default, deserialize_with = "typed::required")]
    identifier: String,
    #[serde(default, deserialize_with = "typed::required")]
    name: String,
    #[serde(default, deserialize_with = "typed::required")]
    description: String,
}

fn to_obj(t: &ActionTarget) -> Obj {
    let identifier = t.arn.rsplit('/').next().unwrap_or_default();
    obj(
        &SCHEMA,
        vec![
            ("id", Json::from(t.arn.as_str())),
            ("arn", Json::from(t.arn.as_str())),
            ("description", Json::from(t.description.as_str())),
            ("identifier", Json::from(identifier)),
            ("name", Json::from(t.name.as_str())),
        ],
    )
}

async fn read_arn(ctx: &Ctx<'_>, arn: &str) -> CloudResult<Option<Obj>> {
    Ok(unless_off(ctx.cloud.securityhub.describe_action_target(ctx.region, arn).await)?.as_ref().map(to_obj))
}

fn gone(arn: &str) -> CloudError {
    let msg = format!("custom action {arn} could not be read back after it was written");
    CloudError::new("securityhub", "DescribeActionTargets", ErrorKind::NotFound, "ResourceNotFoundException", msg)
}

#[async_trait]
impl Resource for SecurityHubActionTarget {
    async fn read(&self, ctx: &Ctx<'_>, prior: &Obj) -> CloudResult<Option<Obj>> {
        read_arn(ctx, &Self::args(prior)?.id.unwrap_or_default()).await
    }

    async fn create(&self, ctx: &Ctx<'_>, planned: &Obj) -> CloudResult<Obj> {
        let a = Self::args(planned)?;
        let arn =
            ctx.cloud.securityhub.create_action_target(ctx.region, &a.identifier, &a.name, &a.description).await?;
        read_arn(ctx, &arn).await?.ok_or_else(|| gone(&arn))
    }

    async fn update(&self, ctx: &Ctx<'_>, prior: &Obj, planned: &Obj) -> CloudResult<Obj> {
        let (p, a) = (Self::args(prior)?, Self::args(planned)?);
        let arn = p.id.unwrap_or_default();
        ctx.cloud.securityhub.update_action_target(ctx.region, &arn, &a.name, &a.description).await?;
        read_arn(ctx, &arn).await?.ok_or_else(|| gone(&arn))
    }

    async fn delete(&self, ctx: &Ctx<'_>, prior: &Obj) -> CloudResult<()> {
        let arn = Self::args(prior)?.id.unwrap_or_default();
        match ctx.cloud.securityhub.delete_action_target(ctx.region, &arn).await {
            Err(e) if e.kind == ErrorKind::NotFound => Ok(()),
            other => other,
        }
    }
}
