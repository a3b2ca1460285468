//! `aws_sns_topic_policy`: a topic's access policy, managed apart from the topic. Destroying it
//! gives the topic back SNS's default policy, as the provider does. The id is the topic ARN.

use async_trait::async_trait;
use serde::Deserialize;
use serde_json::Value as Json;

use super::typed::{self};
use super::{arn_obj, Ctx, Declared, Import, Obj, Resource, ID, REGION};
use crate::cloud::CloudResult;
use crate::policy::DocumentKind::Permissions;
use crate::schema::{self, Attr, Schema, Ty};
use crate::services::sns::default_topic_policy;

resource_type!(SnsTopicPolicy = "aws_sns_topic_policy", Import::Parse(import_prior));

static SCHEMA: Schema = Schema {
    attrs: &[
        ID,
        Attr::required("arn", Ty::String).force_new().validate(schema::arn),
        Attr::required("policy", Ty::String).json().validate(schema::json_object).policy(Permissions),
        Attr::computed("owner", Ty::String),
        REGION,
    ],
    ..Schema::NONE
};

/// What the verbs read.
#[derive(Deserialize)]
pub struct Args {
    #[serde(default, deserialize_with = "typed::required")]
    arn: String,
    #[serde(default, deserialize_with = "typed::required")]
    policy: String,
}

#[async_trait]
impl Resource for SnsTopicPolicy {
    fn identity(&self, planned: &Obj) -> Option<String> {
        planned.get("arn").and_then(Json::as_str).filter(|s| !s.is_empty()).map(str::to_string)
    }

    /// Gone when the topic is gone.
    async fn read(&self, ctx: &Ctx<'_>, prior: &Obj) -> CloudResult<Option<Obj>> {
        let arn = prior.get("arn").and_then(Json::as_str).unwrap_or_default();
        let Some(a) = ctx.cloud.sns.get_topic_attributes(ctx.region, arn).await? else { return Ok(None) };
        let field = |k: &str| a.get(k).map(|v| Json::from(v.as_str())).unwrap_or(Json::Null);
        Ok(Some(arn_obj(&SCHEMA, arn, vec![("policy", field("Policy")), ("owner", field("Owner"))])))
    }

    async fn create(&self, ctx: &Ctx<'_>, planned: &Obj) -> CloudResult<Obj> {
        let a = Self::args(planned)?;
        ctx.cloud.sns.set_topic_attribute(ctx.region, &a.arn, "Policy", &a.policy).await?;
        let read = self.read(ctx, planned).await?;
        Ok(read.unwrap_or_else(|| planned.clone()))
    }

    async fn update(&self, ctx: &Ctx<'_>, _prior: &Obj, planned: &Obj) -> CloudResult<Obj> {
        self.create(ctx, planned).await
    }

    /// Puts back SNS's default policy (the topic keeps existing); a topic already gone is fine.
    async fn delete(&self, ctx: &Ctx<'_>, prior: &Obj) -> CloudResult<()> {
        let arn = Self::args(prior)?.arn;
        let Some(a) = ctx.cloud.sns.get_topic_attributes(ctx.region, &arn).await? else { return Ok(()) };
        let owner = a.get("Owner").cloned().unwrap_or_default();
        ctx.cloud.sns.set_topic_attribute(ctx.region, &arn, "Policy", &default_topic_policy(&arn, &owner)).await
    }
}

/// Import id: the topic ARN.
fn import_prior(id: &str) -> Option<Obj> {
    id.starts_with("arn:").then(|| arn_obj(&SCHEMA, id, vec![]))
}
