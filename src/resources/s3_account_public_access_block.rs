//! `aws_s3_account_public_access_block`: S3 Block Public Access for the whole account (every
//! bucket, every region; S3 Control's `PutPublicAccessBlock`). `account_id` is the caller's
//! unless set, and S3 Control refuses another account's. Each switch defaults to false, and the
//! whole configuration is sent on every change. The id is the account id, which is also the
//! import id; destroying the resource deletes the configuration, after which each bucket's own
//! settings alone decide.

use async_trait::async_trait;
use serde::Deserialize;
use serde_json::Value as Json;

use super::typed;
use super::{obj, Ctx, Declared, Import, Obj, Resource, ID};
use crate::cloud::{Absent, CloudResult};
use crate::schema::{Attr, Default, Schema, Ty};
use crate::services::s3control::PublicAccessBlock;

resource_type!(S3AccountPublicAccessBlock = "aws_s3_account_public_access_block", Import::Parse(import_prior));

static SCHEMA: Schema = Schema {
    attrs: &[
        ID,
        Attr::optional_computed("account_id", Ty::String).force_new().validate(super::inspector2_enabler::account_id),
        Attr::optional("block_public_acls", Ty::Bool).default(Default::Bool(false)),
        Attr::optional("block_public_policy", Ty::Bool).default(Default::Bool(false)),
        Attr::optional("ignore_public_acls", Ty::Bool).default(Default::Bool(false)),
        Attr::optional("restrict_public_buckets", Ty::Bool).default(Default::Bool(false)),
    ],
    ..Schema::NONE
};

/// What the verbs read.
#[derive(Deserialize)]
pub struct Args {
    #[serde(default, deserialize_with = "typed::text")]
    id: Option<String>,
    #[serde(default, deserialize_with = "typed::text")]
    account_id: Option<String>,
    #[serde(default, deserialize_with = "typed::flag")]
    block_public_acls: Option<bool>,
    #[serde(default, deserialize_with = "typed::flag")]
    block_public_policy: Option<bool>,
    #[serde(default, deserialize_with = "typed::flag")]
    ignore_public_acls: Option<bool>,
    #[serde(default, deserialize_with = "typed::flag")]
    restrict_public_buckets: Option<bool>,
}

impl Args {
    fn config(&self) -> PublicAccessBlock {
        PublicAccessBlock {
            block_public_acls: self.block_public_acls.unwrap_or(false),
            ignore_public_acls: self.ignore_public_acls.unwrap_or(false),
            block_public_policy: self.block_public_policy.unwrap_or(false),
            restrict_public_buckets: self.restrict_public_buckets.unwrap_or(false),
        }
    }
}

pub(super) fn to_obj(schema: &Schema, account: &str, c: &PublicAccessBlock) -> Obj {
    obj(
        schema,
        vec![
            ("id", Json::from(account)),
            ("account_id", Json::from(account)),
            ("block_public_acls", Json::from(c.block_public_acls)),
            ("block_public_policy", Json::from(c.block_public_policy)),
            ("ignore_public_acls", Json::from(c.ignore_public_acls)),
            ("restrict_public_buckets", Json::from(c.restrict_public_buckets)),
        ],
    )
}

/// Import id: the account id.
fn import_prior(id: &str) -> Option<Obj> {
    (!id.is_empty()).then(|| obj(&SCHEMA, vec![("id", Json::from(id))]))
}

/// The account a stored object is about: its id (an imported one has only that).
fn account_of(prior: &Obj) -> CloudResult<String> {
    let a = S3AccountPublicAccessBlock::args(prior)?;
    Ok(a.id.or(a.account_id).unwrap_or_default())
}

impl S3AccountPublicAccessBlock {
    /// Puts the configuration of `planned` for `account`, answering it as S3 now has it (what
    /// was put, while S3's read lags behind the write).
    async fn put(&self, ctx: &Ctx<'_>, account: &str, planned: &Obj) -> CloudResult<Obj> {
        let config = Self::args(planned)?.config();
        ctx.cloud.s3control.put_public_access_block(account, &config).await?;
        let now = ctx.cloud.s3control.get_public_access_block(account).await?.unwrap_or(config);
        Ok(to_obj(&SCHEMA, account, &now))
    }
}

#[async_trait]
impl Resource for S3AccountPublicAccessBlock {
    fn notes(&self, planned: &Obj) -> Vec<String> {
        let Ok(a) = Self::args(planned) else { return Vec::new() };
        let c = a.config();
        let said = [
            (c.block_public_acls, "new public ACLs on buckets and objects are refused"),
            (c.ignore_public_acls, "public ACLs already in place are ignored"),
            (c.block_public_policy, "bucket policies that grant public access are refused"),
            (
                c.restrict_public_buckets,
                "buckets with public policies are reachable only by AWS services and the account",
            ),
        ];
        let on: Vec<&str> = said.iter().filter(|(b, _)| *b).map(|(_, s)| *s).collect();
        let note = if on.is_empty() {
            "no S3 public access is blocked at the account level: each bucket's own settings decide".to_string()
        } else {
            format!("in every S3 bucket of the account: {}", on.join("; "))
        };
        vec![note]
    }

    fn identity(&self, planned: &Obj) -> Option<String> {
        Self::args(planned).ok()?.account_id
    }

    async fn read(&self, ctx: &Ctx<'_>, prior: &Obj) -> CloudResult<Option<Obj>> {
        let account = account_of(prior)?;
        let found = ctx.cloud.s3control.get_public_access_block(&account).await?;
        Ok(found.map(|c| to_obj(&SCHEMA, &account, &c)))
    }

    async fn create(&self, ctx: &Ctx<'_>, planned: &Obj) -> CloudResult<Obj> {
        let account = match Self::args(planned)?.account_id {
            Some(a) => a,
            None => ctx.cloud.account_id().await?,
        };
        self.put(ctx, &account, planned).await
    }

    async fn update(&self, ctx: &Ctx<'_>, prior: &Obj, planned: &Obj) -> CloudResult<Obj> {
        self.put(ctx, &account_of(prior)?, planned).await
    }

    async fn delete(&self, ctx: &Ctx<'_>, prior: &Obj) -> CloudResult<()> {
        ctx.cloud.s3control.delete_public_access_block(&account_of(prior)?).await.gone()
    }
}
