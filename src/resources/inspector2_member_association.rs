//! `aws_inspector2_member_association`: a member account associated with the delegated
//! Amazon Inspector administrator.

use async_trait::async_trait;
use serde_json::Value as Json;

use serde::Deserialize;

use super::typed::{self};
use super::{obj, opt, Ctx, Declared, Import, Obj, OrgRole, Resource, ID, REGION};
use crate::cloud::Absent;
use crate::cloud::CloudResult;
use crate::schema::{Attr, Schema, Ty};
use crate::services::inspector2::Inspector2Member;

resource_type!(Inspector2MemberAssociation = "aws_inspector2_member_association", Import::Parse(import_prior));

static SCHEMA: Schema = Schema {
    attrs: &[
        ID,
        Attr::required("account_id", Ty::String).force_new().validate(super::inspector2_enabler::account_id),
        Attr::computed("delegated_admin_account_id", Ty::String),
        Attr::computed("relationship_status", Ty::String),
        Attr::computed("updated_at", Ty::String),
        REGION,
    ],
    ..Schema::NONE
};

fn to_obj(m: &Inspector2Member) -> Obj {
    obj(
        &SCHEMA,
        vec![
            ("id", Json::from(m.account_id.as_str())),
            ("account_id", Json::from(m.account_id.as_str())),
            ("delegated_admin_account_id", opt(m.delegated_admin_account_id.as_deref())),
            ("relationship_status", Json::from(m.relationship_status.as_str())),
            ("updated_at", opt(m.updated_at.as_deref())),
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
impl Resource for Inspector2MemberAssociation {
    /// Only Amazon Inspector's delegated administrator manages the organization's set-up.
    fn org_role(&self) -> OrgRole {
        OrgRole::DelegatedAdmin("inspector2")
    }
    /// A member that was disassociated (status REMOVED) counts as gone.
    async fn read(&self, ctx: &Ctx<'_>, prior: &Obj) -> CloudResult<Option<Obj>> {
        let m = ctx.cloud.inspector2.get_member(ctx.region, &Self::args(prior)?.account_id).await?;
        Ok(m.filter(|m| m.relationship_status != "REMOVED").as_ref().map(to_obj))
    }

    async fn create(&self, ctx: &Ctx<'_>, planned: &Obj) -> CloudResult<Obj> {
        let id = &Self::args(planned)?.account_id;
        ctx.cloud.inspector2.associate_member(ctx.region, id).await?;
        // Done when the member is associated and no longer being set up.
        let what = format!("the association of member {id}");
        super::waiting::until_done(ctx, "creating", "create", || async {
            Ok(match self.read(ctx, planned).await? {
                Some(o) => match o.get("relationship_status").and_then(Json::as_str) {
                    Some("ENABLED" | "CREATED" | "INVITED") | None => None,
                    Some(st) if st.ends_with("ING") => Some(format!("{what} ({st})")),
                    Some(_) => None,
                },
                None => Some(format!("{what} (not listed yet)")),
            })
        })
        .await?;
        Ok(self.read(ctx, planned).await?.unwrap_or_else(|| {
            to_obj(&Inspector2Member {
                account_id: id.to_string(),
                relationship_status: "CREATED".into(),
                delegated_admin_account_id: None,
                updated_at: None,
            })
        }))
    }

    async fn update(&self, _ctx: &Ctx<'_>, prior: &Obj, _planned: &Obj) -> CloudResult<Obj> {
        // The only argument forces replacement.
        Ok(prior.clone())
    }

    async fn delete(&self, ctx: &Ctx<'_>, prior: &Obj) -> CloudResult<()> {
        ctx.cloud.inspector2.disassociate_member(ctx.region, &Self::args(prior)?.account_id).await.gone()
    }
}

/// Import id: the account id.
fn import_prior(id: &str) -> Option<Obj> {
    (id.len() == 12).then(|| obj(&SCHEMA, vec![("account_id", Json::from(id))]))
}
