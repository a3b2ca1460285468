//! `aws_securityhub_organization_configuration`: what Security Hub's delegated administrator
//! sets for the organization: whether new accounts get Security Hub (`auto_enable`) and its
//! default standards (`auto_enable_standards`), and whether the organization is configured
//! account by account (`LOCAL`) or centrally through configuration policies (`CENTRAL`, which
//! needs a finding aggregator). Destroying it returns the organization to local configuration
//! with nothing enabled for new accounts, as the provider does. The id is the administrator's
//! account id.

use async_trait::async_trait;
use serde::Deserialize;
use serde_json::{json, Value as Json};

use super::typed;
use super::{obj, Ctx, Declared, Import, Obj, OrgRole, Resource, ID, REGION};
use crate::cloud::CloudResult;
use crate::schema::{self, Attr, BlockType, Schema, Ty};
use crate::services::securityhub::{OrgConfig, AUTO_ENABLE_STANDARDS, CONFIGURATION_TYPES};

resource_type!(
    SecurityHubOrganizationConfiguration = "aws_securityhub_organization_configuration",
    Import::Parse(import_prior)
);

static CONFIGURATION: &[Attr] =
    &[Attr::required("configuration_type", Ty::String).validate(|v| schema::one_of(v, &CONFIGURATION_TYPES))];

static SCHEMA: Schema = Schema {
    attrs: &[
        ID,
        Attr::required("auto_enable", Ty::Bool),
        Attr::optional_computed("auto_enable_standards", Ty::String)
            .validate(|v| schema::one_of(v, &AUTO_ENABLE_STANDARDS)),
        REGION,
    ],
    blocks: &[BlockType::new("organization_configuration", CONFIGURATION).single().keep_live_when_unset()],
    ..Schema::NONE
};

fn import_prior(id: &str) -> Option<Obj> {
    (!id.is_empty()).then(|| obj(&SCHEMA, vec![("id", Json::from(id))]))
}

/// What the verbs read.
#[derive(Deserialize)]
pub struct Args {
    #[serde(default, deserialize_with = "typed::flag")]
    auto_enable: Option<bool>,
    #[serde(default, deserialize_with = "typed::text")]
    auto_enable_standards: Option<String>,
    #[serde(default, deserialize_with = "typed::raw")]
    organization_configuration: Json,
}

fn configuration_type(a: &Args) -> String {
    a.organization_configuration
        .as_array()
        .and_then(|b| b.first())
        .and_then(|b| b.get("configuration_type"))
        .and_then(Json::as_str)
        .unwrap_or_default()
        .to_string()
}

fn to_obj(account: &str, c: &OrgConfig) -> Obj {
    obj(
        &SCHEMA,
        vec![
            ("id", Json::from(account)),
            ("auto_enable", Json::Bool(c.auto_enable)),
            ("auto_enable_standards", Json::from(c.auto_enable_standards.as_str())),
            ("organization_configuration", json!([{ "configuration_type": c.configuration_type }])),
        ],
    )
}

async fn read_config(ctx: &Ctx<'_>) -> CloudResult<Obj> {
    let c = ctx.cloud.securityhub.describe_organization_configuration(ctx.region).await?;
    let account = ctx.cloud.account_id().await?;
    Ok(to_obj(&account, &c))
}

async fn put(ctx: &Ctx<'_>, planned: &Obj) -> CloudResult<Obj> {
    let a = SecurityHubOrganizationConfiguration::args(planned)?;
    let config = OrgConfig {
        auto_enable: a.auto_enable.unwrap_or(false),
        auto_enable_standards: a.auto_enable_standards.clone().unwrap_or_default(),
        configuration_type: configuration_type(&a),
    };
    ctx.cloud.securityhub.update_organization_configuration(ctx.region, &config).await?;
    read_config(ctx).await
}

#[async_trait]
impl Resource for SecurityHubOrganizationConfiguration {
    /// Only the delegated administrator configures the organization.
    fn org_role(&self) -> OrgRole {
        OrgRole::DelegatedAdmin("securityhub")
    }

    fn notes(&self, planned: &Obj) -> Vec<String> {
        let mut notes = Vec::new();
        match planned.get("auto_enable").and_then(Json::as_bool) {
            Some(true) => notes.push(
                "accounts that join the organization get Security Hub in this region; existing members are not changed"
                    .to_string(),
            ),
            Some(false) => {
                notes.push("accounts that join the organization do not get Security Hub automatically".into())
            }
            None => {}
        }
        if planned.get("auto_enable_standards").and_then(Json::as_str) == Some("DEFAULT") {
            notes.push("new accounts also get Security Hub's default standards".into());
        }
        let central = planned
            .get("organization_configuration")
            .and_then(|b| b.get(0))
            .and_then(|b| b.get("configuration_type"))
            .and_then(Json::as_str)
            == Some("CENTRAL");
        if central {
            notes.push("members are configured centrally, by configuration policies of this administrator".into());
        }
        notes
    }

    async fn read(&self, ctx: &Ctx<'_>, _prior: &Obj) -> CloudResult<Option<Obj>> {
        match read_config(ctx).await {
            Ok(o) => Ok(Some(o)),
            Err(e) => e.absent(),
        }
    }

    async fn create(&self, ctx: &Ctx<'_>, planned: &Obj) -> CloudResult<Obj> {
        put(ctx, planned).await
    }

    async fn update(&self, ctx: &Ctx<'_>, _prior: &Obj, planned: &Obj) -> CloudResult<Obj> {
        put(ctx, planned).await
    }

    async fn delete(&self, ctx: &Ctx<'_>, _prior: &Obj) -> CloudResult<()> {
        let local =
            OrgConfig { auto_enable: false, auto_enable_standards: "NONE".into(), configuration_type: "LOCAL".into() };
        ctx.cloud.securityhub.update_organization_configuration(ctx.region, &local).await
    }
}
