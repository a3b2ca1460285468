//! `aws_securityhub_product_subscription`: findings of one product (an AWS service or a
//! partner's) imported into Security Hub in one region. The id is `PRODUCT_ARN,SUBSCRIPTION_ARN`
//! as the provider writes it; `arn` is the subscription's ARN.

use async_trait::async_trait;
use serde::Deserialize;
use serde_json::Value as Json;

use super::typed;
use super::{obj, Ctx, Declared, Import, Obj, Resource, ID, REGION};
use crate::cloud::{CloudResult, ErrorKind};
use crate::schema::{Attr, Schema, Ty};
use crate::services::securityhub::unless_off;

resource_type!(SecurityHubProductSubscription = "aws_securityhub_product_subscription", Import::Parse(import_prior));

static SCHEMA: Schema = Schema {
    attrs: &[ID, Attr::computed("arn", Ty::String), Attr::required("product_arn", Ty::String).force_new(), REGION],
    ..Schema::NONE
};

fn to_obj(product: &str, subscription: &str) -> Obj {
    obj(
        &SCHEMA,
        vec![
            ("id", Json::from(format!("{product},{subscription}"))),
            ("arn", Json::from(subscription)),
            ("product_arn", Json::from(product)),
        ],
    )
}

fn import_prior(id: &str) -> Option<Obj> {
    let (product, subscription) = id.split_once(',')?;
    (product.starts_with("arn:") && subscription.starts_with("arn:")).then(|| to_obj(product, subscription))
}

/// What the verbs read.
#[derive(Deserialize)]
pub struct Args {
    #[serde(default, deserialize_with = "typed::text")]
    arn: Option<String>,
    #[serde(default, deserialize_with = "typed::required")]
    product_arn: String,
}

#[async_trait]
impl Resource for SecurityHubProductSubscription {
    async fn read(&self, ctx: &Ctx<'_>, prior: &Obj) -> CloudResult<Option<Obj>> {
        let a = Self::args(prior)?;
        let arn = a.arn.unwrap_or_default();
        let enabled = unless_off(ctx.cloud.securityhub.enabled_products(ctx.region).await)?;
        Ok(enabled.contains(&arn).then(|| to_obj(&a.product_arn, &arn)))
    }

    async fn create(&self, ctx: &Ctx<'_>, planned: &Obj) -> CloudResult<Obj> {
        let product = Self::args(planned)?.product_arn;
        let arn = ctx.cloud.securityhub.enable_product(ctx.region, &product).await?;
        Ok(to_obj(&product, &arn))
    }

    async fn update(&self, ctx: &Ctx<'_>, prior: &Obj, _planned: &Obj) -> CloudResult<Obj> {
        // Every argument forces a new object; nothing is updated in place.
        Ok(self.read(ctx, prior).await?.unwrap_or_else(|| prior.clone()))
    }

    async fn delete(&self, ctx: &Ctx<'_>, prior: &Obj) -> CloudResult<()> {
        let arn = Self::args(prior)?.arn.unwrap_or_default();
        match ctx.cloud.securityhub.disable_product(ctx.region, &arn).await {
            Err(e) if e.kind == ErrorKind::NotFound => Ok(()),
            other => other,
        }
    }
}
