//! `aws_kms_grant`: a grant letting a principal use a KMS key for some operations, within
//! optional encryption context constraints. KMS cannot change a grant, so every argument
//! replaces it. Destroying it revokes it, or retires it with `retire_on_delete`. The grant
//! token is only answered when the grant is made. The id is `KEY_ID:GRANT_ID`.

use async_trait::async_trait;
use serde::Deserialize;
use serde_json::{json, Value as Json};

use super::typed;
use super::{obj, Ctx, Declared, Import, Obj, Resource, ID, REGION};
use crate::cloud::{CloudError, CloudResult, ErrorKind, Tags};
use crate::schema::{self, Attr, BlockType, Default, Invalid, Schema, Ty};
use crate::services::kms::{CreateGrantInput, Grant, GrantConstraints, GRANT_OPERATIONS};

resource_type!(KmsGrant = "aws_kms_grant", Import::Parse(import_prior));

static CONSTRAINTS: &[Attr] = &[
    Attr::optional("encryption_context_equals", Ty::StringMap).force_new(),
    Attr::optional("encryption_context_subset", Ty::StringMap).force_new(),
];

static SCHEMA: Schema = Schema {
    attrs: &[
        ID,
        Attr::optional("name", Ty::String).force_new().validate(grant_name),
        Attr::required("key_id", Ty::String).force_new(),
        Attr::required("grantee_principal", Ty::String).force_new().validate(schema::arn),
        Attr::required("operations", Ty::StringSet).force_new().validate(operations),
        Attr::optional("retiring_principal", Ty::String).force_new().validate(schema::arn),
        Attr::optional("grant_creation_tokens", Ty::StringSet).force_new(),
        Attr::optional("retire_on_delete", Ty::Bool).force_new().default(Default::Bool(false)),
        Attr::computed("grant_id", Ty::String),
        Attr::computed("grant_token", Ty::String).sensitive(),
        REGION,
    ],
    blocks: &[BlockType::new("constraints", CONSTRAINTS).set().force_new()],
    ..Schema::NONE
};

fn grant_name(v: &Json) -> Result<(), Invalid> {
    let Some(s) = v.as_str() else { return Ok(()) };
    let ok = !s.is_empty()
        && s.len() <= 256
        && s.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, ':' | '/' | '_' | '-'));
    if ok {
        Ok(())
    } else {
        Err(Invalid::new("a grant name is 1 to 256 letters, digits, `:`, `/`, `_` and `-`"))
    }
}

fn operations(v: &Json) -> Result<(), Invalid> {
    for op in v.as_array().into_iter().flatten().filter_map(Json::as_str) {
        if !GRANT_OPERATIONS.contains(&op) {
            return Err(Invalid::new(format!("{op:?} is not a grant operation ({})", GRANT_OPERATIONS.join(", "))));
        }
    }
    Ok(())
}

/// `KEY_ID:GRANT_ID`, where the key may be named by its ARN (the provider's `decodeGrantID`).
fn split_id(id: &str) -> Option<(&str, &str)> {
    let (key, grant) = id.rsplit_once(':')?;
    let key_ok = !key.is_empty() && (!key.starts_with("arn:") || key.contains(":key/"));
    (key_ok && !grant.is_empty()).then_some((key, grant))
}

fn import_prior(id: &str) -> Option<Obj> {
    let (key, grant) = split_id(id)?;
    Some(obj(&SCHEMA, vec![("id", Json::from(id)), ("key_id", Json::from(key)), ("grant_id", Json::from(grant))]))
}

#[derive(Deserialize, Default)]
struct Constraint {
    #[serde(default, deserialize_with = "typed::tags")]
    encryption_context_equals: Tags,
    #[serde(default, deserialize_with = "typed::tags")]
    encryption_context_subset: Tags,
}

/// What the verbs read.
#[derive(Deserialize)]
pub struct Args {
    #[serde(default, deserialize_with = "typed::text")]
    id: Option<String>,
    #[serde(default, deserialize_with = "typed::text")]
    name: Option<String>,
    #[serde(default, deserialize_with = "typed::required")]
    key_id: String,
    #[serde(default, deserialize_with = "typed::required")]
    grantee_principal: String,
    #[serde(default, deserialize_with = "typed::strings")]
    operations: Vec<String>,
    #[serde(default, deserialize_with = "typed::text")]
    retiring_principal: Option<String>,
    #[serde(default, deserialize_with = "typed::strings")]
    grant_creation_tokens: Vec<String>,
    #[serde(default, deserialize_with = "typed::flag")]
    retire_on_delete: Option<bool>,
    #[serde(default, deserialize_with = "typed::blocks")]
    constraints: Vec<Constraint>,
}

