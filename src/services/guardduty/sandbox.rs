//! GuardDuty in the sandbox: one detector per account and region, with GuardDuty's rules: a
//! second detector is refused, the publishing frequency and feature names are GuardDuty's, a
//! new detector has the protection plans GuardDuty turns on by default, and the first detector
//! registers GuardDuty's service-linked role, as AWS does.

use std::collections::BTreeMap;

use async_trait::async_trait;
use serde::{Deserialize, Serialize};

use super::{Detector, DetectorSettings, Feature, GuardDuty, FEATURES, FREQUENCIES};
use crate::cloud::sandbox::table::Table;
use crate::cloud::{CloudError, CloudResult, ErrorKind, Tags};
use crate::services::sandbox::*;

/// GuardDuty's part of a region of the account file.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub(crate) struct GuardDutyState {
    /// Detector id → detector (at most one).
    pub(crate) detectors: Table<DetectorEntry>,
}

crate::sandbox_tables!(GuardDutyState: detectors);

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub(crate) struct DetectorEntry {
    /// `ENABLED` or `DISABLED`.
    pub(crate) status: String,
    pub(crate) finding_publishing_frequency: String,
    /// Feature name → its state.
    pub(crate) features: BTreeMap<String, Feature>,
    pub(crate) tags: Tags,
    pub(crate) created_at: String,
}

/// The protection plans a new detector has enabled unless told otherwise (GuardDuty's
/// defaults: everything but Runtime Monitoring).
const ON_BY_DEFAULT: [&str; 5] =
    ["S3_DATA_EVENTS", "EKS_AUDIT_LOGS", "EBS_MALWARE_PROTECTION", "RDS_LOGIN_EVENTS", "LAMBDA_NETWORK_LOGS"];

const SERVICE: &str = "guardduty.amazonaws.com";
const SLR_NAME: &str = "AWSServiceRoleForAmazonGuardDuty";

fn bad_request(op: Op, kind: ErrorKind, msg: impl Into<String>) -> CloudError {
    op.err(kind, "BadRequestException", msg)
}

fn not_owned(op: Op) -> CloudError {
    let msg = "The request is rejected because the input detectorId is not owned by the current account.";
    bad_request(op, ErrorKind::NotFound, msg)
}

/// The checks GuardDuty makes of a create or update.
fn check(op: Op, s: &DetectorSettings) -> CloudResult<()> {
    if let Some(f) = &s.finding_publishing_frequency {
        enum_value(op, "findingPublishingFrequency", f, &FREQUENCIES)?;
    }
    for (name, status) in &s.features {
        let names: Vec<&str> = FEATURES.iter().map(|(n, _)| *n).collect();
        if !names.contains(&name.as_str()) {
            let msg =
                format!("The request failed because the feature {name} is not valid; valid: {}.", names.join(", "));
            return Err(bad_request(op, ErrorKind::Invalid, msg));
        }
        enum_value(op, "features.member.status", status, &["ENABLED", "DISABLED"])?;
    }
    Ok(())
}

fn apply_features(features: &mut BTreeMap<String, Feature>, s: &DetectorSettings) {
    for (name, status) in &s.features {
        features.entry(name.clone()).or_default().status = status.clone();
    }
}

fn described(id: &str, e: &DetectorEntry, account: &str) -> Detector {
    Detector {
        id: id.to_string(),
        status: e.status.clone(),
        finding_publishing_frequency: e.finding_publishing_frequency.clone(),
        service_role: format!("arn:aws:iam::{account}:role/aws-service-role/{SERVICE}/{SLR_NAME}"),
        features: e.features.clone(),
        tags: e.tags.clone(),
    }
}

/// The detector id of an ARN of this account and region (`…:detector/ID`).
fn detector_of<'a>(d: &Data, region: &str, arn: &'a str) -> Option<&'a str> {
    match arn_parts(arn) {
        Some([_, _, "guardduty", r, a, res]) if r == region && a == d.account_id => res.strip_prefix("detector/"),
        _ => None,
    }
}

