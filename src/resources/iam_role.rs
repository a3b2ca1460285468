//! `aws_iam_role`: an IAM role with its trust policy and, optionally, its exclusive set of
//! inline policies (`inline_policy` blocks) and of attached managed policies
//! (`managed_policy_arns`). Either is managed only when declared, as in the provider, so
//! `aws_iam_role_policy` and `aws_iam_role_policy_attachment` can own them instead.

use std::collections::BTreeMap;

use async_trait::async_trait;
use serde_json::Value as Json;

use serde::Deserialize;

use super::typed::{self};
use super::{obj, opt, tags_json, Ctx, Declared, Import, Obj, Resource, ARN, ID, TAGS, TAGS_ALL};
use crate::cloud::Absent;
use crate::cloud::{CloudResult, Tags};
use crate::policy::DocumentKind::{Permissions, Trust};
use crate::schema::{self, Attr, BlockType, Default, Schema, Ty};
use crate::services::iam::{CreateRoleInput, IamRole as Role};

resource_type!(IamRole = "aws_iam_role", Import::Parse(import_prior));

static INLINE_POLICY: &[Attr] = &[
    Attr::optional("name", Ty::String).validate(schema::iam_name),
    Attr::optional("policy", Ty::String).json().validate(schema::json_object).policy(Permissions).version_first(),
];

static SCHEMA: Schema = Schema {
    attrs: &[
        ID,
        ARN,
        Attr::optional_computed("name", Ty::String).force_new().validate(schema::iam_name),
        // Recorded from the name (the provider's `NamePrefixFromName`): `terraform-` when generated.
        Attr::optional_computed("name_prefix", Ty::String).force_new().validate(|v| schema::iam_name_max(v, 64 - 26)),
        Attr::optional("path", Ty::String).force_new().default(Default::Str("/")).validate(schema::iam_path),
        Attr::optional("description", Ty::String),
        Attr::required("assume_role_policy", Ty::String).json().validate(schema::json_object).policy(Trust),
        Attr::optional("max_session_duration", Ty::Number)
            .default(Default::Int(3600))
            .validate(|v| schema::int_range(v, 3600, 43200)),
        Attr::optional("permissions_boundary", Ty::String).validate(schema::arn).empty_is_unset(),
        Attr::optional("force_detach_policies", Ty::Bool).default(Default::Bool(false)),
        // Unset: not read, not managed (attachments may be separate resources).
        Attr::optional_computed("managed_policy_arns", Ty::StringSet).shared(),
        TAGS,
        TAGS_ALL,
        Attr::computed("unique_id", Ty::String),
        Attr::computed("create_date", Ty::String),
    ],
    // Unconfigured means "not managed here" (the planner keeps the live value), as in the
    // Terraform provider; one empty block removes every inline policy.
    blocks: &[BlockType::new("inline_policy", INLINE_POLICY).set().keep_live_when_unset()],
    ..Schema::NONE
};

/// What the verbs read.
#[derive(Deserialize)]
pub struct Args {
    #[serde(default, deserialize_with = "typed::text")]
    name: Option<String>,
    #[serde(default, deserialize_with = "typed::text")]
    name_prefix: Option<String>,
    #[serde(default, deserialize_with = "typed::text")]
    path: Option<String>,
    #[serde(default, deserialize_with = "typed::required")]
    assume_role_policy: String,
    #[serde(default, deserialize_with = "typed::text")]
    description: Option<String>,
    #[serde(default, deserialize_with = "typed::int")]
    max_session_duration: Option<i64>,
    #[serde(default, deserialize_with = "typed::text")]
    permissions_boundary: Option<String>,
    #[serde(default, deserialize_with = "typed::tags")]
    tags: Tags,
    #[serde(default, deserialize_with = "typed::raw")]
    inline_policy: Json,
    #[serde(default, deserialize_with = "typed::raw")]
    managed_policy_arns: Json,
    #[serde(default, deserialize_with = "typed::flag")]
    force_detach_policies: Option<bool>,
}

impl Args {
    /// The declared managed policy ARNs; `None` when not managed here.
    fn managed(&self) -> Option<Vec<String>> {
        let list = self.managed_policy_arns.as_array()?;
        Some(list.iter().filter_map(|v| v.as_str().map(str::to_string)).collect())
    }
}