fn to_obj(id: &str, g: &Grant, prior: &Obj) -> Obj {
    let kept = |k: &str| prior.get(k).cloned().unwrap_or(Json::Null);
    // A principal KMS answers by its unique id (a deleted role) is not recorded over the ARN.
    let principal = |p: &str, k: &str| if p.starts_with("arn:") { Json::from(p) } else { kept(k) };
    let constraints: Vec<Json> = g
        .constraints
        .iter()
        .filter(|c| !c.encryption_context_equals.is_empty() || !c.encryption_context_subset.is_empty())
        .map(|c| {
            let map = |m: &std::collections::BTreeMap<String, String>| {
                if m.is_empty() {
                    Json::Null
                } else {
                    json!(m)
                }
            };
            json!({
                "encryption_context_equals": map(&c.encryption_context_equals),
                "encryption_context_subset": map(&c.encryption_context_subset),
            })
        })
        .collect();
    obj(
        &SCHEMA,
        vec![
            ("id", Json::from(id)),
            ("key_id", kept("key_id")),
            ("grant_id", Json::from(g.grant_id.as_str())),
            ("grant_token", kept("grant_token")),
            ("name", g.name.as_deref().map(Json::from).unwrap_or(Json::Null)),
            ("grantee_principal", principal(&g.grantee_principal, "grantee_principal")),
            (
                "retiring_principal",
                g.retiring_principal.as_deref().map(|p| principal(p, "retiring_principal")).unwrap_or(Json::Null),
            ),
            ("operations", json!(g.operations)),
            ("grant_creation_tokens", kept("grant_creation_tokens")),
            (
                "retire_on_delete",
                if kept("retire_on_delete").is_null() { json!(false) } else { kept("retire_on_delete") },
            ),
            ("constraints", Json::Array(constraints)),
        ],
    )
}

async fn read_grant(ctx: &Ctx<'_>, id: &str, prior: &Obj) -> CloudResult<Option<Obj>> {
    let Some((key, grant)) = split_id(id) else { return Ok(None) };
    let grants = match ctx.cloud.kms.list_grants(ctx.region, key).await {
        Ok(g) => g,
        Err(e) if e.kind == ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e),
    };
    Ok(grants.iter().find(|g| g.grant_id == grant).map(|g| to_obj(id, g, prior)))
}

fn gone(id: &str) -> CloudError {
    let msg = format!("KMS grant {id} could not be read back after it was made");
    CloudError::new("kms", "ListGrants", ErrorKind::NotFound, "NotFoundException", msg)
}

#[async_trait]
impl Resource for KmsGrant {
    /// KMS refuses a constraint with both encryption context maps.
    fn check(&self, planned: &Obj) -> Vec<(&'static str, Invalid)> {
        let both = planned.get("constraints").and_then(Json::as_array).is_some_and(|cs| {
            let set = |c: &Json, k: &str| c.get(k).and_then(Json::as_object).is_some_and(|m| !m.is_empty());
            cs.iter().filter(|c| set(c, "encryption_context_equals")).count()
                + cs.iter().filter(|c| set(c, "encryption_context_subset")).count()
                > 1
        });
        if both {
            vec![(
                "constraints",
                Invalid::new(
                    "a grant constraint can't have both encryption_context_equals and encryption_context_subset set",
                ),
            )]
        } else {
            Vec::new()
        }
    }

    async fn read(&self, ctx: &Ctx<'_>, prior: &Obj) -> CloudResult<Option<Obj>> {
        let id = Self::args(prior)?.id.unwrap_or_default();
        read_grant(ctx, &id, prior).await
    }

    async fn create(&self, ctx: &Ctx<'_>, planned: &Obj) -> CloudResult<Obj> {
        let a = Self::args(planned)?;
        let constraints = a.constraints.first().map(|c| GrantConstraints {
            encryption_context_equals: c.encryption_context_equals.clone(),
            encryption_context_subset: c.encryption_context_subset.clone(),
        });
        let input = CreateGrantInput {
            key_id: a.key_id.clone(),
            grantee_principal: a.grantee_principal.clone(),
            retiring_principal: a.retiring_principal.clone(),
            operations: a.operations.clone(),
            constraints,
            grant_tokens: a.grant_creation_tokens.clone(),
            name: a.name.clone(),
        };
        let (grant_id, token) = ctx.cloud.kms.create_grant(ctx.region, &input).await?;
        let id = format!("{}:{grant_id}", a.key_id);
        let mut known = planned.clone();
        known.insert("grant_token".into(), Json::from(token));
        (ctx.record)(&obj(&SCHEMA, vec![("id", Json::from(id.as_str())), ("key_id", Json::from(a.key_id.as_str()))]));
        read_grant(ctx, &id, &known).await?.ok_or_else(|| gone(&id))
    }

    /// Every argument replaces the grant; only the recorded object is read again.
    async fn update(&self, ctx: &Ctx<'_>, prior: &Obj, planned: &Obj) -> CloudResult<Obj> {
        let id = Self::args(prior)?.id.unwrap_or_default();
        let mut known = planned.clone();
        known.insert("grant_token".into(), prior.get("grant_token").cloned().unwrap_or(Json::Null));
        read_grant(ctx, &id, &known).await?.ok_or_else(|| gone(&id))
    }

    /// Revokes the grant, or retires it with `retire_on_delete`; one already gone is fine.
    async fn delete(&self, ctx: &Ctx<'_>, prior: &Obj) -> CloudResult<()> {
        let a = Self::args(prior)?;
        let id = a.id.unwrap_or_default();
        let Some((key, grant)) = split_id(&id) else { return Ok(()) };
        let kms = &ctx.cloud.kms;
        let r = if a.retire_on_delete.unwrap_or(false) {
            kms.retire_grant(ctx.region, key, grant).await
        } else {
            kms.revoke_grant(ctx.region, key, grant).await
        };
        match r {
            Err(e) if e.kind == ErrorKind::NotFound => Ok(()),
            r => r,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::split_id;

    #[test]
    fn the_id_is_the_key_and_the_grant() {
        assert_eq!(split_id("k-1:abc"), Some(("k-1", "abc")));
        let arn = "arn:aws:kms:us-west-2:123456789012:key/k-1:abc";
        assert_eq!(split_id(arn), Some(("arn:aws:kms:us-west-2:123456789012:key/k-1", "abc")));
        assert_eq!(split_id("k-1"), None);
        assert_eq!(split_id(":abc"), None);
    }
}
