//! `aws_guardduty_invite_accepter`: in a member account, the acceptance of an administrator's
//! GuardDuty invitation. Creating it finds the pending invitation from `master_account_id`
//! (`ListInvitations`, waiting up to the create timeout for it to arrive) and accepts it with
//! the member's detector; destroying it disassociates the member from its administrator. The
//! id is the member's detector id.

use std::time::{Duration, Instant};

use async_trait::async_trait;
use serde::Deserialize;
use serde_json::Value as Json;

use super::typed;
use super::{obj, Ctx, Declared, Import, Obj, Resource, ID, REGION};
use crate::cloud::{Absent, CloudError, CloudResult, ErrorKind};
use crate::schema::{Attr, Schema, Ty};

resource_type!(GuardDutyInviteAccepter = "aws_guardduty_invite_accepter", Import::Parse(import_prior));

static SCHEMA: Schema = Schema {
    attrs: &[
        ID,
        Attr::required("detector_id", Ty::String).force_new(),
        Attr::required("master_account_id", Ty::String).force_new().validate(super::inspector2_enabler::account_id),
        REGION,
    ],
    ..Schema::NONE
};

/// The import id is the member's detector id.
fn import_prior(id: &str) -> Option<Obj> {
    (!id.is_empty()).then(|| obj(&SCHEMA, vec![("id", Json::from(id)), ("detector_id", Json::from(id))]))
}

/// What the verbs read.
#[derive(Deserialize)]
pub struct Args {
    #[serde(default, deserialize_with = "typed::required")]
    detector_id: String,
    #[serde(default, deserialize_with = "typed::text")]
    master_account_id: Option<String>,
}

/// How long to wait for the invitation (the provider's default create timeout).
const INVITATION_WAIT: Duration = Duration::from_secs(60);

async fn read_detector(ctx: &Ctx<'_>, detector: &str) -> CloudResult<Option<Obj>> {
    let admin = ctx.cloud.guardduty.get_administrator(ctx.region, detector).await.found()?.flatten();
    Ok(admin.map(|a| {
        obj(
            &SCHEMA,
            vec![
                ("id", Json::from(detector)),
                ("detector_id", Json::from(detector)),
                ("master_account_id", Json::from(a.account_id)),
            ],
        )
    }))
}

/// The id of the pending invitation from `master`, polling until it arrives or the create
/// timeout passes.
async fn invitation_from(ctx: &Ctx<'_>, detector: &str, master: &str) -> CloudResult<String> {
    let limit = ctx.timeout.unwrap_or(INVITATION_WAIT);
    let started = Instant::now();
    loop {
        let invitations = ctx.cloud.guardduty.list_invitations(ctx.region).await?;
        if let Some(i) = invitations.into_iter().find(|i| i.account_id == master) {
            return Ok(i.invitation_id);
        }
        if started.elapsed() >= limit {
            let msg = format!(
                "no pending GuardDuty invitation for detector {detector} from administrator account {master} after {}s",
                limit.as_secs()
            );
            return Err(CloudError::new("guardduty", "ListInvitations", ErrorKind::NotFound, "NotFound", msg));
        }
        (ctx.log)(&format!("waiting for GuardDuty's invitation from account {master}"));
        tokio::time::sleep(Duration::from_secs(2)).await;
    }
}

#[async_trait]
impl Resource for GuardDutyInviteAccepter {
    fn identity(&self, planned: &Obj) -> Option<String> {
        planned.get("detector_id").and_then(Json::as_str).filter(|s| !s.is_empty()).map(str::to_string)
    }

    async fn read(&self, ctx: &Ctx<'_>, prior: &Obj) -> CloudResult<Option<Obj>> {
        read_detector(ctx, &Self::args(prior)?.detector_id).await
    }

    async fn create(&self, ctx: &Ctx<'_>, planned: &Obj) -> CloudResult<Obj> {
        let a = Self::args(planned)?;
        let master = a.master_account_id.clone().unwrap_or_default();
        let invitation = invitation_from(ctx, &a.detector_id, &master).await?;
        ctx.cloud.guardduty.accept_administrator_invitation(ctx.region, &a.detector_id, &master, &invitation).await?;
        read_detector(ctx, &a.detector_id).await?.ok_or_else(|| {
            let msg = format!("detector {} has no administrator after accepting {master}'s invitation", a.detector_id);
            CloudError::new("guardduty", "GetAdministratorAccount", ErrorKind::NotFound, "NotFound", msg)
        })
    }

    async fn update(&self, ctx: &Ctx<'_>, _prior: &Obj, planned: &Obj) -> CloudResult<Obj> {
        // Every argument forces a new object; nothing is updated in place.
        Ok(read_detector(ctx, &Self::args(planned)?.detector_id).await?.unwrap_or_else(|| planned.clone()))
    }

    /// A detector already gone takes its administrator with it.
    async fn delete(&self, ctx: &Ctx<'_>, prior: &Obj) -> CloudResult<()> {
        let detector = Self::args(prior)?.detector_id;
        ctx.cloud.guardduty.disassociate_from_administrator(ctx.region, &detector).await.gone()
    }
}
