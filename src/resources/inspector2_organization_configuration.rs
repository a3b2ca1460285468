//! `aws_inspector2_organization_configuration`: which scan types the delegated administrator
//! turns on automatically for new member accounts.

use std::collections::BTreeMap;

use async_trait::async_trait;
use serde_json::{json, Value as Json};

use serde::Deserialize;

use super::typed;
use super::{obj, Ctx, Declared, Import, Obj, OrgRole, Resource, ID, REGION};
use crate::cloud::CloudResult;
use crate::schema::{Attr, BlockType, Default, Schema, Ty};
use crate::services::inspector2::MAX_ACCOUNT_LIMIT_REACHED;

resource_type!(
    Inspector2OrganizationConfiguration = "aws_inspector2_organization_configuration",
    Import::Parse(import_prior)
);

static AUTO_ENABLE: &[Attr] = &[
    Attr::required("ec2", Ty::Bool),
    Attr::required("ecr", Ty::Bool),
    Attr::optional("lambda", Ty::Bool).default(Default::Bool(false)),
    Attr::optional("lambda_code", Ty::Bool).default(Default::Bool(false)),
    Attr::optional("code_repository", Ty::Bool).default(Default::Bool(false)),
];

static SCHEMA: Schema = Schema {
    attrs: &[ID, REGION, Attr::computed("max_account_limit_reached", Ty::Bool)],
    blocks: &[BlockType::new("auto_enable", AUTO_ENABLE).single().required()],
    ..Schema::NONE
};

/// The API's keys for the block's attributes.
const KEYS: &[(&str, &str)] = &[
    ("ec2", "ec2"),
    ("ecr", "ecr"),
    ("lambda", "lambda"),
    ("lambda_code", "lambdaCode"),
    ("code_repository", "codeRepository"),
];

fn to_obj(region: &str, flags: &BTreeMap<String, bool>) -> Obj {
    let mut block = serde_json::Map::new();
    for (ours, api) in KEYS {
        block.insert(ours.to_string(), Json::Bool(flags.get(*api).copied().unwrap_or(false)));
    }
    let limit = flags.get(MAX_ACCOUNT_LIMIT_REACHED).copied().unwrap_or(false);
    obj(
        &SCHEMA,
        vec![
            ("id", Json::from(region)),
            ("auto_enable", json!([block])),
            ("max_account_limit_reached", Json::Bool(limit)),
        ],
    )
}

/// What the verbs read.
#[derive(Deserialize)]
pub struct Args {
    #[serde(default, deserialize_with = "typed::blocks")]
    auto_enable: Vec<AutoEnable>,
}

/// The `auto_enable` block.
#[derive(Deserialize)]
struct AutoEnable {
    #[serde(default, deserialize_with = "typed::flag")]
    ec2: Option<bool>,
    #[serde(default, deserialize_with = "typed::flag")]
    ecr: Option<bool>,
    #[serde(default, deserialize_with = "typed::flag")]
    lambda: Option<bool>,
    #[serde(default, deserialize_with = "typed::flag")]
    lambda_code: Option<bool>,
    #[serde(default, deserialize_with = "typed::flag")]
    code_repository: Option<bool>,
}

/// The API's flags (keyed `ec2`, `ecr`, `lambda`, `lambdaCode`); unset is off.
fn flags(o: &Obj) -> CloudResult<BTreeMap<String, bool>> {
    let a = <Inspector2OrganizationConfiguration as Declared>::args(o)?;
    let b = a.auto_enable.first();
    let on = |f: fn(&AutoEnable) -> Option<bool>| b.and_then(f).unwrap_or(false);
    Ok(BTreeMap::from([
        ("ec2".to_string(), on(|b| b.ec2)),
        ("ecr".to_string(), on(|b| b.ecr)),
        ("lambda".to_string(), on(|b| b.lambda)),
        ("lambdaCode".to_string(), on(|b| b.lambda_code)),
        ("codeRepository".to_string(), on(|b| b.code_repository)),
    ]))
}

#[async_trait]
impl Resource for Inspector2OrganizationConfiguration {
    /// Only Amazon Inspector's delegated administrator manages the organization's set-up.
    fn org_role(&self) -> OrgRole {
        OrgRole::DelegatedAdmin("inspector2")
    }
    fn reads() -> Vec<String> {
        [typed::names::<Args>(""), typed::names::<AutoEnable>("auto_enable")].concat()
    }

    async fn read(&self, ctx: &Ctx<'_>, _prior: &Obj) -> CloudResult<Option<Obj>> {
        let f = ctx.cloud.inspector2.describe_org_config(ctx.region).await?;
        Ok(Some(to_obj(ctx.region, &f)))
    }

    async fn create(&self, ctx: &Ctx<'_>, planned: &Obj) -> CloudResult<Obj> {
        let f = flags(planned)?;
        ctx.cloud.inspector2.update_org_config(ctx.region, &f).await?;
        Ok(to_obj(ctx.region, &f))
    }

    async fn update(&self, ctx: &Ctx<'_>, _prior: &Obj, planned: &Obj) -> CloudResult<Obj> {
        self.create(ctx, planned).await
    }

    /// The configuration cannot be removed, only switched off: every flag goes to false.
    async fn delete(&self, ctx: &Ctx<'_>, _prior: &Obj) -> CloudResult<()> {
        let off: BTreeMap<String, bool> = KEYS.iter().map(|(_, api)| (api.to_string(), false)).collect();
        ctx.cloud.inspector2.update_org_config(ctx.region, &off).await
    }
}

/// Import id: the administrator's account id (the configuration is one per region).
fn import_prior(_id: &str) -> Option<Obj> {
    Some(obj(&SCHEMA, vec![]))
}
