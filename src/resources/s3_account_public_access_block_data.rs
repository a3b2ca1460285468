//! `data "aws_s3_account_public_access_block"`: the account's S3 Block Public Access (the
//! caller's account unless `account_id` names it). An account without one is an error, as in
//! the provider (S3 Control's `NoSuchPublicAccessBlockConfiguration`). The id is the account id.

use async_trait::async_trait;
use serde_json::Value as Json;

use super::{Ctx, DataSource, Obj};
use crate::cloud::{CloudError, CloudResult, ErrorKind};
use crate::schema::{Attr, Schema, Ty};

data_source!(S3AccountPublicAccessBlockData = "aws_s3_account_public_access_block");

static SCHEMA: Schema = Schema {
    attrs: &[
        Attr::optional_computed("id", Ty::String),
        Attr::optional("account_id", Ty::String).validate(super::inspector2_enabler::account_id),
        Attr::computed("block_public_acls", Ty::Bool),
        Attr::computed("block_public_policy", Ty::Bool),
        Attr::computed("ignore_public_acls", Ty::Bool),
        Attr::computed("restrict_public_buckets", Ty::Bool),
    ],
    ..Schema::NONE
};

#[async_trait]
impl DataSource for S3AccountPublicAccessBlockData {
    fn reads() -> Vec<String> {
        vec!["account_id".into()]
    }

    async fn read(&self, ctx: &Ctx<'_>, args: &Obj) -> CloudResult<Obj> {
        let account = match args.get("account_id").and_then(Json::as_str).filter(|a| !a.is_empty()) {
            Some(a) => a.to_string(),
            None => ctx.cloud.account_id().await?,
        };
        let Some(c) = ctx.cloud.s3control.get_public_access_block(&account).await? else {
            return Err(CloudError::new(
                "s3",
                "GetAccountPublicAccessBlock",
                ErrorKind::NotFound,
                "NoSuchPublicAccessBlockConfiguration",
                format!("account {account} has no S3 public access block configuration"),
            ));
        };
        Ok(super::s3_account_public_access_block::to_obj(&SCHEMA, &account, &c))
    }
}
