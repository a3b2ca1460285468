//! `aws_guardduty_member`: an account the administrator's detector takes as a GuardDuty
//! member (`CreateMembers`), invited (`InviteMembers`) when `invite` is true and disassociated
//! when it turns false. `relationship_status` is GuardDuty's word for where the membership
//! stands (`Created`, `Invited`, `Enabled` once the member accepted, `Removed`, `Resigned`).
//! GuardDuty does not report `disable_email_notification` or `invitation_message`: they keep
//! the configured values, as the provider does. The id is `DETECTOR_ID:ACCOUNT_ID`.

use std::time::{Duration, Instant};

use async_trait::async_trait;
use serde::Deserialize;
use serde_json::Value as Json;

use super::typed;
use super::{obj, Ctx, Declared, Import, Obj, Resource, ID, REGION};
use crate::cloud::{Absent, CloudError, CloudResult, ErrorKind};
use crate::schema::{Attr, Default, Schema, Ty};
use crate::services::guardduty::Member;

resource_type!(GuardDutyMember = "aws_guardduty_member", Import::Parse(import_prior));

static SCHEMA: Schema = Schema {
    attrs: &[
        ID,
        Attr::required("account_id", Ty::String).force_new().validate(super::inspector2_enabler::account_id),
        Attr::required("detector_id", Ty::String).force_new(),
        Attr::required("email", Ty::String).force_new(),
        // The provider records `false` for an unset `invite` (its read always sets it).
        Attr::optional("invite", Ty::Bool).default(Default::Bool(false)),
        Attr::optional("disable_email_notification", Ty::Bool).force_new(),
        Attr::optional("invitation_message", Ty::String).force_new(),
        Attr::computed("relationship_status", Ty::String),
        REGION,
    ],
    ..Schema::NONE
};

/// `DETECTOR_ID:ACCOUNT_ID`.
fn import_prior(id: &str) -> Option<Obj> {
    let (detector, account) = id.split_once(':')?;
    (!detector.is_empty() && !account.is_empty() && !account.contains(':')).then(|| {
        obj(
            &SCHEMA,
            vec![("id", Json::from(id)), ("detector_id", Json::from(detector)), ("account_id", Json::from(account))],
        )
    })
}

/// What the verbs read.
#[derive(Deserialize)]
pub struct Args {
    #[serde(default, deserialize_with = "typed::required")]
    detector_id: String,
    #[serde(default, deserialize_with = "typed::required")]
    account_id: String,
    #[serde(default, deserialize_with = "typed::required")]
    email: String,
    #[serde(default, deserialize_with = "typed::flag")]
    invite: Option<bool>,
    #[serde(default, deserialize_with = "typed::flag")]
    disable_email_notification: Option<bool>,
    #[serde(default, deserialize_with = "typed::text")]
    invitation_message: Option<String>,
}

/// The statuses of a member that has been invited (the provider's reading of `invite`).
const INVITED: [&str; 4] = ["Disabled", "Enabled", "Invited", "EmailVerificationInProgress"];

/// How long an invitation may stay in GuardDuty's e-mail verification (the provider's
/// default create and update timeout).
const INVITE_WAIT: Duration = Duration::from_secs(60);

fn to_obj(m: &Member, known: &Args) -> Obj {
    obj(
        &SCHEMA,
        vec![
            ("id", Json::from(format!("{}:{}", m.detector_id, m.account_id))),
            ("account_id", Json::from(m.account_id.as_str())),
            ("detector_id", Json::from(m.detector_id.as_str())),
            ("email", Json::from(m.email.as_str())),
            ("invite", Json::Bool(INVITED.contains(&m.relationship_status.as_str()))),
            ("disable_email_notification", known.disable_email_notification.map(Json::Bool).unwrap_or(Json::Null)),
            ("invitation_message", super::opt(known.invitation_message.as_deref())),
            ("relationship_status", Json::from(m.relationship_status.as_str())),
        ],
    )
}

/// The member, or `None` when it (or the administrator's detector) is gone.
async fn find(ctx: &Ctx<'_>, a: &Args) -> CloudResult<Option<Member>> {
    Ok(ctx.cloud.guardduty.get_member(ctx.region, &a.detector_id, &a.account_id).await.found()?.flatten())
}

