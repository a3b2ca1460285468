//! `aws_guardduty_detector_feature`: one protection plan of a detector (`S3_DATA_EVENTS`,
//! `RUNTIME_MONITORING`, …), on or off, with its sub-features. GuardDuty cannot remove a
//! feature, so destroying one only forgets it, as the provider does. The id is
//! `DETECTOR_ID/NAME`.

use std::collections::BTreeMap;

use async_trait::async_trait;
use serde::Deserialize;
use serde_json::{json, Value as Json};

use super::typed;
use super::{obj, Ctx, Declared, Import, Obj, Resource, ID, REGION};
use crate::cloud::{CloudError, CloudResult, ErrorKind};
use crate::schema::{self, Attr, BlockType, Schema, Ty};
use crate::services::guardduty::{Feature, FEATURES, FEATURE_NAMES, SUB_FEATURE_NAMES};

resource_type!(GuardDutyDetectorFeature = "aws_guardduty_detector_feature", Import::Parse(import_prior));

const STATUSES: [&str; 2] = ["ENABLED", "DISABLED"];

static ADDITIONAL: &[Attr] = &[
    Attr::required("name", Ty::String).force_new().validate(|v| schema::one_of(v, &SUB_FEATURE_NAMES)),
    Attr::required("status", Ty::String).validate(|v| schema::one_of(v, &STATUSES)),
];

static SCHEMA: Schema = Schema {
    attrs: &[
        ID,
        Attr::required("detector_id", Ty::String).force_new(),
        Attr::required("name", Ty::String).force_new().validate(|v| schema::one_of(v, &FEATURE_NAMES)),
        Attr::required("status", Ty::String).validate(|v| schema::one_of(v, &STATUSES)),
        REGION,
    ],
    blocks: &[BlockType::new("additional_configuration", ADDITIONAL).set().force_new()],
    ..Schema::NONE
};

/// A protection plan (feature) as GuardDuty's console names it.
pub(super) fn feature_words(name: &str) -> &str {
    match name {
        "S3_DATA_EVENTS" => "S3 Protection",
        "EKS_AUDIT_LOGS" => "EKS Protection (audit logs)",
        "EBS_MALWARE_PROTECTION" => "Malware Protection for EC2",
        "RDS_LOGIN_EVENTS" => "RDS Protection",
        "EKS_RUNTIME_MONITORING" => "EKS Runtime Monitoring",
        "LAMBDA_NETWORK_LOGS" => "Lambda Protection",
        "RUNTIME_MONITORING" => "Runtime Monitoring",
        other => other,
    }
}

/// A sub-feature in words: where GuardDuty manages its security agent.
pub(super) fn sub_feature_words(name: &str) -> &str {
    match name {
        "EKS_ADDON_MANAGEMENT" => "its agent managed on EKS",
        "ECS_FARGATE_AGENT_MANAGEMENT" => "its agent managed on ECS Fargate",
        "EC2_AGENT_MANAGEMENT" => "its agent managed on EC2",
        other => other,
    }
}

/// The enabled sub-features of `block` (`additional_configuration` blocks), in words, where
/// `on` says which flag values count as on.
pub(super) fn subs_on(block: Option<&Json>, flag: &str, on: &[&str]) -> Vec<String> {
    block
        .and_then(Json::as_array)
        .into_iter()
        .flatten()
        .filter(|b| b.get(flag).and_then(Json::as_str).is_some_and(|v| on.contains(&v)))
        .filter_map(|b| b.get("name").and_then(Json::as_str).map(|n| sub_feature_words(n).to_string()))
        .collect()
}

fn import_prior(id: &str) -> Option<Obj> {
    let (detector, name) = id.split_once('/')?;
    (!detector.is_empty() && !name.is_empty()).then(|| {
        obj(&SCHEMA, vec![("id", Json::from(id)), ("detector_id", Json::from(detector)), ("name", Json::from(name))])
    })
}

#[derive(Deserialize)]
struct Sub {
    #[serde(default, deserialize_with = "typed::required")]
    name: String,
    #[serde(default, deserialize_with = "typed::required")]
    status: String,
}

/// What the verbs read.
#[derive(Deserialize)]
pub struct Args {
    #[serde(default, deserialize_with = "typed::required")]
    detector_id: String,
    #[serde(default, deserialize_with = "typed::required")]
    name: String,
    #[serde(default, deserialize_with = "typed::text")]
    status: Option<String>,
    #[serde(default, deserialize_with = "typed::blocks")]
    additional_configuration: Vec<Sub>,
}

