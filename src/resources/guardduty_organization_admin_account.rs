//! `aws_guardduty_organization_admin_account`: the account the organization's management
//! account makes GuardDuty's delegated administrator in this region. The id is the account id.

use async_trait::async_trait;
use serde::Deserialize;
use serde_json::Value as Json;

use super::typed;
use super::{obj, Ctx, Declared, Import, Obj, OrgRole, Resource, ID, REGION};
use crate::cloud::{CloudError, CloudResult, ErrorKind};
use crate::schema::{Attr, Schema, Ty};

resource_type!(
    GuardDutyOrganizationAdminAccount = "aws_guardduty_organization_admin_account",
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

async fn read_account(ctx: &Ctx<'_>, account: &str) -> CloudResult<Option<Obj>> {
    let admins = ctx.cloud.guardduty.list_organization_admins(ctx.region).await?;
    Ok(admins.iter().any(|(a, status)| a == account && status == "ENABLED").then(|| to_obj(account)))
}

#[async_trait]
impl Resource for GuardDutyOrganizationAdminAccount {
    /// Only the management account designates a delegated administrator.
    fn org_role(&self) -> OrgRole {
        OrgRole::Management
    }
    fn designates(&self, planned: &Obj) -> Option<(&'static str, String)> {
        Some(("guardduty", planned.get("admin_account_id")?.as_str()?.to_string()))
    }

    async fn read(&self, ctx: &Ctx<'_>, prior: &Obj) -> CloudResult<Option<Obj>> {
        read_account(ctx, &Self::args(prior)?.admin_account_id).await
    }

    async fn create(&self, ctx: &Ctx<'_>, planned: &Obj) -> CloudResult<Obj> {
        let account = Self::args(planned)?.admin_account_id;
        ctx.cloud.guardduty.enable_organization_admin(ctx.region, &account).await?;
        read_account(ctx, &account).await?.ok_or_else(|| {
            let msg = format!("account {account} is not listed as GuardDuty's delegated administrator after enabling");
            CloudError::new("guardduty", "ListOrganizationAdminAccounts", ErrorKind::NotFound, "NotFound", msg)
        })
    }

    async fn update(&self, ctx: &Ctx<'_>, _prior: &Obj, planned: &Obj) -> CloudResult<Obj> {
        // Every argument forces a new object; nothing is updated in place.
        Ok(read_account(ctx, &Self::args(planned)?.admin_account_id).await?.unwrap_or_else(|| planned.clone()))
    }

    /// An administrator already disabled (or GuardDuty turned off) is gone, as the provider
    /// takes it.
    async fn delete(&self, ctx: &Ctx<'_>, prior: &Obj) -> CloudResult<()> {
        let account = Self::args(prior)?.admin_account_id;
        match ctx.cloud.guardduty.disable_organization_admin(ctx.region, &account).await {
            Err(e) if e.kind == ErrorKind::NotFound || e.message.contains("has already been disabled") => Ok(()),
            other => other,
        }
    }
}