#[async_trait]
impl GuardDuty for Sandbox {
    async fn create_detector(&self, region: &str, settings: &DetectorSettings, tags: &Tags) -> CloudResult<String> {
        let op = Op("guardduty", "CreateDetector");
        self.write(op, |d| {
            check(op, settings)?;
            if let Some(p) = tag_problem(tags, 50, 0) {
                return Err(bad_request(op, ErrorKind::Invalid, p));
            }
            if !d.region(region).guardduty.detectors.is_empty() {
                let msg = "The request is rejected because a detector already exists for the current account.";
                return Err(bad_request(op, ErrorKind::AlreadyExists, msg));
            }
            let mut features: BTreeMap<String, Feature> = FEATURES
                .iter()
                .map(|(name, subs)| {
                    let on = ON_BY_DEFAULT.contains(name);
                    let status = if on { "ENABLED" } else { "DISABLED" };
                    let additional = subs.iter().map(|s| (s.to_string(), "DISABLED".to_string())).collect();
                    (name.to_string(), Feature { status: status.into(), additional_configuration: additional })
                })
                .collect();
            apply_features(&mut features, settings);
            let id = d.fresh_id(HEX_ALPHABET, 32);
            let entry = DetectorEntry {
                status: if settings.enable { "ENABLED" } else { "DISABLED" }.into(),
                finding_publishing_frequency: settings
                    .finding_publishing_frequency
                    .clone()
                    .unwrap_or_else(|| "SIX_HOURS".into()),
                features,
                tags: tags.clone(),
                created_at: now_rfc3339(),
            };
            d.ensure_slr(SERVICE, SLR_NAME);
            d.region_mut(region).guardduty.detectors.insert(id.clone(), entry);
            Ok(id)
        })
    }

    async fn get_detector(&self, region: &str, id: &str) -> CloudResult<Option<Detector>> {
        let op = Op("guardduty", "GetDetector");
        self.read(op, |d| Ok(d.region(region).guardduty.detectors.get(id).map(|e| described(id, e, &d.account_id))))
    }

    async fn update_detector(&self, region: &str, id: &str, settings: &DetectorSettings) -> CloudResult<()> {
        let op = Op("guardduty", "UpdateDetector");
        self.write(op, |d| {
            check(op, settings)?;
            let e = d.region_mut(region).guardduty.detectors.get_mut(id).ok_or_else(|| not_owned(op))?;
            e.status = if settings.enable { "ENABLED" } else { "DISABLED" }.into();
            if let Some(f) = &settings.finding_publishing_frequency {
                e.finding_publishing_frequency = f.clone();
            }
            apply_features(&mut e.features, settings);
            Ok(())
        })
    }

    async fn delete_detector(&self, region: &str, id: &str) -> CloudResult<()> {
        let op = Op("guardduty", "DeleteDetector");
        self.write(op, |d| {
            d.region_mut(region).guardduty.detectors.remove(id);
            Ok(())
        })
    }

    async fn list_detectors(&self, region: &str) -> CloudResult<Vec<String>> {
        self.read(Op("guardduty", "ListDetectors"), |d| {
            Ok(d.region(region).guardduty.detectors.keys().cloned().collect())
        })
    }

    async fn tag_resource(&self, region: &str, arn: &str, tags: &Tags) -> CloudResult<()> {
        let op = Op("guardduty", "TagResource");
        self.write(op, |d| {
            let id = detector_of(d, region, arn).ok_or_else(|| not_owned(op))?.to_string();
            let e = d.region_mut(region).guardduty.detectors.get_mut(&id).ok_or_else(|| not_owned(op))?;
            e.tags.extend(tags.clone());
            match tag_problem(&e.tags, 50, 0) {
                Some(p) => Err(bad_request(op, ErrorKind::Invalid, p)),
                None => Ok(()),
            }
        })
    }

    async fn untag_resource(&self, region: &str, arn: &str, keys: &[String]) -> CloudResult<()> {
        let op = Op("guardduty", "UntagResource");
        self.write(op, |d| {
            let id = detector_of(d, region, arn).ok_or_else(|| not_owned(op))?.to_string();
            let e = d.region_mut(region).guardduty.detectors.get_mut(&id).ok_or_else(|| not_owned(op))?;
            e.tags.retain(|k, _| !keys.contains(k));
            Ok(())
        })
    }
}
