//! `aws_securityhub_organization_admin_account`: the account the organization's management
//! account makes Security Hub's delegated administrator in this region (the management account
//! may name itself). The id is the account id. Designation takes effect asynchronously in AWS:
//! create waits for the administrator to be listed as enabled, delete for it to go.

use async_trait::async_trait;
use serde::Deserialize;
use serde_json::Value as Json;

use super::typed;
use super::{obj, Ctx, Declared, Import, Obj, OrgRole, Resource, ID, REGION};
use crate::cloud::{CloudResult, ErrorKind};
use crate::schema::{Attr, Schema, Ty};

resource_type!(
    SecurityHubOrganizationAdminAccount = "aws_securityhub_organization_admin_account",
    Import::Parse(import_prior)
);

static SCHEMA: Schema = Schema {
    attrs: &[
        ID,
        Attr::required("admin_account_id", Ty::String).force_new().validate(super::inspector2_enabler::account_id),
        REGION,
    ],
    ..Schema::NONE
};

fn to_obj(account: &str) -> Obj {
    obj(&SCHEMA, vec![("id", Json::from(account)), ("admin_account_id", Json::from(account))])
}

fn import_prior(id: &str) -> Option<Obj> {
    (id.len() == 12 && id.bytes().all(|b| b.is_ascii_digit())).then(|| to_obj(id))
}

/// What the verbs read.
#[derive(Deserialize)]
pub struct Args {
    #[serde(default, deserialize_with = "typed::required")]
    admin_account_id: String,
}

/// The administrator's status as listed (`ENABLED`, `DISABLE_IN_PROGRESS`), if listed.
async fn status(ctx: &Ctx<'_>, account: &str) -> CloudResult<Option<String>> {
    let admins = ctx.cloud.securityhub.list_organization_admins(ctx.region).await?;
    Ok(admins.into_iter().find(|(a, _)| a == account).map(|(_, s)| s))
}

const SERVICE: (&str, &str) = ("securityhub", "Security Hub");

#[async_trait]
impl Resource for SecurityHubOrganizationAdminAccount {
    /// Only the management account designates a delegated administrator.
    fn org_role(&self) -> OrgRole {
        OrgRole::Management
    }
    fn designates(&self, planned: &Obj) -> Option<(&'static str, String)> {
        Some(("securityhub", planned.get("admin_account_id")?.as_str()?.to_string()))
    }

    async fn read(&self, ctx: &Ctx<'_>, prior: &Obj) -> CloudResult<Option<Obj>> {
        let account = Self::args(prior)?.admin_account_id;
        Ok(status(ctx, &account).await?.filter(|s| s == "ENABLED").map(|_| to_obj(&account)))
    }

    async fn create(&self, ctx: &Ctx<'_>, planned: &Obj) -> CloudResult<Obj> {
        let account = Self::args(planned)?.admin_account_id;
        ctx.cloud.securityhub.enable_organization_admin(ctx.region, &account).await?;
        super::waiting::until_service_done(ctx, SERVICE, "designating", "create", || async {
            Ok(match status(ctx, &account).await? {
                Some(s) if s == "ENABLED" => None,
                other => {
                    Some(format!("administrator {account} ({})", other.unwrap_or_else(|| "not listed yet".into())))
                }
            })
        })
        .await?;
        Ok(to_obj(&account))
    }

    async fn update(&self, ctx: &Ctx<'_>, prior: &Obj, _planned: &Obj) -> CloudResult<Obj> {
        // Every argument forces a new object; nothing is updated in place.
        Ok(self.read(ctx, prior).await?.unwrap_or_else(|| prior.clone()))
    }

    async fn delete(&self, ctx: &Ctx<'_>, prior: &Obj) -> CloudResult<()> {
        let account = Self::args(prior)?.admin_account_id;
        match ctx.cloud.securityhub.disable_organization_admin(ctx.region, &account).await {
            Err(e) if e.kind == ErrorKind::NotFound => return Ok(()),
            other => other?,
        }
        super::waiting::until_service_done(ctx, SERVICE, "removing", "delete", || async {
            Ok(status(ctx, &account).await?.map(|s| format!("administrator {account} ({s})")))
        })
        .await
    }
}
