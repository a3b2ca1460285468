//! `aws_securityhub_account`: AWS Security Hub enabled in one region of the account. The id is
//! the account id. `enable_default_standards` is only sent when enabling (Security Hub never
//! reports it back), so it is kept as configured; `auto_enable_controls` and
//! `control_finding_generator` are the hub's settings. Destroying it disables Security Hub in
//! the region, with its standards, integrations and custom actions.

use async_trait::async_trait;
use serde::Deserialize;
use serde_json::Value as Json;

use super::typed;
use super::{obj, Ctx, Declared, Import, Obj, Resource, ID, REGION};
use crate::cloud::{CloudError, CloudResult, ErrorKind};
use crate::schema::{self, Attr, Default, Schema, Ty};
use crate::services::securityhub::{Hub, FINDING_GENERATORS};

resource_type!(SecurityHubAccount = "aws_securityhub_account", Import::Parse(import_prior));

static SCHEMA: Schema = Schema {
    attrs: &[
        ID,
        Attr::computed("arn", Ty::String),
        Attr::optional("auto_enable_controls", Ty::Bool).default(Default::Bool(true)),
        Attr::optional_computed("control_finding_generator", Ty::String)
            .validate(|v| schema::one_of(v, &FINDING_GENERATORS)),
        Attr::optional("enable_default_standards", Ty::Bool).default(Default::Bool(true)).force_new(),
        REGION,
    ],
    ..Schema::NONE
};

/// The import id is the account id; the default standards are taken as enabled (the
/// provider's default), since Security Hub does not say.
fn import_prior(id: &str) -> Option<Obj> {
    crate::cloud::sandbox::rules::is_account_id(id)
        .then(|| obj(&SCHEMA, vec![("id", Json::from(id)), ("enable_default_standards", Json::Bool(true))]))
}

/// What the verbs read.
#[derive(Deserialize)]
pub struct Args {
    #[serde(default, deserialize_with = "typed::flag")]
    auto_enable_controls: Option<bool>,
    #[serde(default, deserialize_with = "typed::text")]
    control_finding_generator: Option<String>,
    #[serde(default, deserialize_with = "typed::flag")]
    enable_default_standards: Option<bool>,
}

fn to_obj(h: &Hub, account: &str, default_standards: bool) -> Obj {
    obj(
        &SCHEMA,
        vec![
            ("id", Json::from(account)),
            ("arn", Json::from(h.arn.as_str())),
            ("auto_enable_controls", Json::Bool(h.auto_enable_controls)),
            ("control_finding_generator", Json::from(h.control_finding_generator.as_str())),
            ("enable_default_standards", Json::Bool(default_standards)),
        ],
    )
}

async fn read_hub(ctx: &Ctx<'_>, default_standards: bool) -> CloudResult<Option<Obj>> {
    let Some(h) = ctx.cloud.securityhub.describe_hub(ctx.region).await? else { return Ok(None) };
    let account = ctx.cloud.account_id().await?;
    Ok(Some(to_obj(&h, &account, default_standards)))
}

fn gone() -> CloudError {
    CloudError::new(
        "securityhub",
        "DescribeHub",
        ErrorKind::NotFound,
        "NotFound",
        "Security Hub is not enabled after enabling it",
    )
}

/// Sends the hub's settings where they differ from what Security Hub has (a fresh hub already
/// has `auto_enable_controls` on, so most creates need no second call).
async fn settle(ctx: &Ctx<'_>, a: &Args, generator_changed: bool) -> CloudResult<()> {
    let want = a.auto_enable_controls.unwrap_or(true);
    let have = ctx.cloud.securityhub.describe_hub(ctx.region).await?.ok_or_else(gone)?;
    let generator = a.control_finding_generator.as_deref().filter(|g| !g.is_empty() && generator_changed);
    let generator = generator.filter(|g| *g != have.control_finding_generator);
    if have.auto_enable_controls != want || generator.is_some() {
        ctx.cloud.securityhub.update_hub(ctx.region, want, generator).await?;
    }
    Ok(())
}

#[async_trait]
impl Resource for SecurityHubAccount {
    fn notes(&self, planned: &Obj) -> Vec<String> {
        let mut notes = Vec::new();
        if planned.get("enable_default_standards").and_then(Json::as_bool) == Some(true) {
            notes.push(
                "enabling Security Hub also enables its default standards (AWS Foundational Security Best Practices \
                 v1.0.0, CIS AWS Foundations Benchmark v1.2.0)"
                    .to_string(),
            );
        }
        if planned.get("auto_enable_controls").and_then(Json::as_bool) == Some(false) {
            notes
                .push("controls Security Hub adds to enabled standards later stay off until enabled one by one".into());
        }
        notes
    }

    /// A hub already enabled (by an organization's auto-enable, a delegated administrator's
    /// designation, or by hand) is the region's one hub: it is adopted, where the provider
    /// fails with "already subscribed".
    async fn adopt(&self, ctx: &Ctx<'_>, planned: &Obj) -> CloudResult<Option<Obj>> {
        read_hub(ctx, Self::args(planned)?.enable_default_standards.unwrap_or(true)).await
    }

    async fn read(&self, ctx: &Ctx<'_>, prior: &Obj) -> CloudResult<Option<Obj>> {
        read_hub(ctx, Self::args(prior)?.enable_default_standards.unwrap_or(true)).await
    }

    async fn create(&self, ctx: &Ctx<'_>, planned: &Obj) -> CloudResult<Obj> {
        let a = Self::args(planned)?;
        let defaults = a.enable_default_standards.unwrap_or(true);
        let generator = a.control_finding_generator.as_deref().filter(|g| !g.is_empty());
        ctx.cloud.securityhub.enable_hub(ctx.region, defaults, generator, &crate::cloud::Tags::new()).await?;
        settle(ctx, &a, false).await?;
        read_hub(ctx, defaults).await?.ok_or_else(gone)
    }

    async fn update(&self, ctx: &Ctx<'_>, prior: &Obj, planned: &Obj) -> CloudResult<Obj> {
        let (p, a) = (Self::args(prior)?, Self::args(planned)?);
        settle(ctx, &a, p.control_finding_generator != a.control_finding_generator).await?;
        read_hub(ctx, a.enable_default_standards.unwrap_or(true)).await?.ok_or_else(gone)
    }

    /// A hub already disabled is gone, as the provider takes it. The delegated administrator's
    /// hub cannot be disabled while it is designated: the designation's removal (often in the
    /// same destroy, from the management account) is waited for, as the provider does.
    async fn delete(&self, ctx: &Ctx<'_>, _prior: &Obj) -> CloudResult<()> {
        super::waiting::until_service_done(ctx, ("securityhub", "Security Hub"), "removing", "delete", || async {
            match ctx.cloud.securityhub.disable_hub(ctx.region).await {
                Err(e) if e.message.contains("Cannot disable Security Hub on the Security Hub administrator") => {
                    Ok(Some("the delegated administrator designation of this account".to_string()))
                }
                Err(e) => Err(e),
                Ok(()) => Ok(None),
            }
        })
        .await
    }
}
