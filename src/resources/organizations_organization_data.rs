//! `data "aws_organizations_organization"`: the organization of the caller's account. As in
//! the provider, the account lists, roots and trusted services are read only from the
//! management account (elsewhere they are empty).

use async_trait::async_trait;
use serde_json::{json, Value as Json};

use super::{obj, Ctx, DataSource, Obj, ARN, ID};
use crate::cloud::{CloudError, CloudResult, ErrorKind};
use crate::schema::{Attr, Schema, Ty};
use crate::services::organizations::OrgAccount;

data_source!(OrganizationsOrganization = "aws_organizations_organization");

static SCHEMA: Schema = Schema {
    attrs: &[
        ID,
        ARN,
        Attr::computed("feature_set", Ty::String),
        Attr::computed("master_account_arn", Ty::String),
        Attr::computed("master_account_id", Ty::String),
        Attr::computed("master_account_email", Ty::String),
        Attr::computed("master_account_name", Ty::String),
        Attr::computed("accounts", Ty::String),
        Attr::computed("non_master_accounts", Ty::String),
        Attr::computed("roots", Ty::String),
        Attr::computed("aws_service_access_principals", Ty::StringSet),
        Attr::computed("enabled_policy_types", Ty::StringSet),
    ],
    ..Schema::NONE
};

fn accounts_json(accounts: &[&OrgAccount]) -> Json {
    Json::Array(
        accounts
            .iter()
            .map(|a| json!({ "arn": a.arn, "email": a.email, "id": a.id, "name": a.name, "status": a.status }))
            .collect(),
    )
}

/// The organization as both the data source and the resource record it: `None` when the
/// caller is in none. As in the provider, the account lists, roots and trusted services are
/// read only from the management account.
pub(super) async fn described(ctx: &Ctx<'_>) -> CloudResult<Option<Vec<(&'static str, Json)>>> {
    let Some(org) = ctx.cloud.organizations.describe_organization().await? else { return Ok(None) };
    let caller = ctx.cloud.account_id().await?;
    let (mut accounts, mut roots, mut principals, mut policy_types) = (vec![], vec![], vec![], vec![]);
    if caller == org.master_account_id {
        accounts = ctx.cloud.organizations.list_accounts().await?;
        roots = ctx.cloud.organizations.list_roots().await?;
        principals = ctx.cloud.organizations.list_aws_service_access().await?;
        policy_types = roots
            .iter()
            .flat_map(|r| r.policy_types.iter())
            .filter(|(_, s)| s == "ENABLED")
            .map(|(t, _)| t.clone())
            .collect();
        policy_types.sort();
        policy_types.dedup();
    }
    principals.sort();
    accounts.sort_by(|a, b| a.id.cmp(&b.id));
    let master_name = accounts.iter().find(|a| a.id == org.master_account_id).map(|a| a.name.clone());
    let all: Vec<&OrgAccount> = accounts.iter().collect();
    let members: Vec<&OrgAccount> = accounts.iter().filter(|a| a.id != org.master_account_id).collect();
    let roots_json = Json::Array(
        roots
            .iter()
            .map(|r| {
                let types: Vec<Json> = r.policy_types.iter().map(|(t, s)| json!({ "status": s, "type": t })).collect();
                json!({ "arn": r.arn, "id": r.id, "name": r.name, "policy_types": types })
            })
            .collect(),
    );
    Ok(Some(vec![
        ("id", Json::from(org.id.as_str())),
        ("arn", Json::from(org.arn)),
        ("feature_set", Json::from(org.feature_set)),
        ("master_account_arn", Json::from(org.master_account_arn)),
        ("master_account_id", Json::from(org.master_account_id)),
        ("master_account_email", Json::from(org.master_account_email)),
        ("master_account_name", master_name.map(Json::from).unwrap_or(Json::Null)),
        ("accounts", accounts_json(&all)),
        ("non_master_accounts", accounts_json(&members)),
        ("roots", roots_json),
        ("aws_service_access_principals", Json::from(principals)),
        ("enabled_policy_types", Json::from(policy_types)),
    ]))
}

#[async_trait]
impl DataSource for OrganizationsOrganization {
    async fn read(&self, ctx: &Ctx<'_>, _args: &Obj) -> CloudResult<Obj> {
        match described(ctx).await? {
            Some(pairs) => Ok(obj(&SCHEMA, pairs)),
            None => Err(CloudError::new(
                "organizations",
                "DescribeOrganization",
                ErrorKind::NotFound,
                "AWSOrganizationsNotInUseException",
                "this account is not a member of an organization",
            )),
        }
    }
}
