//! `aws_organizations_delegated_administrator`: a member account the organization's
//! management account registers as a service's delegated administrator
//! (`RegisterDelegatedAdministrator`). The id is `ACCOUNT_ID/SERVICE_PRINCIPAL`; both force a
//! new object, so there is no update.

use async_trait::async_trait;
use serde::Deserialize;
use serde_json::Value as Json;

use super::typed;
use super::{obj, Ctx, Declared, Import, Obj, OrgRole, Resource, ARN, ID};
use crate::cloud::{CloudError, CloudResult, ErrorKind};
use crate::schema::{Attr, Invalid, Schema, Ty};
use crate::services::organizations::DelegatedAdministrator;

resource_type!(
    OrganizationsDelegatedAdministrator = "aws_organizations_delegated_administrator",
    Import::Parse(import_prior)
);

static SCHEMA: Schema = Schema {
    attrs: &[
        ID,
        Attr::required("account_id", Ty::String).force_new().validate(super::inspector2_enabler::account_id),
        Attr::required("service_principal", Ty::String).force_new().validate(principal),
        ARN,
        Attr::computed("delegation_enabled_date", Ty::String),
        Attr::computed("email", Ty::String),
        Attr::computed("joined_method", Ty::String),
        Attr::computed("joined_timestamp", Ty::String),
        Attr::computed("name", Ty::String),
        Attr::computed("status", Ty::String),
    ],
    ..Schema::NONE
};

fn principal(v: &Json) -> Result<(), Invalid> {
    match v.as_str().map(|s| s.chars().count()) {
        Some(0) | Some(129..) => Err(Invalid::new("expected length of service_principal to be in the range (1 - 128)")),
        _ => Ok(()),
    }
}

fn to_obj(principal: &str, a: &DelegatedAdministrator) -> Obj {
    obj(
        &SCHEMA,
        vec![
            ("id", Json::from(format!("{}/{principal}", a.id))),
            ("account_id", Json::from(a.id.as_str())),
            ("service_principal", Json::from(principal)),
            ("arn", Json::from(a.arn.as_str())),
            ("delegation_enabled_date", Json::from(a.delegation_enabled_date.as_str())),
            ("email", Json::from(a.email.as_str())),
            ("joined_method", Json::from(a.joined_method.as_str())),
            ("joined_timestamp", Json::from(a.joined_timestamp.as_str())),
            ("name", Json::from(a.name.as_str())),
            ("status", Json::from(a.status.as_str())),
        ],
    )
}

/// `ACCOUNT_ID/SERVICE_PRINCIPAL`, as the provider parses it: two non-empty parts.
fn import_prior(id: &str) -> Option<Obj> {
    let (account, principal) = id.split_once('/')?;
    if account.is_empty() || principal.is_empty() || principal.contains('/') {
        return None;
    }
    Some(obj(
        &SCHEMA,
        vec![("id", Json::from(id)), ("account_id", Json::from(account)), ("service_principal", Json::from(principal))],
    ))
}

/// What the verbs read.
#[derive(Deserialize)]
pub struct Args {
    #[serde(default, deserialize_with = "typed::required")]
    account_id: String,
    #[serde(default, deserialize_with = "typed::required")]
    service_principal: String,
}

/// The registration, found as the provider finds it: among the service's administrators.
async fn find(ctx: &Ctx<'_>, account: &str, principal: &str) -> CloudResult<Option<Obj>> {
    let admins = ctx.cloud.organizations.list_delegated_administrators(Some(principal)).await?;
    Ok(admins.iter().find(|a| a.id == account).map(|a| to_obj(principal, a)))
}

#[async_trait]
impl Resource for OrganizationsDelegatedAdministrator {
    /// Only the management account registers delegated administrators.
    fn org_role(&self) -> OrgRole {
        OrgRole::Management
    }

    async fn read(&self, ctx: &Ctx<'_>, prior: &Obj) -> CloudResult<Option<Obj>> {
        let a = Self::args(prior)?;
        find(ctx, &a.account_id, &a.service_principal).await
    }

    async fn create(&self, ctx: &Ctx<'_>, planned: &Obj) -> CloudResult<Obj> {
        let a = Self::args(planned)?;
        ctx.cloud.organizations.register_delegated_administrator(&a.account_id, &a.service_principal).await?;
        find(ctx, &a.account_id, &a.service_principal).await?.ok_or_else(|| {
            let msg = format!(
                "account {} is not listed among {}'s delegated administrators after registering",
                a.account_id, a.service_principal
            );
            CloudError::new("organizations", "ListDelegatedAdministrators", ErrorKind::NotFound, "NotFound", msg)
        })
    }

    async fn update(&self, ctx: &Ctx<'_>, _prior: &Obj, planned: &Obj) -> CloudResult<Obj> {
        // Every argument forces a new object; nothing is updated in place.
        let a = Self::args(planned)?;
        Ok(find(ctx, &a.account_id, &a.service_principal).await?.unwrap_or_else(|| planned.clone()))
    }

    /// A registration already gone is gone.
    async fn delete(&self, ctx: &Ctx<'_>, prior: &Obj) -> CloudResult<()> {
        let a = Self::args(prior)?;
        match ctx.cloud.organizations.deregister_delegated_administrator(&a.account_id, &a.service_principal).await {
            Err(e) if e.kind == ErrorKind::NotFound => Ok(()),
            other => other,
        }
    }
}
