//! `data "aws_cloudwatch_event_bus"`: an existing event bus, by name (`DescribeEventBus`);
//! modules read the `default` bus this way when they put their rules on it.

use async_trait::async_trait;
use serde_json::{json, Value as Json};

use super::{obj, opt, Ctx, DataSource, Obj, ARN, ID, REGION};
use crate::cloud::{CloudError, CloudResult, ErrorKind};
use crate::schema::{Attr, Schema, Ty};

data_source!(CloudwatchEventBusData = "aws_cloudwatch_event_bus");

static SCHEMA: Schema = Schema {
    attrs: &[
        Attr::required("name", Ty::String),
        ID,
        ARN,
        REGION,
        Attr::computed("description", Ty::String),
        Attr::computed("kms_key_identifier", Ty::String),
        Attr::computed("dead_letter_config", Ty::Dynamic),
        Attr::computed("log_config", Ty::Dynamic),
    ],
    ..Schema::NONE
};

#[async_trait]
impl DataSource for CloudwatchEventBusData {
    fn reads() -> Vec<String> {
        vec!["name".into()]
    }

    /// A bus that does not exist is an error, as in the provider.
    async fn read(&self, ctx: &Ctx<'_>, args: &Obj) -> CloudResult<Obj> {
        let name = args.get("name").and_then(Json::as_str).unwrap_or_default();
        let Some(b) = ctx.cloud.events.describe_event_bus(ctx.region, name).await? else {
            let msg = format!("no event bus named {name:?} exists in {}", ctx.region);
            return Err(CloudError::new(
                "events",
                "DescribeEventBus",
                ErrorKind::NotFound,
                "ResourceNotFoundException",
                msg,
            ));
        };
        Ok(obj(
            &SCHEMA,
            vec![
                ("name", Json::from(b.name.as_str())),
                ("id", Json::from(b.name.as_str())),
                ("arn", Json::from(b.arn)),
                ("description", opt(b.description.as_deref())),
                ("kms_key_identifier", opt(b.kms_key_identifier.as_deref())),
                // Neither is read (baseline manages no bus settings); the provider records
                // an empty list for a bus without them.
                ("dead_letter_config", json!([])),
                ("log_config", json!([])),
            ],
        ))
    }
}
