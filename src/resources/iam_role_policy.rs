//! `aws_iam_role_policy`: one inline policy of a role.

use async_trait::async_trait;
use serde_json::Value as Json;

use serde::Deserialize;

use super::typed::{self};
use super::{obj, Ctx, Declared, Import, Obj, Resource, ID};
use crate::cloud::Absent;
use crate::cloud::CloudResult;
use crate::policy::DocumentKind::Permissions;
use crate::schema::{self, Attr, ManagedBy, Schema, Ty};

resource_type!(IamRolePolicy = "aws_iam_role_policy", Import::Parse(import_prior));

static SCHEMA: Schema = Schema {
    attrs: &[
        ID,
        Attr::optional_computed("name", Ty::String).force_new().validate(|v| schema::iam_name_max(v, 128)),
        // Recorded from the name (the provider's `NamePrefixFromName`): `terraform-` when generated.
        Attr::optional_computed("name_prefix", Ty::String).force_new().validate(|v| schema::iam_name_max(v, 128 - 26)),
        Attr::required("role", Ty::String).force_new().validate(schema::iam_name),
        Attr::required("policy", Ty::String).json().validate(schema::json_object).policy(Permissions).version_first(),
    ],
    blocks: &[],
    managed_by: &[ManagedBy {
        via: "role",
        owner: "aws_iam_role",
        part: "inline_policy",
        what: "declares `inline_policy` blocks, which manage all of its inline policies",
        choice: "keep the role's policies in one place: its `inline_policy` blocks, or `aws_iam_role_policy` resources",
    }],
    ..Schema::NONE
};

/// What the verbs read.
#[derive(Deserialize)]
pub struct Args {
    #[serde(default, deserialize_with = "typed::text")]
    name: Option<String>,
    #[serde(default, deserialize_with = "typed::text")]
    name_prefix: Option<String>,
    #[serde(default, deserialize_with = "typed::required")]
    role: String,
    #[serde(default, deserialize_with = "typed::required")]
    policy: String,
}

fn to_obj(role: &str, name: &str, doc: &str) -> Obj {
    obj(
        &SCHEMA,
        vec![
            ("id", Json::from(format!("{role}:{name}"))),
            ("name", Json::from(name)),
            ("name_prefix", super::name_prefix_json(name, "")),
            ("role", Json::from(role)),
            ("policy", Json::from(doc)),
        ],
    )
}

#[async_trait]
impl Resource for IamRolePolicy {
    fn identity(&self, planned: &Obj) -> Option<String> {
        let text = |k: &str| planned.get(k).and_then(Json::as_str).filter(|s| !s.is_empty());
        Some(format!("{}:{}", text("role")?, text("name")?))
    }

    async fn read(&self, ctx: &Ctx<'_>, prior: &Obj) -> CloudResult<Option<Obj>> {
        let p = Self::args(prior)?;
        let name = p.name.as_deref().unwrap_or_default();
        Ok(ctx.cloud.iam.get_role_policy(&p.role, name).await?.map(|doc| to_obj(&p.role, name, &doc)))
    }

    async fn create(&self, ctx: &Ctx<'_>, planned: &Obj) -> CloudResult<Obj> {
        let a = Self::args(planned)?;
        // Unnamed, the provider generates a name (from `name_prefix` when set).
        let name = super::new_name(a.name.as_deref(), a.name_prefix.as_deref(), "");
        ctx.cloud.iam.put_role_policy(&a.role, &name, &a.policy).await?;
        Ok(to_obj(&a.role, &name, &a.policy))
    }

    /// Only `policy` changes in place (the name is fixed once created).
    async fn update(&self, ctx: &Ctx<'_>, prior: &Obj, planned: &Obj) -> CloudResult<Obj> {
        let (p, a) = (Self::args(prior)?, Self::args(planned)?);
        let name = p.name.as_deref().unwrap_or_default();
        ctx.cloud.iam.put_role_policy(&a.role, name, &a.policy).await?;
        Ok(to_obj(&a.role, name, &a.policy))
    }

    fn check(&self, planned: &Obj) -> Vec<(&'static str, crate::schema::Invalid)> {
        super::name_conflict(planned).into_iter().collect()
    }

    async fn delete(&self, ctx: &Ctx<'_>, prior: &Obj) -> CloudResult<()> {
        let p = Self::args(prior)?;
        ctx.cloud.iam.delete_role_policy(&p.role, p.name.as_deref().unwrap_or_default()).await.gone()
    }
}

/// Import id: `ROLE:POLICY`.
fn import_prior(id: &str) -> Option<Obj> {
    let (role, name) = id.split_once(':')?;
    Some(to_obj(role, name, ""))
}
