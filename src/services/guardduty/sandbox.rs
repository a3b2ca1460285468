//! GuardDuty in the sandbox: one detector per account and region, with GuardDuty's rules: a
//! second detector is refused, the publishing frequency and feature names are GuardDuty's, a
//! new detector has the protection plans GuardDuty turns on by default, and the first detector
//! registers GuardDuty's service-linked role, as AWS does.

use std::collections::BTreeMap;

use async_trait::async_trait;
use serde::{Deserialize, Serialize};

use super::{
    Detector, DetectorSettings, Feature, GuardDuty, OrgConfig, OrgFeature, FEATURES, FEATURE_NAMES, FREQUENCIES,
};
use crate::cloud::sandbox::table::Table;
use crate::cloud::{CloudError, CloudResult, ErrorKind, Tags};
use crate::services::sandbox::*;

/// GuardDuty's part of a region of the account file.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub(crate) struct GuardDutyState {
    /// Detector id → detector (at most one).
    pub(crate) detectors: Table<DetectorEntry>,
    /// In the organization's management account: the region's delegated administrator.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) admin: Option<String>,
    /// In the delegated administrator's account: the organization configuration.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) organization_configuration: Option<OrgConfig>,
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

const AUTO_ENABLE: [&str; 3] = ["NEW", "ALL", "NONE"];

fn check_feature_names<'a>(op: Op, names: impl IntoIterator<Item = &'a String>) -> CloudResult<()> {
    for name in names {
        if !FEATURE_NAMES.contains(&name.as_str()) {
            let valid = FEATURE_NAMES.join(", ");
            let msg = format!("The request failed because the feature {name} is not valid; valid: {valid}.");
            return Err(bad_request(op, ErrorKind::Invalid, msg));
        }
    }
    Ok(())
}

/// The sub-features `feature` may carry.
fn check_additional<'a>(op: Op, feature: &str, names: impl IntoIterator<Item = &'a String>) -> CloudResult<()> {
    let allowed = FEATURES.iter().find(|(n, _)| *n == feature).map(|(_, a)| *a).unwrap_or(&[]);
    for name in names {
        if !allowed.contains(&name.as_str()) {
            let msg = format!("The request failed because {name} is not an additional configuration of {feature}.");
            return Err(bad_request(op, ErrorKind::Invalid, msg));
        }
    }
    Ok(())
}

