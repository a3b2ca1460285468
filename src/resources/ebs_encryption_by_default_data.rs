//! `data "aws_ebs_encryption_by_default"`: whether new EBS volumes in the region are encrypted
//! by default. The id is the region, as the provider records it.

use async_trait::async_trait;
use serde_json::Value as Json;

use super::{obj, Ctx, DataSource, Obj, REGION};
use crate::cloud::CloudResult;
use crate::schema::{Attr, Schema, Ty};

data_source!(EbsEncryptionByDefaultData = "aws_ebs_encryption_by_default");

static SCHEMA: Schema = Schema {
    attrs: &[Attr::optional_computed("id", Ty::String), Attr::computed("enabled", Ty::Bool), REGION],
    ..Schema::NONE
};

#[async_trait]
impl DataSource for EbsEncryptionByDefaultData {
    async fn read(&self, ctx: &Ctx<'_>, _args: &Obj) -> CloudResult<Obj> {
        let on = ctx.cloud.ec2.get_ebs_encryption_by_default(ctx.region).await?;
        Ok(obj(&SCHEMA, vec![("id", Json::from(ctx.region)), ("enabled", Json::from(on))]))
    }
}
