//! `aws_iam_role_policy`: one inline policy of a role.

use async_trait::async_trait;
use serde_json::Value as Json;

use super::{obj, req, Ctx, Obj, ResourceType};
use crate::providers::{CloudResult, ErrorKind};
use crate::schema::{self, Attr, Schema, Ty};

pub struct IamRolePolicy;

static SCHEMA: Schema = Schema {
    attrs: &[
        Attr::computed("id", Ty::String),
        Attr::required("name", Ty::String).force_new().validate(schema::iam_name),
        Attr::required("role", Ty::String).force_new().validate(schema::iam_name),
        Attr::required("policy", Ty::String).json().validate(schema::json_object),
    ],
    blocks: &[],
};

fn to_obj(role: &str, name: &str, doc: &str) -> Obj {
    obj(
        &SCHEMA,
        vec![
            ("id", Json::from(format!("{role}:{name}"))),
            ("name", Json::from(name)),
            ("role", Json::from(role)),
            ("policy", Json::from(doc)),
        ],
    )
}

#[async_trait]
impl ResourceType for IamRolePolicy {
    fn type_name(&self) -> &'static str {
        "aws_iam_role_policy"
    }
    fn schema(&self) -> &'static Schema {
        &SCHEMA
    }

    fn importable(&self) -> bool {
        true
    }
    /// Import id: `ROLE:POLICY`.
    fn import_prior(&self, id: &str) -> Option<Obj> {
        let (role, name) = id.split_once(':')?;
        Some(to_obj(role, name, ""))
    }

    async fn read(&self, ctx: &Ctx<'_>, prior: &Obj) -> CloudResult<Option<Obj>> {
        let (role, name) = (req(prior, "role"), req(prior, "name"));
        Ok(ctx.cloud.iam.get_role_policy(role, name).await?.map(|doc| to_obj(role, name, &doc)))
    }

    async fn create(&self, ctx: &Ctx<'_>, planned: &Obj) -> CloudResult<Obj> {
        let (role, name, doc) = (req(planned, "role"), req(planned, "name"), req(planned, "policy"));
        ctx.cloud.iam.put_role_policy(role, name, doc).await?;
        Ok(to_obj(role, name, doc))
    }

    async fn update(&self, ctx: &Ctx<'_>, _prior: &Obj, planned: &Obj) -> CloudResult<Obj> {
        self.create(ctx, planned).await
    }

    async fn delete(&self, ctx: &Ctx<'_>, prior: &Obj) -> CloudResult<()> {
        match ctx.cloud.iam.delete_role_policy(req(prior, "role"), req(prior, "name")).await {
            Err(e) if e.kind != ErrorKind::NotFound => Err(e),
            _ => Ok(()),
        }
    }
}
