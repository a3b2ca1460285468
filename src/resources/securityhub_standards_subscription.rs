//! `aws_securityhub_standards_subscription`: one security standard enabled in Security Hub in
//! one region. The id is the subscription ARN. Security Hub may take a while to set a standard
//! up: create waits for it to be ready (and delete for it to go) within `timeouts`. The plan
//! names the standard beside its ARN.

use async_trait::async_trait;
use serde::Deserialize;
use serde_json::Value as Json;

use super::typed;
use super::{obj, Ctx, Declared, Import, Obj, Resource, ID, REGION};
use crate::cloud::{CloudError, CloudResult, ErrorKind};
use crate::schema::{Attr, Invalid, Schema, Ty};
use crate::services::securityhub::{standard_of, unless_off, Subscription};

resource_type!(
    SecurityHubStandardsSubscription = "aws_securityhub_standards_subscription",
    Import::Parse(import_prior)
);

static SCHEMA: Schema = Schema {
    attrs: &[
        ID,
        Attr::required("standards_arn", Ty::String).force_new().validate(valid_arn).explain(standard_name),
        REGION,
    ],
    ..Schema::NONE
};

/// The standard's name, for the plan.
pub(super) fn standard_name(arn: &str) -> Option<String> {
    standard_of(arn).map(|s| s.name.to_string())
}

fn valid_arn(v: &Json) -> Result<(), Invalid> {
    match v.as_str() {
        Some(s) if !s.starts_with("arn:") || s.split(':').count() < 6 => Err(Invalid {
            message: format!("{s:?} is not an ARN"),
            help: Some(
                "name the standard by its ARN, e.g. \"arn:aws:securityhub:us-east-1::standards/aws-foundational-security-best-practices/v/1.0.0\""
                    .into(),
            ),
            range: None,
        }),
        _ => Ok(()),
    }
}

/// The import id is the subscription ARN (`…:subscription/PATH`).
fn import_prior(id: &str) -> Option<Obj> {
    id.contains(":subscription/").then(|| obj(&SCHEMA, vec![("id", Json::from(id))]))
}

/// What the verbs read.
#[derive(Deserialize)]
pub struct Args {
    #[serde(default, deserialize_with = "typed::text")]
    id: Option<String>,
    #[serde(default, deserialize_with = "typed::required")]
    standards_arn: String,
}

fn to_obj(s: &Subscription) -> Obj {
    obj(&SCHEMA, vec![("id", Json::from(s.arn.as_str())), ("standards_arn", Json::from(s.standards_arn.as_str()))])
}

/// The subscription `arn`, unless it failed (the provider takes a failed one as gone).
async fn find(ctx: &Ctx<'_>, arn: &str) -> CloudResult<Option<Subscription>> {
    let all = unless_off(ctx.cloud.securityhub.enabled_standards(ctx.region).await)?;
    Ok(all.into_iter().find(|s| s.arn == arn && s.status != "FAILED"))
}

#[async_trait]
impl Resource for SecurityHubStandardsSubscription {
    fn notes(&self, planned: &Obj) -> Vec<String> {
        let arn = planned.get("standards_arn").and_then(Json::as_str).unwrap_or_default();
        match standard_of(arn) {
            Some(_) => Vec::new(),
            None if arn.is_empty() => Vec::new(),
            None => vec![format!("{arn} is not a standard Security Hub is known to offer")],
        }
    }

    /// An interrupted create may have enabled the standard: its subscription is the one to keep.
    async fn find_made(&self, ctx: &Ctx<'_>, planned: &Obj) -> CloudResult<Option<Obj>> {
        let want = Self::args(planned)?.standards_arn;
        let all = unless_off(ctx.cloud.securityhub.enabled_standards(ctx.region).await)?;
        Ok(all.iter().find(|s| s.standards_arn == want && s.status != "FAILED").map(to_obj))
    }

    async fn read(&self, ctx: &Ctx<'_>, prior: &Obj) -> CloudResult<Option<Obj>> {
        let id = Self::args(prior)?.id.unwrap_or_default();
        Ok(find(ctx, &id).await?.as_ref().map(to_obj))
    }

    async fn create(&self, ctx: &Ctx<'_>, planned: &Obj) -> CloudResult<Obj> {
        let a = Self::args(planned)?;
        let s = ctx.cloud.securityhub.enable_standard(ctx.region, &a.standards_arn).await?;
        (ctx.record)(&to_obj(&s));
        let name = standard_name(&a.standards_arn).unwrap_or_else(|| a.standards_arn.clone());
        super::waiting::until_service_done(ctx, ("securityhub", "Security Hub"), "enabling", "create", || async {
            match find(ctx, &s.arn).await? {
                Some(now) if now.status == "PENDING" => Ok(Some(format!("{name} ({})", now.status))),
                Some(_) => Ok(None),
                None => {
                    let msg = format!("{name} failed to enable ({})", s.arn);
                    Err(CloudError::new("securityhub", "GetEnabledStandards", ErrorKind::Other, "FAILED", msg))
                }
            }
        })
        .await?;
        Ok(to_obj(&s))
    }

    async fn update(&self, ctx: &Ctx<'_>, prior: &Obj, _planned: &Obj) -> CloudResult<Obj> {
        // Every argument forces a new object; nothing is updated in place.
        Ok(self.read(ctx, prior).await?.unwrap_or_else(|| prior.clone()))
    }

    async fn delete(&self, ctx: &Ctx<'_>, prior: &Obj) -> CloudResult<()> {
        let id = Self::args(prior)?.id.unwrap_or_default();
        if find(ctx, &id).await?.is_none() {
            return Ok(());
        }
        ctx.cloud.securityhub.disable_standard(ctx.region, &id).await?;
        super::waiting::until_service_done(ctx, ("securityhub", "Security Hub"), "disabling", "delete", || async {
            Ok(find(ctx, &id).await?.filter(|s| s.status == "DELETING").map(|s| format!("{} ({})", s.arn, s.status)))
        })
        .await
    }
}
