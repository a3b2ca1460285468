//! `data "aws_kms_alias"`: an alias by name and the key it points to. An AWS managed alias
//! (`alias/aws/s3`) is listed before its key exists; reading its key makes it, as KMS does.

use async_trait::async_trait;
use serde_json::Value as Json;

use super::kms_alias::{find_alias, key_arn};
use super::{obj, Ctx, DataSource, Obj, REGION};
use crate::cloud::{CloudError, CloudResult, ErrorKind};
use crate::schema::{Attr, Schema, Ty};

data_source!(KmsAliasData = "aws_kms_alias");

static SCHEMA: Schema = Schema {
    attrs: &[
        Attr::optional_computed("id", Ty::String),
        Attr::required("name", Ty::String).validate(super::kms_alias::alias_data_name),
        Attr::computed("arn", Ty::String),
        Attr::computed("target_key_arn", Ty::String),
        Attr::computed("target_key_id", Ty::String),
        REGION,
    ],
    ..Schema::NONE
};

fn not_found(operation: &'static str, msg: String) -> CloudError {
    CloudError::new("kms", operation, ErrorKind::NotFound, "NotFoundException", msg)
}

#[async_trait]
impl DataSource for KmsAliasData {
    fn reads() -> Vec<String> {
        vec!["name".into()]
    }

    /// The target is read with `DescribeKey` of the alias, as the provider does, so an AWS
    /// managed alias without a key yet gets one.
    async fn read(&self, ctx: &Ctx<'_>, args: &Obj) -> CloudResult<Obj> {
        let name = args.get("name").and_then(Json::as_str).unwrap_or_default();
        let Some(a) = find_alias(ctx, name).await? else {
            return Err(not_found("ListAliases", format!("no KMS alias {name} in {}", ctx.region)));
        };
        let Some(k) = ctx.cloud.kms.describe_key(ctx.region, name).await? else {
            return Err(not_found("DescribeKey", format!("KMS alias {name} names no key")));
        };
        Ok(obj(
            &SCHEMA,
            vec![
                ("id", Json::from(a.arn.as_str())),
                ("name", Json::from(name)),
                ("arn", Json::from(a.arn.as_str())),
                ("target_key_arn", Json::from(key_arn(&a.arn, &k.key_id))),
                ("target_key_id", Json::from(k.key_id.as_str())),
            ],
        ))
    }
}