impl Args {
    /// The role name (set on every stored object).
    fn name(&self) -> &str {
        self.name.as_deref().unwrap_or_default()
    }
}

/// Inline policies as a name → document map, skipping the empty marker block.
fn policies(inline_policy: &Json) -> BTreeMap<String, String> {
    inline_policy
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|p| Some((p.get("name")?.as_str()?.to_string(), p.get("policy")?.as_str()?.to_string())))
                .collect()
        })
        .unwrap_or_default()
}

fn policies_json(p: &BTreeMap<String, String>) -> Json {
    Json::Array(p.iter().map(|(n, d)| serde_json::json!({ "name": n, "policy": d })).collect())
}

/// The `inline_policy` blocks to record for the role's live inline policies: the prior
/// blocks when they name the same policies with documents of the same meaning (as the
/// provider keeps the configuration then, so an empty `inline_policy {}` block stays while the
/// role has none), else the live ones.
fn inline_json(prior: &Obj, live: &BTreeMap<String, String>) -> Json {
    match prior.get("inline_policy") {
        Some(blocks @ Json::Array(_)) => {
            let declared = policies(blocks);
            let same = declared.len() == live.len()
                && declared.iter().all(|(n, d)| live.get(n).is_some_and(|l| crate::policy::semantic_eq(d, l)));
            if same {
                blocks.clone()
            } else {
                policies_json(live)
            }
        }
        _ => policies_json(live),
    }
}

fn to_obj(planned: &Obj, r: &Role, inline: &BTreeMap<String, String>, managed: Option<&[String]>) -> Obj {
    obj(
        &SCHEMA,
        vec![
            ("id", Json::from(r.name.as_str())),
            ("arn", Json::from(r.arn.as_str())),
            ("name", Json::from(r.name.as_str())),
            ("name_prefix", super::name_prefix_json(&r.name, "")),
            ("path", Json::from(r.path.as_str())),
            ("description", opt(r.description.as_deref())),
            ("assume_role_policy", Json::from(r.assume_role_policy_document.as_str())),
            ("max_session_duration", Json::from(r.max_session_duration)),
            ("permissions_boundary", opt(r.permissions_boundary.as_deref())),
            (
                "force_detach_policies",
                planned.get("force_detach_policies").filter(|v| !v.is_null()).cloned().unwrap_or(Json::Bool(false)),
            ),
            ("tags", tags_json(&r.tags)),
            ("unique_id", Json::from(r.role_id.as_str())),
            ("create_date", Json::from(r.create_date.as_str())),
            ("inline_policy", inline_json(planned, inline)),
            ("managed_policy_arns", managed.map(|m| Json::from(m.to_vec())).unwrap_or(Json::Null)),
        ],
    )
}

/// From this many roles of one account on, `read_many` lists the account's roles.
const BATCH_FROM: usize = 5;

async fn read_inline(ctx: &Ctx<'_>, name: &str) -> CloudResult<BTreeMap<String, String>> {
    let mut out = BTreeMap::new();
    for p in ctx.cloud.iam.list_role_policies(name).await? {
        if let Some(doc) = ctx.cloud.iam.get_role_policy(name, &p).await? {
            out.insert(p, doc);
        }
    }
    Ok(out)
}

/// Makes a role's tags exactly `want` with the fewest calls.
pub(crate) async fn sync_tags(ctx: &Ctx<'_>, role: &str, have: &Tags, want: &Tags) -> CloudResult<()> {
    let (remove, add) = crate::cloud::tag_delta(have, want);
    if !remove.is_empty() {
        ctx.cloud.iam.untag_role(role, &remove).await?;
    }
    if !add.is_empty() {
        ctx.cloud.iam.tag_role(role, &add).await?;
    }
    Ok(())
}

#[async_trait]
impl Resource for IamRole {
    fn check(&self, planned: &Obj) -> Vec<(&'static str, crate::schema::Invalid)> {
        super::name_conflict(planned).into_iter().collect()
    }

    fn identity(&self, planned: &Obj) -> Option<String> {
        planned.get("name").and_then(Json::as_str).filter(|s| !s.is_empty()).map(str::to_string)
    }

