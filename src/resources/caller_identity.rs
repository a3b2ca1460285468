//! `data "aws_caller_identity"`: the account, ARN and user id of the provider's credentials
//! (STS `GetCallerIdentity`).

use async_trait::async_trait;
use serde_json::Value as Json;

use super::{obj, Ctx, DataSource, Obj, ARN, ID};
use crate::cloud::CloudResult;
use crate::schema::{Attr, Schema, Ty};

data_source!(CallerIdentity = "aws_caller_identity");

static SCHEMA: Schema = Schema {
    attrs: &[ID, Attr::computed("account_id", Ty::String), ARN, Attr::computed("user_id", Ty::String)],
    ..Schema::NONE
};

#[async_trait]
impl DataSource for CallerIdentity {
    async fn read(&self, ctx: &Ctx<'_>, _args: &Obj) -> CloudResult<Obj> {
        let who = ctx.cloud.sts.caller_identity().await?;
        Ok(obj(
            &SCHEMA,
            vec![
                ("id", Json::from(who.account.as_str())),
                ("account_id", Json::from(who.account)),
                ("arn", Json::from(who.arn)),
                ("user_id", Json::from(who.user_id)),
            ],
        ))
    }
}
