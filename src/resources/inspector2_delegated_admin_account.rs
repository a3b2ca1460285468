//! `aws_inspector2_delegated_admin_account`: the organization account that administers
//! Amazon Inspector for all members.

use async_trait::async_trait;
use serde_json::Value as Json;

use serde::Deserialize;

use super::typed::{self};
use super::{obj, Ctx, Declared, Import, Obj, OrgRole, Resource, ID, REGION};
use crate::cloud::Absent;
use crate::cloud::CloudResult;
use crate::schema::{Attr, Schema, Ty};

resource_type!(Inspector2DelegatedAdminAccount = "aws_inspector2_delegated_admin_account", Import::Parse(import_prior));

static SCHEMA: Schema = Schema {
    attrs: &[
        ID,
        Attr::required("account_id", Ty::String).force_new().validate(super::inspector2_enabler::account_id),
        Attr::computed("relationship_status", Ty::String),
        REGION,
    ],
    ..Schema::NONE
};

fn to_obj(account: &str, status: &str) -> Obj {
    obj(
        &SCHEMA,
        vec![
            ("id", Json::from(account)),
            ("account_id", Json::from(account)),
            ("relationship_status", Json::from(status)),
        ],
    )
}

/// What the verbs read.
#[derive(Deserialize)]
pub struct Args {
    #[serde(default, deserialize_with = "typed::required")]
    account_id: String,
}

#[async_trait]
impl Resource for Inspector2DelegatedAdminAccount {
    /// Only the management account designates a delegated administrator.
    fn org_role(&self) -> OrgRole {
        OrgRole::Management
    }
    fn designates(&self, planned: &Obj) -> Option<(&'static str, String)> {
        Some(("inspector2", planned.get("account_id")?.as_str()?.to_string()))
    }
    async fn read(&self, ctx: &Ctx<'_>, prior: &Obj) -> CloudResult<Option<Obj>> {
        let id = &Self::args(prior)?.account_id;
        let admins = ctx.cloud.inspector2.list_delegated_admins(ctx.region).await?;
        Ok(admins.iter().find(|(a, _)| a == id).map(|(a, st)| to_obj(a, st)))
    }

    async fn create(&self, ctx: &Ctx<'_>, planned: &Obj) -> CloudResult<Obj> {
        let id = &Self::args(planned)?.account_id;
        ctx.cloud.inspector2.enable_delegated_admin(ctx.region, id).await?;
        // As the provider: done when the account is listed as an ENABLED administrator.
        let what = format!("the delegated administrator {id}");
        super::waiting::until_done(ctx, "enabling", "create", || async {
            let admins = ctx.cloud.inspector2.list_delegated_admins(ctx.region).await?;
            Ok(match admins.iter().find(|(a, _)| a == id) {
                Some((_, st)) if st == "ENABLED" => None,
                Some((_, st)) => Some(format!("{what} ({st})")),
                None => Some(format!("{what} (not listed yet)")),
            })
        })
        .await?;
        Ok(self.read(ctx, planned).await?.unwrap_or_else(|| to_obj(id, "ENABLED")))
    }

    async fn update(&self, _ctx: &Ctx<'_>, prior: &Obj, _planned: &Obj) -> CloudResult<Obj> {
        // The only argument forces replacement.
        Ok(prior.clone())
    }

    async fn delete(&self, ctx: &Ctx<'_>, prior: &Obj) -> CloudResult<()> {
        let id = &Self::args(prior)?.account_id;
        ctx.cloud.inspector2.disable_delegated_admin(ctx.region, id).await.gone()?;
        let what = format!("the delegated administrator {id}");
        super::waiting::until_done(ctx, "disabling", "delete", || async {
            let admins = ctx.cloud.inspector2.list_delegated_admins(ctx.region).await?;
            Ok(admins.iter().find(|(a, _)| a == id).map(|(_, st)| format!("{what} ({st})")))
        })
        .await
    }
}

/// Import id: the account id.
fn import_prior(id: &str) -> Option<Obj> {
    (id.len() == 12).then(|| obj(&SCHEMA, vec![("account_id", Json::from(id))]))
}
