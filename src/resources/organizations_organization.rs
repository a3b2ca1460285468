//! `aws_organizations_organization`: the AWS organization the caller's account manages, with
//! the services it trusts (`aws_service_access_principals`) and the policy types enabled on
//! its root. The id is the organization id. An account that already manages an organization
//! adopts it (the plan shows an import) instead of failing as Terraform does; destroying it
//! deletes the organization, which AWS refuses while it has member accounts.

use std::collections::BTreeSet;

use async_trait::async_trait;
use serde::Deserialize;
use serde_json::Value as Json;

use super::typed;
use super::{obj, Ctx, Declared, Import, Obj, OrgRole, Resource, ARN, ID};
use crate::cloud::{CloudError, CloudResult, ErrorKind};
use crate::schema::{self, Attr, Default, Schema, Ty};
use crate::services::organizations::POLICY_TYPES;

resource_type!(OrganizationsOrganizationResource = "aws_organizations_organization", Import::Parse(import_prior));

static SCHEMA: Schema = Schema {
    attrs: &[
        ID,
        ARN,
        Attr::computed("accounts", Ty::String),
        Attr::optional("aws_service_access_principals", Ty::StringSet),
        Attr::optional("enabled_policy_types", Ty::StringSet).validate(|v| schema::each_one_of(v, &POLICY_TYPES)),
        Attr::optional("feature_set", Ty::String)
            .default(Default::Str("ALL"))
            .force_new()
            .validate(|v| schema::one_of(v, &["ALL", "CONSOLIDATED_BILLING"])),
        Attr::computed("master_account_arn", Ty::String),
        Attr::computed("master_account_email", Ty::String),
        Attr::computed("master_account_id", Ty::String),
        Attr::computed("master_account_name", Ty::String),
        Attr::computed("non_master_accounts", Ty::String),
        Attr::computed("roots", Ty::String),
    ],
    ..Schema::NONE
};

fn import_prior(id: &str) -> Option<Obj> {
    id.starts_with("o-").then(|| obj(&SCHEMA, vec![("id", Json::from(id))]))
}

/// What the verbs read.
#[derive(Deserialize)]
pub struct Args {
    #[serde(default, deserialize_with = "typed::strings")]
    aws_service_access_principals: Vec<String>,
    #[serde(default, deserialize_with = "typed::strings")]
    enabled_policy_types: Vec<String>,
    #[serde(default, deserialize_with = "typed::text")]
    feature_set: Option<String>,
}

/// The organization, when the caller manages it.
async fn read_managed(ctx: &Ctx<'_>) -> CloudResult<Option<Obj>> {
    let Some(pairs) = super::organizations_organization_data::described(ctx).await? else { return Ok(None) };
    let o = obj(&SCHEMA, pairs);
    let caller = ctx.cloud.account_id().await?;
    Ok((o.get("master_account_id").and_then(Json::as_str) == Some(caller.as_str())).then_some(o))
}

fn gone() -> CloudError {
    let msg = "the organization could not be read back from its management account";
    CloudError::new("organizations", "DescribeOrganization", ErrorKind::NotFound, "NotFound", msg)
}

/// Trusts and enables what `want` adds over `have`, and withdraws what it drops.
async fn settle(ctx: &Ctx<'_>, have: &Args, want: &Args) -> CloudResult<()> {
    let org = &ctx.cloud.organizations;
    let (h, w): (BTreeSet<&String>, BTreeSet<&String>) =
        (have.aws_service_access_principals.iter().collect(), want.aws_service_access_principals.iter().collect());
    for p in w.difference(&h) {
        org.enable_service_access(p).await?;
    }
    for p in h.difference(&w) {
        org.disable_service_access(p).await?;
    }
    let (h, w): (BTreeSet<&String>, BTreeSet<&String>) =
        (have.enabled_policy_types.iter().collect(), want.enabled_policy_types.iter().collect());
    if h == w {
        return Ok(());
    }
    let root = org.list_roots().await?.into_iter().next().map(|r| r.id).unwrap_or_default();
    for t in w.difference(&h) {
        org.enable_policy_type(&root, t).await?;
    }
    for t in h.difference(&w) {
        org.disable_policy_type(&root, t).await?;
    }
    Ok(())
}

#[async_trait]
impl Resource for OrganizationsOrganizationResource {
    /// Only a management account changes its organization.
    fn org_role(&self) -> OrgRole {
        OrgRole::Management
    }

    fn notes(&self, planned: &Obj) -> Vec<String> {
        let principals: Vec<&str> = planned
            .get("aws_service_access_principals")
            .and_then(Json::as_array)
            .map(|a| a.iter().filter_map(Json::as_str).collect())
            .unwrap_or_default();
        if principals.is_empty() {
            return Vec::new();
        }
        vec![format!("the organization trusts {} to act in every member account", principals.join(", "))]
    }

    /// The organization the caller already manages: one per account, so it is taken over.
    async fn adopt(&self, ctx: &Ctx<'_>, _planned: &Obj) -> CloudResult<Option<Obj>> {
        read_managed(ctx).await
    }

    async fn read(&self, ctx: &Ctx<'_>, _prior: &Obj) -> CloudResult<Option<Obj>> {
        read_managed(ctx).await
    }

    async fn create(&self, ctx: &Ctx<'_>, planned: &Obj) -> CloudResult<Obj> {
        let a = Self::args(planned)?;
        let feature_set = a.feature_set.clone().unwrap_or_else(|| "ALL".into());
        ctx.cloud.organizations.create_organization(&feature_set).await?;
        let none = Args { aws_service_access_principals: vec![], enabled_policy_types: vec![], feature_set: None };
        settle(ctx, &none, &a).await?;
        read_managed(ctx).await?.ok_or_else(gone)
    }

    async fn update(&self, ctx: &Ctx<'_>, prior: &Obj, planned: &Obj) -> CloudResult<Obj> {
        settle(ctx, &Self::args(prior)?, &Self::args(planned)?).await?;
        read_managed(ctx).await?.ok_or_else(gone)
    }

    async fn delete(&self, ctx: &Ctx<'_>, _prior: &Obj) -> CloudResult<()> {
        match ctx.cloud.organizations.delete_organization().await {
            Err(e) if e.kind == ErrorKind::NotFound => Ok(()),
            other => other,
        }
    }
}
