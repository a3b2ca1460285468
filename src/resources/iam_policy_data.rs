//! `data "aws_iam_policy"`: an existing managed policy (customer or AWS managed), by `arn`, or
//! by `name` (optionally under `path_prefix`), as the provider finds it.

use async_trait::async_trait;
use serde_json::Value as Json;

use super::{obj, opt, tags_json, Ctx, DataSource, Obj, ID};
use crate::cloud::{CloudError, CloudResult, ErrorKind};
use crate::schema::{Attr, Schema, Ty};

data_source!(IamPolicyData = "aws_iam_policy");

static SCHEMA: Schema = Schema {
    attrs: &[
        Attr::optional_computed("arn", Ty::String),
        Attr::optional_computed("name", Ty::String),
        Attr::optional("path_prefix", Ty::String),
        ID,
        Attr::computed("path", Ty::String),
        Attr::computed("description", Ty::String),
        Attr::computed("policy", Ty::String).json(),
        Attr::computed("policy_id", Ty::String),
        Attr::computed("attachment_count", Ty::Number),
        // Optional in the provider's schema (as everywhere tags are read), though what it sets is
        // replaced by what is read.
        Attr::optional_computed("tags", Ty::StringMap),
    ],
    ..Schema::NONE
};

fn not_found(op: &'static str, msg: String) -> CloudError {
    CloudError::new("iam", op, ErrorKind::NotFound, "NoSuchEntity", msg)
}

#[async_trait]
impl DataSource for IamPolicyData {
    fn reads() -> Vec<String> {
        vec!["arn".into(), "name".into(), "path_prefix".into()]
    }

    /// No match, or several policies of one name (under different paths), is an error, as in
    /// the provider.
    async fn read(&self, ctx: &Ctx<'_>, args: &Obj) -> CloudResult<Obj> {
        let text = |k: &str| args.get(k).and_then(Json::as_str).filter(|s| !s.is_empty());
        let arn = match (text("arn"), text("name")) {
            (Some(arn), _) => arn.to_string(),
            (None, Some(name)) => {
                // Customer managed policies first: most lookups are of the account's own.
                let prefix = text("path_prefix");
                let mut hits: Vec<String> = Vec::new();
                for local in [true, false] {
                    let all = ctx.cloud.iam.list_policies(prefix, local).await?;
                    hits = all.into_iter().filter(|(n, _)| n == name).map(|(_, a)| a).collect();
                    hits.dedup();
                    if !hits.is_empty() {
                        break;
                    }
                }
                match hits.as_slice() {
                    [one] => one.clone(),
                    [] => return Err(not_found("ListPolicies", format!("no IAM policy named {name:?} exists"))),
                    many => {
                        let msg =
                            format!("{} IAM policies are named {name:?}; give `arn` or `path_prefix`", many.len());
                        return Err(CloudError::new("iam", "ListPolicies", ErrorKind::Invalid, "TooManyResults", msg));
                    }
                }
            }
            (None, None) => {
                let msg = "one of `arn` or `name` must be set".to_string();
                return Err(CloudError::new("iam", "GetPolicy", ErrorKind::Invalid, "InvalidInput", msg));
            }
        };
        let Some(p) = ctx.cloud.iam.get_policy(&arn).await? else {
            return Err(not_found("GetPolicy", format!("IAM policy {arn} does not exist")));
        };
        Ok(obj(
            &SCHEMA,
            vec![
                ("arn", Json::from(p.arn.as_str())),
                ("id", Json::from(p.arn.as_str())),
                ("name", Json::from(p.name)),
                ("path_prefix", args.get("path_prefix").cloned().unwrap_or(Json::Null)),
                ("path", Json::from(p.path)),
                ("description", opt(p.description.as_deref())),
                // Normalised, as the provider records it (the same as its resource records).
                ("policy", Json::from(crate::policy::normalize(&p.document).unwrap_or(p.document))),
                ("policy_id", Json::from(p.policy_id)),
                ("attachment_count", Json::from(p.attachment_count)),
                ("tags", tags_json(&p.tags)),
            ],
        ))
    }
}
