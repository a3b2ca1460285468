//! `aws_iam_policy`: a customer managed policy. As in the provider, a changed document becomes
//! a new default version, after the oldest non-default version is deleted when the policy
//! already has five; destroy deletes the other versions first. The id is the ARN.
//! `attachment_count` is recorded, as the provider records it; it changes with every attachment
//! made elsewhere, so it is shared: never reported as drift.

use async_trait::async_trait;
use serde::Deserialize;
use serde_json::Value as Json;

use super::typed::{self};
use super::{arn_obj, opt, tags_json, Ctx, Declared, Import, Obj, Resource, ARN, ID, TAGS, TAGS_ALL};
use crate::cloud::Absent;
use crate::cloud::{tag_delta, CloudResult, ErrorKind, Tags};
use crate::policy::DocumentKind::Permissions;
use crate::schema::{self, Attr, Default, Invalid, Schema, Ty};
use crate::services::iam::{CreatePolicyInput, ManagedPolicy};

// Import id: the policy ARN.
resource_type!(IamPolicy = "aws_iam_policy", Import::Arn);

static SCHEMA: Schema = Schema {
    attrs: &[
        ID,
        ARN,
        Attr::optional_computed("name", Ty::String).force_new().validate(|v| schema::iam_name_max(v, 128)),
        // Recorded from the name (the provider's `NamePrefixFromName`): `terraform-` when generated.
        Attr::optional_computed("name_prefix", Ty::String).force_new().validate(|v| schema::iam_name_max(v, 128 - 26)),
        Attr::optional("path", Ty::String).force_new().default(Default::Str("/")).validate(schema::iam_path),
        Attr::optional("description", Ty::String).force_new(),
        Attr::required("policy", Ty::String).json().validate(schema::json_object).policy(Permissions),
        TAGS,
        TAGS_ALL,
        Attr::computed("policy_id", Ty::String),
        Attr::computed("attachment_count", Ty::Number).shared(),
    ],
    ..Schema::NONE
};

/// IAM keeps at most this many versions of a policy.
const MAX_VERSIONS: usize = 5;

/// What the verbs read.
#[derive(Deserialize)]
pub struct Args {
    #[serde(default, deserialize_with = "typed::text")]
    arn: Option<String>,
    #[serde(default, deserialize_with = "typed::text")]
    name: Option<String>,
    #[serde(default, deserialize_with = "typed::text")]
    name_prefix: Option<String>,
    #[serde(default, deserialize_with = "typed::text")]
    path: Option<String>,
    #[serde(default, deserialize_with = "typed::text")]
    description: Option<String>,
    #[serde(default, deserialize_with = "typed::required")]
    policy: String,
    #[serde(default, deserialize_with = "typed::tags")]
    tags: Tags,
}

fn to_obj(p: &ManagedPolicy) -> Obj {
    arn_obj(
        &SCHEMA,
        p.arn.as_str(),
        vec![
            ("name", Json::from(p.name.as_str())),
            ("name_prefix", super::name_prefix_json(&p.name, "")),
            ("path", Json::from(p.path.as_str())),
            ("description", opt(p.description.as_deref())),
            ("policy", Json::from(p.document.as_str())),
            ("tags", tags_json(&p.tags)),
            ("policy_id", Json::from(p.policy_id.as_str())),
            ("attachment_count", Json::from(p.attachment_count)),
        ],
    )
}

/// Makes room for one more version: deletes the oldest non-default version when the policy
/// has [`MAX_VERSIONS`] already (the provider's pruning rule).
async fn prune_versions(ctx: &Ctx<'_>, arn: &str) -> CloudResult<()> {
    let versions = ctx.cloud.iam.list_policy_versions(arn).await?;
    if versions.len() < MAX_VERSIONS {
        return Ok(());
    }
    if let Some(oldest) = versions.iter().find(|v| !v.is_default) {
        ctx.cloud.iam.delete_policy_version(arn, &oldest.version_id).await?;
    }
    Ok(())
}

#[async_trait]
impl Resource for IamPolicy {
    fn check(&self, planned: &Obj) -> Vec<(&'static str, Invalid)> {
        super::name_conflict(planned).into_iter().collect()
    }

    async fn read(&self, ctx: &Ctx<'_>, prior: &Obj) -> CloudResult<Option<Obj>> {
        let p = Self::args(prior)?;
        let arn = p.arn.unwrap_or_default();
        Ok(ctx.cloud.iam.get_policy(&arn).await?.map(|live| to_obj(&live)))
    }

    async fn create(&self, ctx: &Ctx<'_>, planned: &Obj) -> CloudResult<Obj> {
        let a = Self::args(planned)?;
        let input = CreatePolicyInput {
            name: super::new_name(a.name.as_deref(), a.name_prefix.as_deref(), ""),
            path: a.path.clone().unwrap_or_else(|| "/".into()),
            description: a.description.clone(),
            document: a.policy.clone(),
            tags: a.tags.clone(),
        };
        let created = ctx.cloud.iam.create_policy(&input).await?;
        Ok(to_obj(&created))
    }

