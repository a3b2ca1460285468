//! `aws_inspector2_enabler`: turns Amazon Inspector scanning on for resource types (EC2, ECR,
//! Lambda, Lambda code, code repositories) in a set of accounts.

use async_trait::async_trait;
use serde_json::Value as Json;

use serde::Deserialize;

use super::typed::{self};
use super::{obj, Ctx, Declared, Import, Obj, Resource, ID, REGION};
use crate::cloud::CloudResult;
use crate::schema::{self, Attr, Invalid, Schema, Ty};
use crate::services::inspector2::Inspector2AccountStatus;

resource_type!(Inspector2Enabler = "aws_inspector2_enabler", Import::Parse(import_prior));

/// The provider's validation list (6.25: the SDK's `ResourceScanType` values).
const TYPES: &[&str] = &["EC2", "ECR", "LAMBDA", "LAMBDA_CODE", "CODE_REPOSITORY"];

/// A 12-digit AWS account id.
pub(crate) fn account_id(v: &Json) -> Result<(), Invalid> {
    match v.as_str() {
        Some(id) if id.len() != 12 || !id.chars().all(|c| c.is_ascii_digit()) => {
            Err(Invalid::new(format!("{id:?} is not a 12-digit AWS account id")))
        }
        _ => Ok(()),
    }
}

fn account_ids(v: &Json) -> Result<(), Invalid> {
    v.as_array().into_iter().flatten().try_for_each(account_id)
}

fn resource_types(v: &Json) -> Result<(), Invalid> {
    for t in v.as_array().into_iter().flatten() {
        schema::one_of(t, TYPES)?;
    }
    Ok(())
}

static SCHEMA: Schema = Schema {
    attrs: &[
        ID,
        Attr::required("account_ids", Ty::StringSet).validate(account_ids),
        Attr::required("resource_types", Ty::StringSet).validate(resource_types),
        REGION,
    ],
    ..Schema::NONE
};

fn to_obj(accounts: &[String], types: &[String]) -> Obj {
    let mut a = accounts.to_vec();
    a.sort();
    let mut t = types.to_vec();
    t.sort();
    obj(
        &SCHEMA,
        vec![
            ("id", Json::from(format!("{}-{}", a.join(":"), t.join(":")))),
            ("account_ids", Json::from(a)),
            ("resource_types", Json::from(t)),
        ],
    )
}

/// What the verbs read.
#[derive(Deserialize)]
pub struct Args {
    #[serde(default, deserialize_with = "typed::strings")]
    account_ids: Vec<String>,
    #[serde(default, deserialize_with = "typed::strings")]
    resource_types: Vec<String>,
}

/// The enabler `a` as `statuses` show it: the wanted resource types that are enabled (or
/// enabling) in every one of its accounts; gone when none is.
fn enabled_of(a: &Args, statuses: &[Inspector2AccountStatus]) -> Option<Obj> {
    let on = |s: &str| matches!(s, "ENABLED" | "ENABLING");
    let enabled: Vec<String> = a
        .resource_types
        .iter()
        .filter(|t| {
            a.account_ids.iter().all(|id| {
                statuses
                    .iter()
                    .find(|s| &s.account_id == id)
                    .and_then(|s| s.resource_status.get(t.as_str()))
                    .is_some_and(|st| on(st))
            })
        })
        .cloned()
        .collect();
    (!enabled.is_empty()).then(|| to_obj(&a.account_ids, &enabled))
}

/// Waits until every one of `types` in every one of `accounts` reports `ENABLED` (or, when
/// not `on`, `DISABLED`): Enable and Disable only start the change, and what depends on the
/// enabler must not start before scanning is on.
async fn wait_for(ctx: &Ctx<'_>, accounts: &[String], types: &[String], on: bool) -> CloudResult<()> {
    let (want, doing, block) = if on { ("ENABLED", "enabling", "create") } else { ("DISABLED", "disabling", "delete") };
    super::waiting::until_done(ctx, doing, block, || async {
        let statuses = ctx.cloud.inspector2.account_status(ctx.region, accounts).await?;
        let mut pending = Vec::new();
        for a in accounts {
            let of = statuses.iter().find(|s| &s.account_id == a);
            for t in types {
                let st = of.and_then(|s| s.resource_status.get(t.as_str())).map_or("UNKNOWN", String::as_str);
                // Disabled means also "not known to Inspector": an account it does not report.
                if st != want && (on || of.is_some()) {
                    pending.push(format!("{t} in {a} ({st})"));
                }
            }
        }
        Ok((!pending.is_empty()).then(|| pending.join(", ")))
    })
    .await
}