async fn read_back(ctx: &Ctx<'_>, a: &Args) -> CloudResult<Obj> {
    let m = find(ctx, a).await?.ok_or_else(|| {
        let msg = format!("member {} of detector {} could not be read back", a.account_id, a.detector_id);
        CloudError::new("guardduty", "GetMembers", ErrorKind::NotFound, "BadRequestException", msg)
    })?;
    Ok(to_obj(&m, a))
}

/// Invites the member and waits until GuardDuty has sent the invitation (its e-mail
/// verification over), as the provider's waiter does.
async fn invite(ctx: &Ctx<'_>, a: &Args) -> CloudResult<()> {
    let gd = &ctx.cloud.guardduty;
    let message = a.invitation_message.as_deref().filter(|m| !m.is_empty());
    gd.invite_member(ctx.region, &a.detector_id, &a.account_id, a.disable_email_notification.unwrap_or(false), message)
        .await?;
    let limit = ctx.timeout.unwrap_or(INVITE_WAIT);
    let started = Instant::now();
    loop {
        let status = find(ctx, a).await?.map(|m| m.relationship_status).unwrap_or_default();
        if status != "Created" && status != "EmailVerificationInProgress" {
            return match INVITED.contains(&status.as_str()) {
                true => Ok(()),
                false => {
                    let msg = format!("inviting GuardDuty member {}: relationship status {status:?}", a.account_id);
                    Err(CloudError::new("guardduty", "InviteMembers", ErrorKind::Other, "InvalidStatus", msg))
                }
            };
        }
        if started.elapsed() >= limit {
            let msg = format!(
                "GuardDuty member {} was still {status} after {}s; raise `timeouts {{ create = \"5m\" }}` if it needs longer",
                a.account_id,
                limit.as_secs()
            );
            return Err(CloudError::new("guardduty", "GetMembers", ErrorKind::Other, "Timeout", msg));
        }
        (ctx.log)(&format!("waiting for GuardDuty to invite member {} ({status})", a.account_id));
        tokio::time::sleep(Duration::from_secs(2)).await;
    }
}

#[async_trait]
impl Resource for GuardDutyMember {
    fn identity(&self, planned: &Obj) -> Option<String> {
        let get = |k: &str| planned.get(k).and_then(Json::as_str).filter(|s| !s.is_empty());
        Some(format!("{}:{}", get("detector_id")?, get("account_id")?))
    }

    async fn read(&self, ctx: &Ctx<'_>, prior: &Obj) -> CloudResult<Option<Obj>> {
        let a = Self::args(prior)?;
        Ok(find(ctx, &a).await?.map(|m| to_obj(&m, &a)))
    }

    async fn create(&self, ctx: &Ctx<'_>, planned: &Obj) -> CloudResult<Obj> {
        let a = Self::args(planned)?;
        ctx.cloud.guardduty.create_member(ctx.region, &a.detector_id, &a.account_id, &a.email).await?;
        if a.invite == Some(true) {
            let id = format!("{}:{}", a.detector_id, a.account_id);
            (ctx.record)(&obj(
                &SCHEMA,
                vec![
                    ("id", Json::from(id)),
                    ("detector_id", Json::from(a.detector_id.as_str())),
                    ("account_id", Json::from(a.account_id.as_str())),
                ],
            ));
            invite(ctx, &a).await?;
        }
        read_back(ctx, &a).await
    }

    async fn update(&self, ctx: &Ctx<'_>, prior: &Obj, planned: &Obj) -> CloudResult<Obj> {
        let (p, a) = (Self::args(prior)?, Self::args(planned)?);
        let want = a.invite.unwrap_or(false);
        if p.invite.unwrap_or(false) != want {
            if want {
                invite(ctx, &a).await?;
            } else {
                ctx.cloud.guardduty.disassociate_member(ctx.region, &a.detector_id, &a.account_id).await?;
            }
        }
        read_back(ctx, &a).await
    }

    async fn delete(&self, ctx: &Ctx<'_>, prior: &Obj) -> CloudResult<()> {
        let a = Self::args(prior)?;
        ctx.cloud.guardduty.delete_member(ctx.region, &a.detector_id, &a.account_id).await.gone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_import_id_is_the_detector_and_the_account() {
        let o = import_prior("0123abcd:111111111111").unwrap();
        assert_eq!(o["detector_id"], "0123abcd");
        assert_eq!(o["account_id"], "111111111111");
        for bad in ["0123abcd", ":111111111111", "0123abcd:", "a:b:c"] {
            assert!(import_prior(bad).is_none(), "{bad}");
        }
    }
}
