//! `data "aws_iam_role"`: an existing role, by name.

use async_trait::async_trait;
use serde_json::Value as Json;

use super::{obj, opt, tags_json, Ctx, DataSource, Obj, ARN, ID};
use crate::cloud::{CloudError, CloudResult, ErrorKind};
use crate::schema::{self, Attr, Differs, Schema, Ty};

data_source!(IamRoleData = "aws_iam_role");

static SCHEMA: Schema = Schema {
    attrs: &[
        Attr::required("name", Ty::String).validate(schema::iam_name),
        ID,
        ARN,
        Attr::computed("path", Ty::String),
        Attr::computed("description", Ty::String),
        Attr::computed("assume_role_policy", Ty::String).json(),
        Attr::computed("max_session_duration", Ty::Number),
        Attr::computed("permissions_boundary", Ty::String),
        // Optional in the provider's schema (as everywhere tags are read), though what it sets is
        // replaced by what is read.
        Attr::optional_computed("tags", Ty::StringMap),
        Attr::computed("unique_id", Ty::String),
        Attr::computed("create_date", Ty::String),
    ],
    differs: &[Differs {
        name: "role_last_used",
        why: "not read: it changes with every use of the role, outside the baseline, and no check reads it",
    }],
    ..Schema::NONE
};

#[async_trait]
impl DataSource for IamRoleData {
    fn reads() -> Vec<String> {
        vec!["name".into()]
    }

    /// A role that does not exist is an error, as in the provider.
    async fn read(&self, ctx: &Ctx<'_>, args: &Obj) -> CloudResult<Obj> {
        let name = args.get("name").and_then(Json::as_str).unwrap_or_default();
        let Some(r) = ctx.cloud.iam.get_role(name).await? else {
            let msg = format!("no IAM role named {name:?} exists in this account");
            return Err(CloudError::new("iam", "GetRole", ErrorKind::NotFound, "NoSuchEntity", msg));
        };
        Ok(obj(
            &SCHEMA,
            vec![
                ("name", Json::from(r.name.as_str())),
                ("id", Json::from(r.name.as_str())),
                ("arn", Json::from(r.arn)),
                ("path", Json::from(r.path)),
                ("description", opt(r.description.as_deref())),
                (
                    "assume_role_policy",
                    Json::from(
                        crate::policy::normalize(&r.assume_role_policy_document)
                            .unwrap_or(r.assume_role_policy_document),
                    ),
                ),
                ("max_session_duration", Json::from(r.max_session_duration)),
                ("permissions_boundary", opt(r.permissions_boundary.as_deref())),
                ("tags", tags_json(&r.tags)),
                ("unique_id", Json::from(r.role_id)),
                ("create_date", Json::from(r.create_date)),
            ],
        ))
    }
}