    /// The document (a new default version) and the tags change in place.
    async fn update(&self, ctx: &Ctx<'_>, prior: &Obj, planned: &Obj) -> CloudResult<Obj> {
        let (p, a) = (Self::args(prior)?, Self::args(planned)?);
        let arn = p.arn.clone().unwrap_or_default();
        let same = |at: &Attr| schema::same(at, &Json::from(p.policy.as_str()), &Json::from(a.policy.as_str()));
        if !SCHEMA.attr("policy").is_some_and(same) {
            prune_versions(ctx, &arn).await?;
            ctx.cloud.iam.create_policy_version(&arn, &a.policy).await?;
        }
        let (remove, add) = tag_delta(&p.tags, &a.tags);
        if !remove.is_empty() {
            ctx.cloud.iam.untag_policy(&arn, &remove).await?;
        }
        if !add.is_empty() {
            ctx.cloud.iam.tag_policy(&arn, &add).await?;
        }
        match ctx.cloud.iam.get_policy(&arn).await? {
            Some(live) => Ok(to_obj(&live)),
            None => Err(crate::cloud::CloudError::new(
                "iam",
                "GetPolicy",
                ErrorKind::NotFound,
                "NoSuchEntity",
                format!("policy {arn} disappeared while it was being updated"),
            )),
        }
    }

    /// Deletes the non-default versions, then the policy (IAM refuses it otherwise). A policy
    /// still attached is a `DeleteConflict`: the attachments are other resources.
    async fn delete(&self, ctx: &Ctx<'_>, prior: &Obj) -> CloudResult<()> {
        let arn = Self::args(prior)?.arn.unwrap_or_default();
        let Some(versions) = ctx.cloud.iam.list_policy_versions(&arn).await.found()? else { return Ok(()) };
        for v in versions.iter().filter(|v| !v.is_default) {
            ctx.cloud.iam.delete_policy_version(&arn, &v.version_id).await.gone()?;
        }
        ctx.cloud.iam.delete_policy(&arn).await.gone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::resources::obj;
    use crate::services::sandbox::Sandbox;
    use crate::services::Account;

    fn planned(doc: &str) -> Obj {
        obj(&SCHEMA, vec![("name", Json::from("audit")), ("path", Json::from("/")), ("policy", Json::from(doc))])
    }

    fn doc(action: &str) -> String {
        format!(r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Action":"{action}","Resource":"*"}}]}}"#)
    }

    #[tokio::test]
    async fn updates_past_five_versions_prune_the_oldest_and_destroy_removes_them_all() {
        let dir = tempfile::tempdir().unwrap();
        let account = Account::from(Sandbox::open(&dir.path().join("s.json")).unwrap());
        let ctx = Ctx::for_tests(&account);
        let mut stored = IamPolicy.create(&ctx, &planned(&doc("s3:GetObject"))).await.unwrap();
        let arn = stored["arn"].as_str().unwrap().to_string();
        for i in 0..7 {
            let next = planned(&doc(&format!("s3:Get{i}")));
            stored = IamPolicy.update(&ctx, &stored, &next).await.unwrap();
        }
        let versions = account.iam.list_policy_versions(&arn).await.unwrap();
        let ids: Vec<_> = versions.iter().map(|v| v.version_id.as_str()).collect();
        assert_eq!(ids, ["v4", "v5", "v6", "v7", "v8"], "the oldest were pruned, five kept");
        assert!(versions.last().unwrap().is_default);
        assert!(stored["policy"].as_str().unwrap().contains("s3:Get6"));
        IamPolicy.delete(&ctx, &stored).await.unwrap();
        assert_eq!(account.iam.get_policy(&arn).await.unwrap(), None);
    }

    #[tokio::test]
    async fn an_attached_policy_is_not_deleted() {
        let dir = tempfile::tempdir().unwrap();
        let account = Account::from(Sandbox::open(&dir.path().join("s.json")).unwrap());
        let ctx = Ctx::for_tests(&account);
        let stored = IamPolicy.create(&ctx, &planned(&doc("s3:GetObject"))).await.unwrap();
        let role = crate::services::iam::CreateRoleInput {
            name: "r".into(),
            path: "/".into(),
            assume_role_policy_document: "{}".into(),
            ..std::default::Default::default()
        };
        account.iam.create_role(&role).await.unwrap();
        account.iam.attach_role_policy("r", stored["arn"].as_str().unwrap()).await.unwrap();
        let live = account.iam.get_policy(stored["arn"].as_str().unwrap()).await.unwrap().unwrap();
        assert_eq!(live.attachment_count, 1);
        let err = IamPolicy.delete(&ctx, &stored).await.unwrap_err();
        assert_eq!(err.kind, ErrorKind::Conflict);
    }
}
