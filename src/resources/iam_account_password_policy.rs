//! `aws_iam_account_password_policy`: the account's one password policy. Create and update
//! are both `UpdateAccountPasswordPolicy` (which replaces the whole policy); the id is fixed,
//! `iam-account-password-policy`, as in the provider.

use async_trait::async_trait;
use serde::Deserialize;
use serde_json::Value as Json;

use super::typed;
use super::{obj, Ctx, Declared, Import, Obj, Resource, ID};
use crate::cloud::Absent;
use crate::cloud::CloudResult;
use crate::schema::{self, Attr, Default, Schema, Ty};
use crate::services::iam::PasswordPolicy;

resource_type!(IamAccountPasswordPolicy = "aws_iam_account_password_policy", Import::Parse(import_prior));

/// The provider's fixed id for the account's password policy.
const POLICY_ID: &str = "iam-account-password-policy";

static SCHEMA: Schema = Schema {
    attrs: &[
        ID,
        Attr::optional("allow_users_to_change_password", Ty::Bool).default(Default::Bool(true)),
        Attr::computed("expire_passwords", Ty::Bool),
        Attr::optional_computed("hard_expiry", Ty::Bool),
        // 0 is unset to the provider (it sends only non-zero numbers); AWS takes 1 to 1095.
        Attr::optional_computed("max_password_age", Ty::Number).validate(|v| unset_or_range(v, 1, 1095)),
        Attr::optional("minimum_password_length", Ty::Number)
            .default(Default::Int(6))
            .validate(|v| schema::int_range(v, 6, 128)),
        Attr::optional_computed("password_reuse_prevention", Ty::Number).validate(|v| unset_or_range(v, 1, 24)),
        Attr::optional_computed("require_lowercase_characters", Ty::Bool),
        Attr::optional_computed("require_numbers", Ty::Bool),
        Attr::optional_computed("require_symbols", Ty::Bool),
        Attr::optional_computed("require_uppercase_characters", Ty::Bool),
    ],
    ..Schema::NONE
};

/// What the verbs read.
#[derive(Deserialize)]
pub struct Args {
    #[serde(default, deserialize_with = "typed::flag")]
    allow_users_to_change_password: Option<bool>,
    #[serde(default, deserialize_with = "typed::flag")]
    hard_expiry: Option<bool>,
    #[serde(default, deserialize_with = "typed::int")]
    max_password_age: Option<i64>,
    #[serde(default, deserialize_with = "typed::int")]
    minimum_password_length: Option<i64>,
    #[serde(default, deserialize_with = "typed::int")]
    password_reuse_prevention: Option<i64>,
    #[serde(default, deserialize_with = "typed::flag")]
    require_lowercase_characters: Option<bool>,
    #[serde(default, deserialize_with = "typed::flag")]
    require_numbers: Option<bool>,
    #[serde(default, deserialize_with = "typed::flag")]
    require_symbols: Option<bool>,
    #[serde(default, deserialize_with = "typed::flag")]
    require_uppercase_characters: Option<bool>,
}

/// 0 (which the provider treats as unset), or a whole number from `lo` to `hi`.
fn unset_or_range(v: &Json, lo: i64, hi: i64) -> Result<(), schema::Invalid> {
    match v.as_f64() {
        Some(0.0) => Ok(()),
        _ => schema::int_range(v, lo, hi).map_err(|e| schema::Invalid::new(format!("{}, or 0 for none", e.message))),
    }
}

fn policy(o: &Obj) -> CloudResult<PasswordPolicy> {
    let a = <IamAccountPasswordPolicy as Declared>::args(o)?;
    Ok(PasswordPolicy {
        minimum_password_length: a.minimum_password_length.unwrap_or(6),
        require_symbols: a.require_symbols.unwrap_or(false),
        require_numbers: a.require_numbers.unwrap_or(false),
        require_uppercase_characters: a.require_uppercase_characters.unwrap_or(false),
        require_lowercase_characters: a.require_lowercase_characters.unwrap_or(false),
        allow_users_to_change_password: a.allow_users_to_change_password.unwrap_or(true),
        expire_passwords: a.max_password_age.is_some_and(|n| n > 0),
        // Zero means "never expires" / "no reuse check" to IAM, which is the same as unset.
        max_password_age: a.max_password_age.filter(|n| *n > 0),
        password_reuse_prevention: a.password_reuse_prevention.filter(|n| *n > 0),
        hard_expiry: a.hard_expiry.unwrap_or(false),
    })
}

fn to_obj(p: &PasswordPolicy) -> Obj {
    obj(
        &SCHEMA,
        vec![
            ("id", Json::from(POLICY_ID)),
            ("allow_users_to_change_password", Json::from(p.allow_users_to_change_password)),
            ("expire_passwords", Json::from(p.expire_passwords)),
            ("hard_expiry", Json::from(p.hard_expiry)),
            ("max_password_age", Json::from(p.max_password_age.unwrap_or(0))),
            ("minimum_password_length", Json::from(p.minimum_password_length)),
            ("password_reuse_prevention", Json::from(p.password_reuse_prevention.unwrap_or(0))),
            ("require_lowercase_characters", Json::from(p.require_lowercase_characters)),
            ("require_numbers", Json::from(p.require_numbers)),
            ("require_symbols", Json::from(p.require_symbols)),
            ("require_uppercase_characters", Json::from(p.require_uppercase_characters)),
        ],
    )
}

#[async_trait]
impl Resource for IamAccountPasswordPolicy {
    fn identity(&self, _planned: &Obj) -> Option<String> {
        Some(POLICY_ID.to_string())
    }

    async fn read(&self, ctx: &Ctx<'_>, _prior: &Obj) -> CloudResult<Option<Obj>> {
        Ok(ctx.cloud.iam.get_account_password_policy().await?.as_ref().map(to_obj))
    }

    async fn create(&self, ctx: &Ctx<'_>, planned: &Obj) -> CloudResult<Obj> {
        let p = policy(planned)?;
        ctx.cloud.iam.update_account_password_policy(&p).await?;
        Ok(to_obj(&ctx.cloud.iam.get_account_password_policy().await?.unwrap_or(p)))
    }

    async fn update(&self, ctx: &Ctx<'_>, _prior: &Obj, planned: &Obj) -> CloudResult<Obj> {
        self.create(ctx, planned).await
    }

    async fn delete(&self, ctx: &Ctx<'_>, _prior: &Obj) -> CloudResult<()> {
        ctx.cloud.iam.delete_account_password_policy().await.gone()
    }
}

/// Import id: anything (the provider's is `iam-account-password-policy`); there is one.
fn import_prior(_id: &str) -> Option<Obj> {
    Some(obj(&SCHEMA, vec![("id", Json::from(POLICY_ID))]))
}
