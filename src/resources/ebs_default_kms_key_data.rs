//! `data "aws_ebs_default_kms_key"`: the ARN of the key that encrypts new EBS volumes in the
//! region when they name none. The id is the region, as the provider records it.

use async_trait::async_trait;
use serde_json::Value as Json;

use super::{obj, Ctx, DataSource, Obj, REGION};
use crate::cloud::CloudResult;
use crate::schema::{Attr, Schema, Ty};

data_source!(EbsDefaultKmsKeyData = "aws_ebs_default_kms_key");

static SCHEMA: Schema = Schema {
    attrs: &[Attr::optional_computed("id", Ty::String), Attr::computed("key_arn", Ty::String), REGION],
    ..Schema::NONE
};

#[async_trait]
impl DataSource for EbsDefaultKmsKeyData {
    async fn read(&self, ctx: &Ctx<'_>, _args: &Obj) -> CloudResult<Obj> {
        let key = ctx.cloud.ec2.get_ebs_default_kms_key_id(ctx.region).await?;
        Ok(obj(&SCHEMA, vec![("id", Json::from(ctx.region)), ("key_arn", Json::from(key))]))
    }
}