/// The checks GuardDuty makes of a create or update.
fn check(op: Op, s: &DetectorSettings) -> CloudResult<()> {
    if let Some(f) = &s.finding_publishing_frequency {
        enum_value(op, "findingPublishingFrequency", f, &FREQUENCIES)?;
    }
    check_feature_names(op, s.features.keys())?;
    for status in s.features.values() {
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

impl Sandbox {
    /// The delegated administrator the organization's management account designated in
    /// `region` (this account's own record when it is the management account).
    fn guardduty_admin(&self, region: &str) -> Option<String> {
        match &self.organization {
            Some(management) => {
                let (data, _) = crate::cloud::sandbox::log::load::<Data>(management).ok()?;
                data.regions.get(region)?.guardduty.admin.clone()
            }
            None => self.lock().region(region).guardduty.admin.clone(),
        }
    }
}

fn not_management(op: Op) -> CloudError {
    let msg = "The request failed because the account is not the management account of the organization.";
    bad_request(op, ErrorKind::AccessDenied, msg)
}

/// Organization configuration calls: the caller must be the region's delegated administrator,
/// and name its own detector.
fn require_admin(op: Op, d: &Data, region: &str, admin: Option<&str>, detector: &str) -> CloudResult<()> {
    if admin != Some(d.account_id.as_str()) {
        let admin = admin.map_or("none is designated".to_string(), |a| format!("it is {a}"));
        let msg = format!(
            "The request is rejected because the current account is not the GuardDuty administrator account of the \
             organization ({admin} in {region}, not {}).",
            d.account_id
        );
        return Err(bad_request(op, ErrorKind::AccessDenied, msg));
    }
    if !d.region(region).guardduty.detectors.contains_key(detector) {
        return Err(not_owned(op));
    }
    Ok(())
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

    async fn update_detector_features(
        &self,
        region: &str,
        id: &str,
        features: &BTreeMap<String, Feature>,
    ) -> CloudResult<()> {
        let op = Op("guardduty", "UpdateDetector");
        self.write(op, |d| {
            check_feature_names(op, features.keys())?;
            for (name, f) in features {
                enum_value(op, "features.member.status", &f.status, &["ENABLED", "DISABLED"])?;
                check_additional(op, name, f.additional_configuration.keys())?;
                for status in f.additional_configuration.values() {
                    enum_value(op, "additionalConfiguration.member.status", status, &["ENABLED", "DISABLED"])?;
                }
            }
            let e = d.region_mut(region).guardduty.detectors.get_mut(id).ok_or_else(|| not_owned(op))?;
            for (name, f) in features {
                let have = e.features.entry(name.clone()).or_default();
                have.status = f.status.clone();
                have.additional_configuration.extend(f.additional_configuration.clone());
            }
            Ok(())
        })
    }

    async fn enable_organization_admin(&self, region: &str, account: &str) -> CloudResult<()> {
        let op = Op("guardduty", "EnableOrganizationAdminAccount");
        let (org, _, management) = self.organization_view();
        self.write(op, |d| {
            if !management {
                return Err(not_management(op));
            }
            if !org.accounts.iter().any(|a| a.id == account) {
                let msg = format!("The request failed because account {account} is not a member of the organization.");
                return Err(bad_request(op, ErrorKind::Invalid, msg));
            }
            let gd = &mut d.region_mut(region).guardduty;
            match gd.admin.as_deref() {
                Some(a) if a == account => Ok(()),
                Some(a) => {
                    let msg = format!(
                        "The request failed because another account ({a}) is already enabled as GuardDuty delegated \
                         administrator for the organization."
                    );
                    Err(bad_request(op, ErrorKind::Conflict, msg))
                }
                None => {
                    gd.admin = Some(account.to_string());
                    Ok(())
                }
            }
        })
    }

    async fn disable_organization_admin(&self, region: &str, account: &str) -> CloudResult<()> {
        let op = Op("guardduty", "DisableOrganizationAdminAccount");
        let management = self.organization.is_none();
        self.write(op, |d| {
            if !management {
                return Err(not_management(op));
            }
            let gd = &mut d.region_mut(region).guardduty;
            if gd.admin.as_deref() != Some(account) {
                let msg = format!("The request failed because account {account} is not the delegated administrator.");
                return Err(bad_request(op, ErrorKind::NotFound, msg));
            }
            gd.admin = None;
            Ok(())
        })
    }

    async fn list_organization_admins(&self, region: &str) -> CloudResult<Vec<(String, String)>> {
        let op = Op("guardduty", "ListOrganizationAdminAccounts");
        let management = self.organization.is_none();
        self.read(op, |d| {
            if !management {
                return Err(not_management(op));
            }
            Ok(d.region(region).guardduty.admin.iter().map(|a| (a.clone(), "ENABLED".to_string())).collect())
        })
    }

    async fn describe_organization_configuration(&self, region: &str, detector_id: &str) -> CloudResult<OrgConfig> {
        let op = Op("guardduty", "DescribeOrganizationConfiguration");
        let admin = self.guardduty_admin(region);
        self.read(op, |d| {
            require_admin(op, d, region, admin.as_deref(), detector_id)?;
            Ok(d.region(region).guardduty.organization_configuration.clone().unwrap_or_else(default_org_config))
        })
    }

    async fn update_organization_configuration(
        &self,
        region: &str,
        detector_id: &str,
        config: &OrgConfig,
    ) -> CloudResult<()> {
        let op = Op("guardduty", "UpdateOrganizationConfiguration");
        let admin = self.guardduty_admin(region);
        self.write(op, |d| {
            enum_value(op, "autoEnableOrganizationMembers", &config.auto_enable_organization_members, &AUTO_ENABLE)?;
            check_feature_names(op, config.features.keys())?;
            for (name, f) in &config.features {
                enum_value(op, "features.member.autoEnable", &f.auto_enable, &AUTO_ENABLE)?;
                check_additional(op, name, f.additional_configuration.keys())?;
                for a in f.additional_configuration.values() {
                    enum_value(op, "additionalConfiguration.member.autoEnable", a, &AUTO_ENABLE)?;
                }
            }
            require_admin(op, d, region, admin.as_deref(), detector_id)?;
            let stored =
                d.region_mut(region).guardduty.organization_configuration.get_or_insert_with(default_org_config);
            stored.auto_enable_organization_members = config.auto_enable_organization_members.clone();
            for (name, f) in &config.features {
                let have = stored.features.entry(name.clone()).or_default();
                have.auto_enable = f.auto_enable.clone();
                have.additional_configuration.extend(f.additional_configuration.clone());
            }
            Ok(())
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

/// An organization configuration never set: no member is enrolled automatically, no feature
/// is turned on for them.
fn default_org_config() -> OrgConfig {
    let features = FEATURES
        .iter()
        .map(|(name, subs)| {
            let additional = subs.iter().map(|s| (s.to_string(), "NONE".to_string())).collect();
            (name.to_string(), OrgFeature { auto_enable: "NONE".into(), additional_configuration: additional })
        })
        .collect();
    OrgConfig { auto_enable_organization_members: "NONE".into(), member_account_limit_reached: false, features }
}