    async fn read(&self, ctx: &Ctx<'_>, prior: &Obj) -> CloudResult<Option<Obj>> {
        let p = Self::args(prior)?;
        let Some(role) = ctx.cloud.iam.get_role(p.name()).await? else {
            return Ok(None);
        };
        let inline = read_inline(ctx, p.name()).await?;
        // One more call, only for roles that manage their attachments.
        let managed = match p.managed() {
            Some(_) => Some(ctx.cloud.iam.list_attached_role_policies(p.name()).await?),
            None => None,
        };
        Ok(Some(to_obj(prior, &role, &inline, managed.as_deref())))
    }

    fn batch_read(&self) -> bool {
        true
    }
    /// Many roles of one account are read with the account-wide listings (two calls per
    /// 1,000 roles of the account, see `Iam::role_details`) instead of two or more calls per
    /// role; a few are read one by one (cheaper then).
    async fn read_many(&self, ctx: &Ctx<'_>, priors: &[&Obj]) -> CloudResult<Vec<Option<Obj>>> {
        let mut out = Vec::with_capacity(priors.len());
        if priors.len() < BATCH_FROM {
            for p in priors {
                out.push(self.read(ctx, p).await?);
            }
            return Ok(out);
        }
        // IAM role names are unique whatever their case.
        let mut all: std::collections::HashMap<String, crate::services::iam::RoleDetails> =
            ctx.cloud.iam.role_details().await?.into_iter().map(|d| (d.role.name.to_lowercase(), d)).collect();
        for p in priors {
            let a = Self::args(p)?;
            out.push(all.remove(&a.name().to_lowercase()).map(|d| {
                let managed = a.managed().map(|_| d.attached);
                to_obj(p, &d.role, &d.inline, managed.as_deref())
            }));
        }
        Ok(out)
    }

    async fn create(&self, ctx: &Ctx<'_>, planned: &Obj) -> CloudResult<Obj> {
        let a = Self::args(planned)?;
        let name = super::new_name(a.name.as_deref(), a.name_prefix.as_deref(), "");
        let role = ctx
            .cloud
            .iam
            .create_role(&CreateRoleInput {
                name: name.clone(),
                path: a.path.clone().unwrap_or_else(|| "/".to_string()),
                assume_role_policy_document: a.assume_role_policy.clone(),
                description: a.description.clone(),
                max_session_duration: a.max_session_duration,
                permissions_boundary: a.permissions_boundary.clone(),
                tags: a.tags.clone(),
            })
            .await?;
        let inline = policies(&a.inline_policy);
        let managed = a.managed();
        if !inline.is_empty() || managed.as_ref().is_some_and(|m| !m.is_empty()) {
            // The role exists now; its policies are still to come.
            (ctx.record)(&to_obj(planned, &role, &BTreeMap::new(), managed.as_ref().map(|_| &[][..])));
        }
        for (p, doc) in &inline {
            ctx.cloud.iam.put_role_policy(&name, p, doc).await?;
        }
        for arn in managed.iter().flatten() {
            ctx.cloud.iam.attach_role_policy(&name, arn).await?;
        }
        Ok(to_obj(planned, &role, &inline, managed.as_deref()))
    }

    async fn update(&self, ctx: &Ctx<'_>, prior: &Obj, planned: &Obj) -> CloudResult<Obj> {
        let (p, a) = (Self::args(prior)?, Self::args(planned)?);
        let name = p.name();
        if !crate::policy::semantic_eq(&p.assume_role_policy, &a.assume_role_policy) {
            ctx.cloud.iam.update_assume_role_policy(name, &a.assume_role_policy).await?;
        }
        if p.description != a.description || p.max_session_duration != a.max_session_duration {
            let description = Some(a.description.as_deref().unwrap_or(""));
            ctx.cloud.iam.update_role(name, description, a.max_session_duration).await?;
        }
        if p.permissions_boundary != a.permissions_boundary {
            ctx.cloud.iam.set_permissions_boundary(name, a.permissions_boundary.as_deref()).await?;
        }
        sync_tags(ctx, name, &p.tags, &a.tags).await?;
        let (have, want) = (policies(&p.inline_policy), policies(&a.inline_policy));
        for (p, doc) in &want {
            if have.get(p).is_none_or(|d| !crate::policy::semantic_eq(d, doc)) {
                ctx.cloud.iam.put_role_policy(name, p, doc).await?;
            }
        }
        for p in have.keys().filter(|p| !want.contains_key(*p)) {
            ctx.cloud.iam.delete_role_policy(name, p).await?;
        }
        if let Some(want) = a.managed() {
            // Newly declared: what is attached now is not on record yet.
            let have = match p.managed() {
                Some(h) => h,
                None => ctx.cloud.iam.list_attached_role_policies(name).await?,
            };
            for arn in want.iter().filter(|x| !have.contains(x)) {
                ctx.cloud.iam.attach_role_policy(name, arn).await?;
            }
            for arn in have.iter().filter(|x| !want.contains(x)) {
                ctx.cloud.iam.detach_role_policy(name, arn).await?;
            }
        }
        match self.read(ctx, planned).await? {
            Some(o) => Ok(o),
            None => Ok(planned.clone()),
        }
    }

