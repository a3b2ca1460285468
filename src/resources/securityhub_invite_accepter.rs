//! `aws_securityhub_invite_accepter`: the member account's acceptance of its Security Hub
//! administrator's invitation (`master_id`) in one region. Create finds the pending invitation
//! and accepts it; destroy leaves the administrator. The id is the member's account id.

use async_trait::async_trait;
use serde::Deserialize;
use serde_json::Value as Json;

use super::typed;
use super::{obj, Ctx, Declared, Import, Obj, Resource, ID, REGION};
use crate::cloud::{CloudError, CloudResult, ErrorKind};
use crate::schema::{Attr, Schema, Ty};
use crate::services::securityhub::unless_off;

resource_type!(SecurityHubInviteAccepter = "aws_securityhub_invite_accepter", Import::Parse(import_prior));

static SCHEMA: Schema = Schema {
    attrs: &[
        ID,
        Attr::computed("invitation_id", Ty::String),
        Attr::required("master_id", Ty::String).force_new().validate(super::inspector2_enabler::account_id),
        REGION,
    ],
    ..Schema::NONE
};

fn import_prior(id: &str) -> Option<Obj> {
    (!id.is_empty()).then(|| obj(&SCHEMA, vec![("id", Json::from(id))]))
}

/// What the verbs read.
#[derive(Deserialize)]
pub struct Args {
    #[serde(default, deserialize_with = "typed::required")]
    master_id: String,
}

async fn read_now(ctx: &Ctx<'_>) -> CloudResult<Option<Obj>> {
    let Some(a) = unless_off(ctx.cloud.securityhub.get_administrator(ctx.region).await)? else { return Ok(None) };
    let account = ctx.cloud.account_id().await?;
    Ok(Some(obj(
        &SCHEMA,
        vec![
            ("id", Json::from(account)),
            ("invitation_id", Json::from(a.invitation_id.as_str())),
            ("master_id", Json::from(a.account_id.as_str())),
        ],
    )))
}

#[async_trait]
impl Resource for SecurityHubInviteAccepter {
    async fn read(&self, ctx: &Ctx<'_>, _prior: &Obj) -> CloudResult<Option<Obj>> {
        read_now(ctx).await
    }

    async fn create(&self, ctx: &Ctx<'_>, planned: &Obj) -> CloudResult<Obj> {
        let master = Self::args(planned)?.master_id;
        let invitations = ctx.cloud.securityhub.list_invitations(ctx.region).await?;
        let Some(inv) = invitations.iter().find(|i| i.account_id == master) else {
            let msg = format!("no Security Hub invitation from account {master} in {}", ctx.region);
            return Err(CloudError::new("securityhub", "ListInvitations", ErrorKind::NotFound, "NotFound", msg));
        };
        ctx.cloud.securityhub.accept_invitation(ctx.region, &master, &inv.invitation_id).await?;
        read_now(ctx).await?.ok_or_else(|| {
            let msg = format!("the invitation from {master} was accepted but no administrator is associated");
            CloudError::new("securityhub", "GetAdministratorAccount", ErrorKind::NotFound, "NotFound", msg)
        })
    }

    async fn update(&self, ctx: &Ctx<'_>, prior: &Obj, _planned: &Obj) -> CloudResult<Obj> {
        // Every argument forces a new object; nothing is updated in place.
        Ok(read_now(ctx).await?.unwrap_or_else(|| prior.clone()))
    }

    async fn delete(&self, ctx: &Ctx<'_>, _prior: &Obj) -> CloudResult<()> {
        match ctx.cloud.securityhub.leave_administrator(ctx.region).await {
            Err(e) if e.kind == ErrorKind::NotFound => Ok(()),
            other => other,
        }
    }
}
