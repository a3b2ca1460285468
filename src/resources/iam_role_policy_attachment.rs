//! `aws_iam_role_policy_attachment`: one managed policy attached to a role. Both arguments
//! force a new attachment; the id is the import id, `ROLE/POLICY_ARN`.

use async_trait::async_trait;
use serde::Deserialize;
use serde_json::Value as Json;

use super::typed::{self};
use super::{obj, Ctx, Declared, Import, Obj, Resource, ID};
use crate::cloud::Absent;
use crate::cloud::CloudResult;
use crate::schema::{self, Attr, ManagedBy, Schema, Ty};

resource_type!(IamRolePolicyAttachment = "aws_iam_role_policy_attachment", Import::Parse(import_prior));

static SCHEMA: Schema = Schema {
    attrs: &[
        ID,
        Attr::required("role", Ty::String).force_new().validate(schema::iam_name),
        Attr::required("policy_arn", Ty::String).force_new().validate(schema::arn),
    ],
    blocks: &[],
    managed_by: &[ManagedBy {
        via: "role",
        owner: "aws_iam_role",
        part: "managed_policy_arns",
        what: "declares `managed_policy_arns`, which manages all of its attached policies",
        choice: "keep the role's policies in one place: its `managed_policy_arns`, or \
                 `aws_iam_role_policy_attachment` resources",
    }],
    ..Schema::NONE
};

/// What the verbs read.
#[derive(Deserialize)]
pub struct Args {
    #[serde(default, deserialize_with = "typed::required")]
    role: String,
    #[serde(default, deserialize_with = "typed::required")]
    policy_arn: String,
}

fn to_obj(role: &str, arn: &str) -> Obj {
    obj(
        &SCHEMA,
        vec![("id", Json::from(format!("{role}/{arn}"))), ("role", Json::from(role)), ("policy_arn", Json::from(arn))],
    )
}

#[async_trait]
impl Resource for IamRolePolicyAttachment {
    fn identity(&self, planned: &Obj) -> Option<String> {
        let text = |k: &str| planned.get(k).and_then(Json::as_str).filter(|s| !s.is_empty());
        Some(format!("{}/{}", text("role")?, text("policy_arn")?))
    }

    /// Gone when the role is gone or the policy is no longer attached.
    async fn read(&self, ctx: &Ctx<'_>, prior: &Obj) -> CloudResult<Option<Obj>> {
        let p = Self::args(prior)?;
        let Some(arns) = ctx.cloud.iam.list_attached_role_policies(&p.role).await.found()? else { return Ok(None) };
        Ok(arns.contains(&p.policy_arn).then(|| to_obj(&p.role, &p.policy_arn)))
    }

    async fn create(&self, ctx: &Ctx<'_>, planned: &Obj) -> CloudResult<Obj> {
        let a = Self::args(planned)?;
        ctx.cloud.iam.attach_role_policy(&a.role, &a.policy_arn).await?;
        Ok(to_obj(&a.role, &a.policy_arn))
    }

    /// Every argument forces a new attachment: there is nothing to update in place.
    async fn update(&self, ctx: &Ctx<'_>, _prior: &Obj, planned: &Obj) -> CloudResult<Obj> {
        self.create(ctx, planned).await
    }

    async fn delete(&self, ctx: &Ctx<'_>, prior: &Obj) -> CloudResult<()> {
        let p = Self::args(prior)?;
        ctx.cloud.iam.detach_role_policy(&p.role, &p.policy_arn).await.gone()
    }
}

/// Import id: `ROLE/POLICY_ARN`.
fn import_prior(id: &str) -> Option<Obj> {
    let (role, arn) = id.split_once('/')?;
    Some(to_obj(role, arn))
}