    /// Deletes inline policies first: IAM refuses to delete a role that still has them. Detaches
    /// the managed policies it manages (`managed_policy_arns`), or every one with
    /// `force_detach_policies`; others attached make IAM refuse, naming the conflict.
    async fn delete(&self, ctx: &Ctx<'_>, prior: &Obj) -> CloudResult<()> {
        let p = Self::args(prior)?;
        let name = p.name();
        let Some(listed) = ctx.cloud.iam.list_role_policies(name).await.found()? else { return Ok(()) };
        for p in listed {
            ctx.cloud.iam.delete_role_policy(name, &p).await?;
        }
        let force = p.force_detach_policies.unwrap_or(false);
        if force || p.managed().is_some() {
            let declared = p.managed().unwrap_or_default();
            for arn in ctx.cloud.iam.list_attached_role_policies(name).await? {
                if force || declared.contains(&arn) {
                    ctx.cloud.iam.detach_role_policy(name, &arn).await?;
                }
            }
        }
        ctx.cloud.iam.delete_role(name).await.gone()
    }
}

/// Import id: the role name. The object read has an empty `managed_policy_arns` too, so the
/// read records the ARNs of the role's attached policies, as the provider does on import.
fn import_prior(id: &str) -> Option<Obj> {
    (!id.is_empty()).then(|| obj(&SCHEMA, vec![("name", Json::from(id)), ("managed_policy_arns", Json::Array(vec![]))]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn prior(inline_policy: Json) -> Obj {
        obj(&SCHEMA, vec![("name", json!("r")), ("inline_policy", inline_policy)])
    }

    #[test]
    fn an_empty_inline_policy_block_is_kept_while_the_role_has_no_inline_policy() {
        let none = BTreeMap::new();
        let empty_block = json!([{ "name": null, "policy": null }]);
        assert_eq!(inline_json(&prior(empty_block.clone()), &none), empty_block);
        // Once the role has a policy, the live ones are recorded.
        let live = BTreeMap::from([("p".to_string(), r#"{"Statement":[]}"#.to_string())]);
        assert_eq!(inline_json(&prior(empty_block), &live), json!([{ "name": "p", "policy": r#"{"Statement":[]}"# }]));
    }

    #[test]
    fn declared_inline_policies_of_the_same_meaning_are_recorded_as_declared() {
        let declared = json!([{ "name": "p", "policy": "{ \"Statement\": [] }" }]);
        let live = BTreeMap::from([("p".to_string(), r#"{"Statement":[]}"#.to_string())]);
        assert_eq!(inline_json(&prior(declared.clone()), &live), declared);
        let other = BTreeMap::from([("q".to_string(), r#"{"Statement":[]}"#.to_string())]);
        assert_eq!(inline_json(&prior(declared), &other), json!([{ "name": "q", "policy": r#"{"Statement":[]}"# }]));
        // Not managed here (no blocks on record): what is live.
        assert_eq!(inline_json(&prior(Json::Null), &BTreeMap::new()), json!([]));
    }

    #[test]
    fn an_imported_role_reads_its_attached_policies() {
        let skeleton = import_prior("r").unwrap();
        let a = IamRole::args(&skeleton).unwrap();
        assert_eq!((a.name(), a.managed()), ("r", Some(vec![])));
        assert!(import_prior("").is_none());
    }
}
