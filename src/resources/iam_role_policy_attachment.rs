//! `aws_iam_role_policy_attachment`: one managed policy attached to a role. Both arguments
//! force a new attachment; the id is the import id, `ROLE/POLICY_ARN`.

use async_trait::async_trait;
use serde::Deserialize;
use serde_json::Value as Json;

use super::typed::{self, typed};
use super::{obj, Ctx, Obj, ResourceType};
use crate::cloud::{CloudResult, ErrorKind};
use crate::schema::{self, Attr, Schema, Ty};

pub struct IamRolePolicyAttachment;

static SCHEMA: Schema = Schema {
    attrs: &[
        Attr::computed("id", Ty::String),
        Attr::required("role", Ty::String).force_new().validate(schema::iam_name),
        Attr::required("policy_arn", Ty::String).force_new().validate(schema::arn),
    ],
    blocks: &[],
};

/// What the verbs read.
#[derive(Deserialize)]
struct Args {
    #[serde(default, deserialize_with = "typed::required")]
    role: String,
    #[serde(default, deserialize_with = "typed::required")]
    policy_arn: String,
}

fn args(o: &Obj) -> CloudResult<Args> {
    typed("aws_iam_role_policy_attachment", o)
}

fn to_obj(role: &str, arn: &str) -> Obj {
    obj(
        &SCHEMA,
        vec![("id", Json::from(format!("{role}/{arn}"))), ("role", Json::from(role)), ("policy_arn", Json::from(arn))],
    )
}

#[async_trait]
impl ResourceType for IamRolePolicyAttachment {
    fn type_name(&self) -> &'static str {
        "aws_iam_role_policy_attachment"
    }
    fn schema(&self) -> &'static Schema {
        &SCHEMA
    }
    fn reads(&self) -> Vec<String> {
        typed::names::<Args>("")
    }

    fn importable(&self) -> bool {
        true
    }
    fn identity(&self, planned: &Obj) -> Option<String> {
        let text = |k: &str| planned.get(k).and_then(Json::as_str).filter(|s| !s.is_empty());
        Some(format!("{}/{}", text("role")?, text("policy_arn")?))
    }
    /// Import id: `ROLE/POLICY_ARN`.
    fn import_prior(&self, id: &str) -> Option<Obj> {
        let (role, arn) = id.split_once('/')?;
        Some(to_obj(role, arn))
    }

    /// Gone when the role is gone or the policy is no longer attached.
    async fn read(&self, ctx: &Ctx<'_>, prior: &Obj) -> CloudResult<Option<Obj>> {
        let p = args(prior)?;
        match ctx.cloud.iam.list_attached_role_policies(&p.role).await {
            Ok(arns) => Ok(arns.contains(&p.policy_arn).then(|| to_obj(&p.role, &p.policy_arn))),
            Err(e) if e.kind == ErrorKind::NotFound => Ok(None),
            Err(e) => Err(e),
        }
    }

    async fn create(&self, ctx: &Ctx<'_>, planned: &Obj) -> CloudResult<Obj> {
        let a = args(planned)?;
        ctx.cloud.iam.attach_role_policy(&a.role, &a.policy_arn).await?;
        Ok(to_obj(&a.role, &a.policy_arn))
    }

    /// Every argument forces a new attachment: there is nothing to update in place.
    async fn update(&self, ctx: &Ctx<'_>, _prior: &Obj, planned: &Obj) -> CloudResult<Obj> {
        self.create(ctx, planned).await
    }

    async fn delete(&self, ctx: &Ctx<'_>, prior: &Obj) -> CloudResult<()> {
        let p = args(prior)?;
        match ctx.cloud.iam.detach_role_policy(&p.role, &p.policy_arn).await {
            Err(e) if e.kind != ErrorKind::NotFound => Err(e),
            _ => Ok(()),
        }
    }
}
