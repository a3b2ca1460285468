//! `data "aws_securityhub_standards_control_associations"`: the enabled standards that hold one
//! security control (`IAM.1`), with the control's status, title and last change in each. The
//! id is the region.

use async_trait::async_trait;
use serde_json::{json, Value as Json};

use super::{obj, Ctx, DataSource, Obj, REGION};
use crate::cloud::CloudResult;
use crate::schema::{Attr, Schema, Ty};

data_source!(SecurityHubStandardsControlAssociations = "aws_securityhub_standards_control_associations");

static SCHEMA: Schema = Schema {
    attrs: &[
        Attr::computed("id", Ty::String),
        Attr::required("security_control_id", Ty::String),
        Attr::computed("standards_control_associations", Ty::Dynamic),
        REGION,
    ],
    ..Schema::NONE
};

#[async_trait]
impl DataSource for SecurityHubStandardsControlAssociations {
    fn reads() -> Vec<String> {
        vec!["security_control_id".into()]
    }

    async fn read(&self, ctx: &Ctx<'_>, args: &Obj) -> CloudResult<Obj> {
        let control = args.get("security_control_id").and_then(Json::as_str).unwrap_or_default();
        let all = ctx.cloud.securityhub.control_associations(ctx.region, control).await?;
        let list: Vec<Json> = all
            .iter()
            .map(|a| {
                let opt = |s: &str| if s.is_empty() { Json::Null } else { Json::from(s) };
                json!({
                    "association_status": a.association_status,
                    "related_requirements": a.related_requirements,
                    "security_control_arn": a.security_control_arn,
                    "security_control_id": a.security_control_id,
                    "standards_arn": a.standards_arn,
                    "standards_control_description": a.standards_control_description,
                    "standards_control_title": a.standards_control_title,
                    "updated_at": opt(&a.updated_at),
                    "updated_reason": opt(&a.updated_reason),
                })
            })
            .collect();
        Ok(obj(
            &SCHEMA,
            vec![
                ("id", Json::from(ctx.region)),
                ("security_control_id", Json::from(control)),
                ("standards_control_associations", Json::Array(list)),
            ],
        ))
    }
}