#[async_trait]
impl Resource for Inspector2Enabler {
    /// The managed resource types that are enabled in every listed account; gone when none is.
    async fn read(&self, ctx: &Ctx<'_>, prior: &Obj) -> CloudResult<Option<Obj>> {
        Ok(self.read_many(ctx, &[prior]).await?.pop().flatten())
    }

    fn batch_read(&self) -> bool {
        true
    }

    /// One `BatchGetAccountStatus` (10 accounts a call) for the accounts of every enabler of
    /// the region: several enablers naming one account ask for it once.
    async fn read_many(&self, ctx: &Ctx<'_>, priors: &[&Obj]) -> CloudResult<Vec<Option<Obj>>> {
        let all: Vec<Args> = priors.iter().map(|p| Self::args(p)).collect::<CloudResult<_>>()?;
        let mut accounts: Vec<String> = all.iter().flat_map(|a| a.account_ids.iter().cloned()).collect();
        accounts.sort_unstable();
        accounts.dedup();
        let statuses = ctx.cloud.inspector2.account_status(ctx.region, &accounts).await?;
        Ok(all.iter().map(|a| enabled_of(a, &statuses)).collect())
    }

    async fn create(&self, ctx: &Ctx<'_>, planned: &Obj) -> CloudResult<Obj> {
        let Args { account_ids: accounts, resource_types: types } = Self::args(planned)?;
        ctx.cloud.inspector2.enable(ctx.region, &accounts, &types).await?;
        wait_for(ctx, &accounts, &types, true).await?;
        Ok(to_obj(&accounts, &types))
    }

    /// Enables what is new and disables what is no longer wanted, per account.
    async fn update(&self, ctx: &Ctx<'_>, prior: &Obj, planned: &Obj) -> CloudResult<Obj> {
        let Args { account_ids: old_a, resource_types: old_t } = Self::args(prior)?;
        let Args { account_ids: new_a, resource_types: new_t } = Self::args(planned)?;
        let dropped_accounts: Vec<String> = old_a.iter().filter(|a| !new_a.contains(a)).cloned().collect();
        if !dropped_accounts.is_empty() {
            ctx.cloud.inspector2.disable(ctx.region, &dropped_accounts, &old_t).await?;
        }
        let dropped_types: Vec<String> = old_t.iter().filter(|t| !new_t.contains(t)).cloned().collect();
        let kept: Vec<String> = old_a.iter().filter(|a| new_a.contains(a)).cloned().collect();
        if !dropped_types.is_empty() && !kept.is_empty() {
            ctx.cloud.inspector2.disable(ctx.region, &kept, &dropped_types).await?;
        }
        ctx.cloud.inspector2.enable(ctx.region, &new_a, &new_t).await?;
        wait_for(ctx, &new_a, &new_t, true).await?;
        if !dropped_accounts.is_empty() {
            wait_for(ctx, &dropped_accounts, &old_t, false).await?;
        }
        if !dropped_types.is_empty() && !kept.is_empty() {
            wait_for(ctx, &kept, &dropped_types, false).await?;
        }
        Ok(to_obj(&new_a, &new_t))
    }

    async fn delete(&self, ctx: &Ctx<'_>, prior: &Obj) -> CloudResult<()> {
        let p = Self::args(prior)?;
        ctx.cloud.inspector2.disable(ctx.region, &p.account_ids, &p.resource_types).await?;
        wait_for(ctx, &p.account_ids, &p.resource_types, false).await
    }
}

/// Import id: `ACCOUNT[:ACCOUNT…]-TYPE[:TYPE…]`, e.g. `123456789012-EC2:ECR`.
fn import_prior(id: &str) -> Option<Obj> {
    let (a, t) = id.split_once('-')?;
    let accounts: Vec<String> = a.split(':').map(str::to_string).collect();
    let types: Vec<String> = t.split(':').map(str::to_string).collect();
    Some(to_obj(&accounts, &types))
}
