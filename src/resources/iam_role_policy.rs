//! `aws_iam_role_policy`: one inline policy of a role.

use async_trait::async_trait;
use serde_json::Value as Json;

use serde::Deserialize;

use super::typed::{self, typed};
use super::{obj, Ctx, Obj, ResourceType};
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

/// What the verbs read.
#[derive(Deserialize)]
struct Args {
    #[serde(default, deserialize_with = "typed::required")]
    name: String,
    #[serde(default, deserialize_with = "typed::required")]
    role: String,
    #[serde(default, deserialize_with = "typed::required")]
    policy: String,
}

fn args(o: &Obj) -> CloudResult<Args> {
    typed("aws_iam_role_policy", o)
}

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
    fn reads(&self) -> Vec<String> {
        typed::names::<Args>("")
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
        let p = args(prior)?;
        Ok(ctx.cloud.iam.get_role_policy(&p.role, &p.name).await?.map(|doc| to_obj(&p.role, &p.name, &doc)))
    }

    async fn create(&self, ctx: &Ctx<'_>, planned: &Obj) -> CloudResult<Obj> {
        let a = args(planned)?;
        ctx.cloud.iam.put_role_policy(&a.role, &a.name, &a.policy).await?;
        Ok(to_obj(&a.role, &a.name, &a.policy))
    }

    async fn update(&self, ctx: &Ctx<'_>, _prior: &Obj, planned: &Obj) -> CloudResult<Obj> {
        self.create(ctx, planned).await
    }

    async fn delete(&self, ctx: &Ctx<'_>, prior: &Obj) -> CloudResult<()> {
        let p = args(prior)?;
        match ctx.cloud.iam.delete_role_policy(&p.role, &p.name).await {
            Err(e) if e.kind != ErrorKind::NotFound => Err(e),
            _ => Ok(()),
        }
    }
}
