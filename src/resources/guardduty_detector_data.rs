//! `data "aws_guardduty_detector"`: the region's detector (the one named by `id`, else the
//! account's only one): its status, publishing frequency, service role and features.

use async_trait::async_trait;
use serde_json::{json, Value as Json};

use super::{obj, tags_json, Ctx, DataSource, Obj, REGION};
use crate::cloud::{CloudError, CloudResult, ErrorKind};
use crate::schema::{Attr, Schema, Ty};

data_source!(GuardDutyDetectorData = "aws_guardduty_detector");

static SCHEMA: Schema = Schema {
    attrs: &[
        Attr::optional_computed("id", Ty::String),
        Attr::computed("arn", Ty::String),
        Attr::computed("features", Ty::Dynamic),
        Attr::computed("finding_publishing_frequency", Ty::String),
        Attr::computed("service_role_arn", Ty::String),
        Attr::computed("status", Ty::String),
        Attr::optional_computed("tags", Ty::StringMap),
        REGION,
    ],
    ..Schema::NONE
};

fn not_found(msg: String) -> CloudError {
    CloudError::new("guardduty", "ListDetectors", ErrorKind::NotFound, "NotFound", msg)
}

#[async_trait]
impl DataSource for GuardDutyDetectorData {
    fn reads() -> Vec<String> {
        vec!["id".into()]
    }

    /// Without `id`, the region must hold exactly one detector, as the provider requires.
    async fn read(&self, ctx: &Ctx<'_>, args: &Obj) -> CloudResult<Obj> {
        let gd = &ctx.cloud.guardduty;
        let id = match args.get("id").and_then(Json::as_str).filter(|i| !i.is_empty()) {
            Some(id) => id.to_string(),
            None => match gd.list_detectors(ctx.region).await?.as_slice() {
                [one] => one.clone(),
                [] => return Err(not_found(format!("no GuardDuty detector in {}", ctx.region))),
                many => {
                    return Err(not_found(format!("{} GuardDuty detectors in {}: set `id`", many.len(), ctx.region)))
                }
            },
        };
        let Some(d) = gd.get_detector(ctx.region, &id).await? else {
            return Err(not_found(format!("no GuardDuty detector {id} in {}", ctx.region)));
        };
        let account = ctx.cloud.account_id().await?;
        let features: Vec<Json> = d
            .features
            .iter()
            .map(|(name, f)| {
                let additional: Vec<Json> =
                    f.additional_configuration.iter().map(|(n, s)| json!({ "name": n, "status": s })).collect();
                json!({ "name": name, "status": f.status, "additional_configuration": additional })
            })
            .collect();
        Ok(obj(
            &SCHEMA,
            vec![
                ("id", Json::from(id.as_str())),
                ("arn", Json::from(super::guardduty_detector::arn(&id, ctx.region, &account))),
                ("features", Json::Array(features)),
                ("finding_publishing_frequency", Json::from(d.finding_publishing_frequency.as_str())),
                ("service_role_arn", Json::from(d.service_role.as_str())),
                ("status", Json::from(d.status.as_str())),
                ("tags", tags_json(&d.tags)),
            ],
        ))
    }
}
