//! `aws_securityhub_member`: an account the Security Hub administrator adds as a member in one
//! region. An account of the organization added by its delegated administrator is enrolled at
//! once (`Enabled`); any other account is `Created`, and with `invite` invited (`Invited`)
//! until it accepts (`aws_securityhub_invite_accepter`). The id is the member's account id.

use async_trait::async_trait;
use serde::Deserialize;
use serde_json::Value as Json;

use super::typed;
use super::{obj, opt, Ctx, Declared, Import, Obj, Resource, ID, REGION};
use crate::cloud::{CloudError, CloudResult, ErrorKind};
use crate::schema::{Attr, Default, Schema, Ty};
use crate::services::securityhub::{unless_off, Member};

resource_type!(SecurityHubMember = "aws_securityhub_member", Import::Parse(import_prior));

static SCHEMA: Schema = Schema {
    attrs: &[
        ID,
        Attr::required("account_id", Ty::String).force_new().validate(super::inspector2_enabler::account_id),
        Attr::optional("email", Ty::String).force_new(),
        Attr::optional("invite", Ty::Bool).force_new().default(Default::Bool(false)),
        Attr::computed("master_id", Ty::String),
        Attr::computed("member_status", Ty::String),
        REGION,
    ],
    ..Schema::NONE
};

fn import_prior(id: &str) -> Option<Obj> {
    (id.len() == 12 && id.bytes().all(|b| b.is_ascii_digit()))
        .then(|| obj(&SCHEMA, vec![("id", Json::from(id)), ("account_id", Json::from(id))]))
}

/// What the verbs read.
#[derive(Deserialize)]
pub struct Args {
    #[serde(default, deserialize_with = "typed::required")]
    account_id: String,
    #[serde(default, deserialize_with = "typed::text")]
    email: Option<String>,
    #[serde(default, deserialize_with = "typed::flag")]
    invite: Option<bool>,
}

/// Whether the member reads as invited: the provider's reading of its status, except that an
/// organization account the delegated administrator enrolled (`Enabled` without an
/// invitation) keeps what was configured, so it is not replaced for it on every plan.
fn invited(m: &Member, configured: Option<bool>) -> bool {
    match m.member_status.as_str() {
        "Invited" | "Associated" | "Resigned" => true,
        "Enabled" => configured.unwrap_or(true),
        _ => false,
    }
}

fn to_obj(m: &Member, invite: Option<bool>) -> Obj {
    let invite = Json::Bool(invited(m, invite));
    obj(
        &SCHEMA,
        vec![
            ("id", Json::from(m.account_id.as_str())),
            ("account_id", Json::from(m.account_id.as_str())),
            ("email", opt(Some(m.email.as_str()).filter(|e| !e.is_empty()))),
            ("invite", invite),
            ("master_id", Json::from(m.administrator_id.as_str())),
            ("member_status", Json::from(m.member_status.as_str())),
        ],
    )
}

async fn read_account(ctx: &Ctx<'_>, account: &str, invite: Option<bool>) -> CloudResult<Option<Obj>> {
    Ok(unless_off(ctx.cloud.securityhub.get_member(ctx.region, account).await)?.map(|m| to_obj(&m, invite)))
}

#[async_trait]
impl Resource for SecurityHubMember {
    fn identity(&self, planned: &Obj) -> Option<String> {
        planned.get("account_id")?.as_str().map(str::to_string)
    }

    async fn read(&self, ctx: &Ctx<'_>, prior: &Obj) -> CloudResult<Option<Obj>> {
        let a = Self::args(prior)?;
        read_account(ctx, &a.account_id, a.invite).await
    }

    async fn create(&self, ctx: &Ctx<'_>, planned: &Obj) -> CloudResult<Obj> {
        let a = Self::args(planned)?;
        ctx.cloud.securityhub.create_member(ctx.region, &a.account_id, a.email.as_deref().unwrap_or("")).await?;
        if a.invite == Some(true) {
            ctx.cloud.securityhub.invite_member(ctx.region, &a.account_id).await?;
        }
        read_account(ctx, &a.account_id, a.invite).await?.ok_or_else(|| {
            let msg = format!("member {} could not be read back after it was added", a.account_id);
            CloudError::new("securityhub", "GetMembers", ErrorKind::NotFound, "ResourceNotFoundException", msg)
        })
    }

    async fn update(&self, ctx: &Ctx<'_>, prior: &Obj, _planned: &Obj) -> CloudResult<Obj> {
        // Every argument forces a new object; nothing is updated in place.
        Ok(self.read(ctx, prior).await?.unwrap_or_else(|| prior.clone()))
    }

    async fn delete(&self, ctx: &Ctx<'_>, prior: &Obj) -> CloudResult<()> {
        let account = Self::args(prior)?.account_id;
        match ctx.cloud.securityhub.remove_member(ctx.region, &account).await {
            Err(e) if e.kind == ErrorKind::NotFound => Ok(()),
            other => other,
        }
    }
}
