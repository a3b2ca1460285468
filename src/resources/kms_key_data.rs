//! `data "aws_kms_key"`: a KMS key named by key id, key ARN, alias name or alias ARN, with
//! everything `DescribeKey` tells of it (also a key pending deletion, with its deletion date).
//! An AWS managed alias (`alias/aws/s3`) names its key, which KMS makes on first use.

use async_trait::async_trait;
use serde_json::{json, Value as Json};

use super::{obj, Ctx, DataSource, Obj, REGION};
use crate::cloud::{CloudError, CloudResult, ErrorKind};
use crate::schema::{Attr, Schema, Ty};

data_source!(KmsKeyData = "aws_kms_key");

static SCHEMA: Schema = Schema {
    attrs: &[
        Attr::optional_computed("id", Ty::String),
        Attr::required("key_id", Ty::String),
        Attr::optional("grant_tokens", Ty::StringList),
        Attr::computed("arn", Ty::String),
        Attr::computed("aws_account_id", Ty::String),
        Attr::computed("cloud_hsm_cluster_id", Ty::String),
        Attr::computed("creation_date", Ty::String),
        Attr::computed("custom_key_store_id", Ty::String),
        Attr::computed("customer_master_key_spec", Ty::String),
        Attr::computed("deletion_date", Ty::String),
        Attr::computed("description", Ty::String),
        Attr::computed("enabled", Ty::Bool),
        Attr::computed("expiration_model", Ty::String),
        Attr::computed("key_manager", Ty::String),
        Attr::computed("key_spec", Ty::String),
        Attr::computed("key_state", Ty::String),
        Attr::computed("key_usage", Ty::String),
        Attr::computed("multi_region", Ty::Bool),
        Attr::computed("multi_region_configuration", Ty::Dynamic),
        Attr::computed("origin", Ty::String),
        Attr::computed("pending_deletion_window_in_days", Ty::Number),
        Attr::computed("valid_to", Ty::String),
        Attr::computed("xks_key_configuration", Ty::Dynamic),
        REGION,
    ],
    ..Schema::NONE
};

#[async_trait]
impl DataSource for KmsKeyData {
    fn reads() -> Vec<String> {
        vec!["key_id".into(), "grant_tokens".into()]
    }

    async fn read(&self, ctx: &Ctx<'_>, args: &Obj) -> CloudResult<Obj> {
        let key = args.get("key_id").and_then(Json::as_str).unwrap_or_default();
        let Some(m) = ctx.cloud.kms.describe_key(ctx.region, key).await? else {
            let msg = format!("no KMS key {key} in {}", ctx.region);
            return Err(CloudError::new("kms", "DescribeKey", ErrorKind::NotFound, "NotFoundException", msg));
        };
        let multi_region = match &m.multi_region_key_type {
            Some(t) if m.multi_region => json!([{
                "multi_region_key_type": t,
                "primary_key": [{ "arn": m.arn, "region": ctx.region }],
                "replica_keys": [],
            }]),
            _ => json!([]),
        };
        let text = |s: &Option<String>| s.as_deref().map(Json::from).unwrap_or(Json::Null);
        Ok(obj(
            &SCHEMA,
            vec![
                ("id", Json::from(m.key_id.as_str())),
                ("key_id", Json::from(key)),
                ("grant_tokens", args.get("grant_tokens").cloned().unwrap_or(Json::Null)),
                ("arn", Json::from(m.arn.as_str())),
                ("aws_account_id", Json::from(m.aws_account_id.as_str())),
                ("creation_date", Json::from(m.creation_date.as_str())),
                ("customer_master_key_spec", Json::from(m.key_spec.as_str())),
                ("deletion_date", text(&m.deletion_date)),
                ("description", Json::from(m.description.as_str())),
                ("enabled", Json::Bool(m.enabled)),
                ("key_manager", Json::from(m.key_manager.as_str())),
                ("key_spec", Json::from(m.key_spec.as_str())),
                ("key_state", Json::from(m.key_state.as_str())),
                ("key_usage", Json::from(m.key_usage.as_str())),
                ("multi_region", Json::Bool(m.multi_region)),
                ("multi_region_configuration", multi_region),
                ("origin", Json::from(m.origin.as_str())),
                ("pending_deletion_window_in_days", Json::from(m.pending_deletion_window_in_days.unwrap_or(0))),
                ("xks_key_configuration", json!([])),
            ],
        ))
    }
}