/// The feature as GuardDuty reports it. `managed` names the sub-features the configuration
/// manages: GuardDuty reports every sub-feature a feature has, and one left out of the
/// configuration is not read back, so it is no difference to replace the object for; `None`
/// (an import) reads them all.
async fn read_feature(ctx: &Ctx<'_>, detector: &str, name: &str, managed: Option<&[Sub]>) -> CloudResult<Option<Obj>> {
    let Some(d) = ctx.cloud.guardduty.get_detector(ctx.region, detector).await? else { return Ok(None) };
    let Some(f) = d.features.get(name) else { return Ok(None) };
    let additional: Vec<Json> = f
        .additional_configuration
        .iter()
        .filter(|(n, _)| managed.is_none_or(|m| m.iter().any(|s| &s.name == *n)))
        .map(|(n, s)| json!({ "name": n, "status": s }))
        .collect();
    Ok(Some(obj(
        &SCHEMA,
        vec![
            ("id", Json::from(format!("{detector}/{name}"))),
            ("detector_id", Json::from(detector)),
            ("name", Json::from(name)),
            ("status", Json::from(f.status.as_str())),
            ("additional_configuration", Json::Array(additional)),
        ],
    )))
}

/// `UpdateDetector` with this one feature, its sub-features only when configured.
async fn put(ctx: &Ctx<'_>, a: &Args) -> CloudResult<Obj> {
    let feature = Feature {
        status: a.status.clone().unwrap_or_default(),
        additional_configuration: a
            .additional_configuration
            .iter()
            .map(|s| (s.name.clone(), s.status.clone()))
            .collect(),
    };
    let features = BTreeMap::from([(a.name.clone(), feature)]);
    ctx.cloud.guardduty.update_detector_features(ctx.region, &a.detector_id, &features).await?;
    read_feature(ctx, &a.detector_id, &a.name, Some(&a.additional_configuration)).await?.ok_or_else(|| {
        let msg = format!("detector {} has no feature {} after it was set", a.detector_id, a.name);
        CloudError::new("guardduty", "GetDetector", ErrorKind::NotFound, "BadRequestException", msg)
    })
}

#[async_trait]
impl Resource for GuardDutyDetectorFeature {
    fn notes(&self, planned: &Obj) -> Vec<String> {
        let Some(name) = planned.get("name").and_then(Json::as_str) else { return Vec::new() };
        let feature = feature_words(name);
        match planned.get("status").and_then(Json::as_str) {
            Some("ENABLED") => {
                let subs = subs_on(planned.get("additional_configuration"), "status", &["ENABLED"]);
                let with = if subs.is_empty() { String::new() } else { format!(", with {}", subs.join(" and ")) };
                vec![format!("turns on GuardDuty {feature} in this account and region{with}")]
            }
            Some("DISABLED") => vec![format!("turns off GuardDuty {feature}: what it watched is no longer monitored")],
            _ => Vec::new(),
        }
    }

    /// A sub-feature belongs to its feature (`EKS_ADDON_MANAGEMENT` to the runtime monitoring ones).
    fn check(&self, planned: &Obj) -> Vec<(&'static str, schema::Invalid)> {
        let Some(name) = planned.get("name").and_then(Json::as_str) else { return vec![] };
        let allowed = FEATURES.iter().find(|(n, _)| *n == name).map(|(_, a)| *a).unwrap_or(&[]);
        let subs = planned.get("additional_configuration").and_then(Json::as_array).cloned().unwrap_or_default();
        subs.iter()
            .filter_map(|s| s.get("name").and_then(Json::as_str))
            .filter(|s| !allowed.contains(s))
            .map(|s| ("additional_configuration", schema::Invalid::new(format!("{name} has no sub-feature {s}"))))
            .collect()
    }

    async fn read(&self, ctx: &Ctx<'_>, prior: &Obj) -> CloudResult<Option<Obj>> {
        let a = Self::args(prior)?;
        // An import's skeleton has no status yet: it reads every sub-feature.
        let managed = a.status.is_some().then_some(a.additional_configuration.as_slice());
        read_feature(ctx, &a.detector_id, &a.name, managed).await
    }

    async fn create(&self, ctx: &Ctx<'_>, planned: &Obj) -> CloudResult<Obj> {
        put(ctx, &Self::args(planned)?).await
    }

    async fn update(&self, ctx: &Ctx<'_>, _prior: &Obj, planned: &Obj) -> CloudResult<Obj> {
        put(ctx, &Self::args(planned)?).await
    }

    /// GuardDuty has no call that removes a feature: the object is only forgotten.
    async fn delete(&self, _ctx: &Ctx<'_>, _prior: &Obj) -> CloudResult<()> {
        Ok(())
    }
}
