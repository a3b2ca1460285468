//! GuardDuty in the sandbox: one detector per account and region, with GuardDuty's rules: a
//! second detector is refused, the publishing frequency and feature names are GuardDuty's, a
//! new detector has the protection plans GuardDuty turns on by default, and the first detector
//! registers GuardDuty's service-linked role, as AWS does.

use std::collections::BTreeMap;

use async_trait::async_trait;
use serde::{Deserialize, Serialize};

use super::{
    Condition, Detector, DetectorSettings, Feature, Filter, GuardDuty, Invitation, Member, OrgConfig, OrgFeature,
    PublishingDestination, FEATURES, FEATURE_NAMES, FILTER_ACTIONS, FREQUENCIES,
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
    /// In an administrator's account: its member accounts (account id → membership). What
    /// the member did with an invitation lives in the member's own file.
    pub(crate) members: Table<MemberEntry>,
    /// Findings filters, keyed `DETECTOR_ID/NAME`.
    pub(crate) filters: Table<Filter>,
    /// Publishing destinations, keyed `DETECTOR_ID/DESTINATION_ID`.
    pub(crate) publishing_destinations: Table<PublishingDestination>,
    /// In a member account: the administrator whose invitation it accepted.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) administrator: Option<AdministratorLink>,
}

crate::sandbox_tables!(GuardDutyState: detectors, members, filters, publishing_destinations);

/// A member account as its administrator keeps it. `status` is the administrator's side:
/// `Created`, `Invited` or `Removed`; an invited member's `Enabled` or `Resigned` is read from
/// the member's file ([`AdministratorLink`]).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub(crate) struct MemberEntry {
    pub(crate) detector_id: String,
    pub(crate) email: String,
    pub(crate) status: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) invitation_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) invited_at: Option<String>,
}

/// The invitation a member account accepted: `Enabled` while it keeps it, `Resigned` once it
/// disassociated itself.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub(crate) struct AdministratorLink {
    pub(crate) account_id: String,
    pub(crate) invitation_id: String,
    pub(crate) status: String,
    pub(crate) invited_at: Option<String>,
}

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

/// The tags of the object an ARN of this account and region names: a detector
/// (`…:detector/ID`) or a detector's filter (`…:detector/ID/filter/NAME`).
fn tags_at<'a>(d: &'a mut Data, region: &str, arn: &str) -> Option<&'a mut Tags> {
    let res = match arn_parts(arn) {
        Some([_, _, "guardduty", r, a, res]) if r == region && a == d.account_id => res.to_string(),
        _ => return None,
    };
    let gd = &mut d.region_mut(region).guardduty;
    let path = res.strip_prefix("detector/")?;
    match path.split_once('/') {
        None => gd.detectors.get_mut(path).map(|e| &mut e.tags),
        Some((detector, rest)) => {
            let name = rest.strip_prefix("filter/")?;
            gd.filters.get_mut(&format!("{detector}/{name}")).map(|f| &mut f.tags)
        }
    }
}

fn no_such_resource(op: Op) -> CloudError {
    bad_request(op, ErrorKind::NotFound, "The request is rejected since no such resource found.")
}

/// GuardDuty's checks of a filter (`CreateFilter`, `UpdateFilter`).
fn check_filter(op: Op, f: &Filter) -> CloudResult<()> {
    let n = f.name.chars().count();
    let named = f.name.bytes().all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(&b));
    if !(3..=64).contains(&n) || !named {
        let msg = format!(
            "The request is rejected because the filter name {:?} is not valid: 3 to 64 characters, letters, digits, \
             hyphens (-), underscores (_) and periods (.).",
            f.name
        );
        return Err(bad_request(op, ErrorKind::Invalid, msg));
    }
    enum_value(op, "action", &f.action, &FILTER_ACTIONS)?;
    if f.description.as_ref().is_some_and(|d| d.chars().count() > 512) {
        let msg = "The request is rejected because the description is longer than 512 characters.";
        return Err(bad_request(op, ErrorKind::Invalid, msg));
    }
    if !(1..=100).contains(&f.rank) {
        let msg = format!("The request is rejected because the rank {} is not between 1 and 100.", f.rank);
        return Err(bad_request(op, ErrorKind::Invalid, msg));
    }
    if f.criteria.is_empty() {
        let msg = "The request is rejected because the finding criteria have no criterion.";
        return Err(bad_request(op, ErrorKind::Invalid, msg));
    }
    for (field, c) in &f.criteria {
        if *c == Condition::default() {
            let msg = format!("The request is rejected because the criterion of {field} has no condition.");
            return Err(bad_request(op, ErrorKind::Invalid, msg));
        }
    }
    Ok(())
}

fn invalid_values(op: Op) -> CloudError {
    let msg = "The request is rejected because the one or more input parameters have invalid values.";
    bad_request(op, ErrorKind::NotFound, msg)
}

/// GuardDuty's checks of a destination: an S3 bucket ARN (with an optional prefix) and a KMS
/// key ARN of the detector's region.
fn check_destination(op: Op, region: &str, p: &PublishingDestination) -> CloudResult<()> {
    enum_value(op, "destinationType", &p.destination_type, &["S3"])?;
    let bucket = match arn_parts(&p.destination_arn) {
        Some([_, _, "s3", "", "", res]) => !res.is_empty() && !res.starts_with('/'),
        _ => false,
    };
    if !bucket {
        let msg =
            format!("The request failed because the destinationArn {} is not an S3 bucket ARN.", p.destination_arn);
        return Err(bad_request(op, ErrorKind::Invalid, msg));
    }
    let key = match arn_parts(&p.kms_key_arn) {
        Some([_, _, "kms", r, a, res]) => r == region && a.len() == 12 && res.starts_with("key/"),
        _ => false,
    };
    if !key {
        let msg = format!(
            "The request failed because the kmsKeyArn {} is not the ARN of a KMS key in {region}.",
            p.kms_key_arn
        );
        return Err(bad_request(op, ErrorKind::Invalid, msg));
    }
    Ok(())
}

/// How many filters a detector may have (GuardDuty's quota).
const MAX_FILTERS: usize = 100;

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

impl Sandbox {
    /// Another account of the sandbox organization as its file (and the log of this run's
    /// calls) now holds it: a member's file beside the management account's, or the
    /// management account's own. `None` when the account has no file (nothing was ever done
    /// in it). Only read: each account writes its own file.
    fn other_account(&self, account: &str) -> Option<Data> {
        let management = self.organization.as_deref().unwrap_or(&self.path);
        // A new account's first calls may be only in its log so far.
        let kept = |p: &std::path::Path| p.exists() || crate::cloud::sandbox::log::path_of(p).exists();
        let file = crate::services::connect::member_file(management, account);
        let path = if kept(&file) {
            file
        } else if self.organization.is_some() && kept(management) {
            management.to_path_buf()
        } else {
            return None;
        };
        let (data, _) = crate::cloud::sandbox::log::load::<Data>(&path).ok()?;
        (data.account_id == account).then_some(data)
    }

    /// The relationship of `account` to this (administrator) account as GuardDuty reports it:
    /// the administrator's side, completed by what the member did with the invitation.
    fn member_status(&self, region: &str, account: &str, e: &MemberEntry) -> String {
        if e.status != "Invited" {
            return e.status.clone();
        }
        let own = self.lock().account_id.clone();
        let link = self.other_account(account).and_then(|d| d.region(region).guardduty.administrator.clone());
        match link {
            Some(l) if l.account_id == own && Some(&l.invitation_id) == e.invitation_id.as_ref() => l.status,
            _ => e.status.clone(),
        }
    }
}

fn member_of(op: Op, account: &str) -> CloudResult<()> {
    if account.len() == 12 && account.bytes().all(|b| b.is_ascii_digit()) {
        return Ok(());
    }
    let msg = format!("The request is rejected because the input accountId {account} is not a valid AWS account ID.");
    Err(bad_request(op, ErrorKind::Invalid, msg))
}

fn not_member(op: Op, account: &str) -> CloudError {
    let msg = format!(
        "The request is rejected because the given account ID {account} is not a member of the current account."
    );
    bad_request(op, ErrorKind::NotFound, msg)
}

/// The detector of `d` in `region` named `detector`, or GuardDuty's refusal.
fn own_detector(op: Op, d: &Data, region: &str, detector: &str) -> CloudResult<()> {
    if d.region(region).guardduty.detectors.contains_key(detector) {
        Ok(())
    } else {
        Err(not_owned(op))
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
            let gd = &mut d.region_mut(region).guardduty;
            if gd.detectors.remove(id).is_some() {
                // A detector takes its members and its administrator with it.
                gd.members.retain(|_, m| m.detector_id != id);
                let prefix = format!("{id}/");
                gd.filters.retain(|k, _| !k.starts_with(&prefix));
                gd.publishing_destinations.retain(|k, _| !k.starts_with(&prefix));
                gd.administrator = None;
            }
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

    async fn create_member(&self, region: &str, detector_id: &str, account: &str, email: &str) -> CloudResult<()> {
        let op = Op("guardduty", "CreateMembers");
        self.write(op, |d| {
            member_of(op, account)?;
            own_detector(op, d, region, detector_id)?;
            if account == d.account_id {
                let msg = "The request is rejected because the current account cannot be its own member.";
                return Err(bad_request(op, ErrorKind::Invalid, msg));
            }
            if !email.contains('@') {
                let msg = format!("The request is rejected because the email {email:?} is not valid.");
                return Err(bad_request(op, ErrorKind::Invalid, msg));
            }
            let gd = &mut d.region_mut(region).guardduty;
            if gd.members.contains_key(account) {
                let msg = format!("The request is rejected because account {account} is already a member.");
                return Err(bad_request(op, ErrorKind::AlreadyExists, msg));
            }
            let entry = MemberEntry {
                detector_id: detector_id.to_string(),
                email: email.to_string(),
                status: "Created".into(),
                ..Default::default()
            };
            gd.members.insert(account.to_string(), entry);
            Ok(())
        })
    }

    async fn invite_member(
        &self,
        region: &str,
        detector_id: &str,
        account: &str,
        _disable_email_notification: bool,
        message: Option<&str>,
    ) -> CloudResult<()> {
        let op = Op("guardduty", "InviteMembers");
        if message.is_some_and(|m| m.chars().count() > 1000) {
            let msg = "The request is rejected because the message is longer than 1000 characters.";
            return Err(bad_request(op, ErrorKind::Invalid, msg));
        }
        let current = {
            let d = self.lock();
            d.region(region).guardduty.members.get(account).cloned()
        };
        let status = current.as_ref().map(|e| self.member_status(region, account, e));
        self.write(op, |d| {
            own_detector(op, d, region, detector_id)?;
            if matches!(status.as_deref(), Some("Invited" | "Enabled")) {
                let msg = "The request is rejected because the current account has already invited or is already the \
                           GuardDuty master of the given member account ID.";
                return Err(bad_request(op, ErrorKind::Conflict, msg));
            }
            let id = d.fresh_id(HEX_ALPHABET, 32);
            let e = d.region_mut(region).guardduty.members.get_mut(account).ok_or_else(|| not_member(op, account))?;
            e.status = "Invited".into();
            e.invitation_id = Some(id);
            e.invited_at = Some(now_rfc3339());
            Ok(())
        })
    }

    async fn get_member(&self, region: &str, detector_id: &str, account: &str) -> CloudResult<Option<Member>> {
        let op = Op("guardduty", "GetMembers");
        let entry = self.read(op, |d| {
            own_detector(op, d, region, detector_id)?;
            Ok(d.region(region).guardduty.members.get(account).filter(|m| m.detector_id == detector_id).cloned())
        })?;
        Ok(entry.map(|e| Member {
            account_id: account.to_string(),
            detector_id: detector_id.to_string(),
            email: e.email.clone(),
            relationship_status: self.member_status(region, account, &e),
            invited_at: e.invited_at.clone(),
        }))
    }

    async fn disassociate_member(&self, region: &str, detector_id: &str, account: &str) -> CloudResult<()> {
        let op = Op("guardduty", "DisassociateMembers");
        self.write(op, |d| {
            own_detector(op, d, region, detector_id)?;
            let e = d.region_mut(region).guardduty.members.get_mut(account).ok_or_else(|| not_member(op, account))?;
            e.status = "Removed".into();
            Ok(())
        })
    }

    async fn delete_member(&self, region: &str, detector_id: &str, account: &str) -> CloudResult<()> {
        let op = Op("guardduty", "DeleteMembers");
        self.write(op, |d| {
            own_detector(op, d, region, detector_id)?;
            d.region_mut(region).guardduty.members.remove(account).map(drop).ok_or_else(|| not_member(op, account))
        })
    }

    async fn list_invitations(&self, region: &str) -> CloudResult<Vec<Invitation>> {
        let op = Op("guardduty", "ListInvitations");
        let (own, accepted) =
            self.read(op, |d| Ok((d.account_id.clone(), d.region(region).guardduty.administrator.clone())))?;
        let (org, _, _) = self.organization_view();
        let mut out = Vec::new();
        for a in org.accounts.iter().filter(|a| a.id != own) {
            let Some(data) = self.other_account(&a.id) else { continue };
            let Some(m) = data.region(region).guardduty.members.get(&own) else { continue };
            let Some(id) = m.invitation_id.clone().filter(|_| m.status == "Invited") else { continue };
            // An accepted invitation is no longer pending.
            if accepted.as_ref().is_some_and(|l| l.invitation_id == id) {
                continue;
            }
            out.push(Invitation {
                account_id: a.id.clone(),
                invitation_id: id,
                relationship_status: "Invited".into(),
                invited_at: m.invited_at.clone(),
            });
        }
        Ok(out)
    }

    async fn accept_administrator_invitation(
        &self,
        region: &str,
        detector_id: &str,
        administrator: &str,
        invitation_id: &str,
    ) -> CloudResult<()> {
        let op = Op("guardduty", "AcceptAdministratorInvitation");
        let own = self.lock().account_id.clone();
        let invited = self
            .other_account(administrator)
            .and_then(|d| d.region(region).guardduty.members.get(&own).cloned())
            .filter(|m| m.status == "Invited" && m.invitation_id.as_deref() == Some(invitation_id));
        self.write(op, |d| {
            own_detector(op, d, region, detector_id)?;
            let Some(m) = &invited else {
                let msg = format!(
                    "The request is rejected because the invitation {invitation_id} from account {administrator} is \
                     not valid."
                );
                return Err(bad_request(op, ErrorKind::NotFound, msg));
            };
            let gd = &mut d.region_mut(region).guardduty;
            if let Some(l) =
                gd.administrator.as_ref().filter(|l| l.status == "Enabled" && l.account_id != administrator)
            {
                let msg = format!(
                    "The request is rejected because the current account already has an administrator account ({}).",
                    l.account_id
                );
                return Err(bad_request(op, ErrorKind::Conflict, msg));
            }
            gd.administrator = Some(AdministratorLink {
                account_id: administrator.to_string(),
                invitation_id: invitation_id.to_string(),
                status: "Enabled".into(),
                invited_at: m.invited_at.clone(),
            });
            Ok(())
        })
    }

    async fn get_administrator(&self, region: &str, detector_id: &str) -> CloudResult<Option<Invitation>> {
        let op = Op("guardduty", "GetAdministratorAccount");
        let (own, link) = self.read(op, |d| {
            own_detector(op, d, region, detector_id)?;
            Ok((d.account_id.clone(), d.region(region).guardduty.administrator.clone()))
        })?;
        let Some(l) = link.filter(|l| l.status == "Enabled") else { return Ok(None) };
        // The administrator's side: it may have removed or deleted the member since.
        let entry =
            self.other_account(&l.account_id).and_then(|d| d.region(region).guardduty.members.get(&own).cloned());
        let status = match entry {
            Some(e) if e.invitation_id.as_deref() == Some(l.invitation_id.as_str()) && e.status == "Invited" => {
                "Enabled".to_string()
            }
            Some(e) if e.invitation_id.as_deref() == Some(l.invitation_id.as_str()) => e.status,
            _ => return Ok(None),
        };
        Ok(Some(Invitation {
            account_id: l.account_id,
            invitation_id: l.invitation_id,
            relationship_status: status,
            invited_at: l.invited_at,
        }))
    }

    async fn disassociate_from_administrator(&self, region: &str, detector_id: &str) -> CloudResult<()> {
        let op = Op("guardduty", "DisassociateFromAdministratorAccount");
        self.write(op, |d| {
            own_detector(op, d, region, detector_id)?;
            if let Some(l) = d.region_mut(region).guardduty.administrator.as_mut() {
                l.status = "Resigned".into();
            }
            Ok(())
        })
    }

    async fn create_filter(&self, region: &str, detector_id: &str, filter: &Filter) -> CloudResult<()> {
        let op = Op("guardduty", "CreateFilter");
        self.write(op, |d| {
            check_filter(op, filter)?;
            if let Some(p) = tag_problem(&filter.tags, 50, 0) {
                return Err(bad_request(op, ErrorKind::Invalid, p));
            }
            own_detector(op, d, region, detector_id)?;
            let gd = &mut d.region_mut(region).guardduty;
            let key = format!("{detector_id}/{}", filter.name);
            if gd.filters.contains_key(&key) {
                let msg = format!("The request is rejected because a filter named {} already exists.", filter.name);
                return Err(bad_request(op, ErrorKind::AlreadyExists, msg));
            }
            let prefix = format!("{detector_id}/");
            if gd.filters.keys().filter(|k| k.starts_with(&prefix)).count() >= MAX_FILTERS {
                let msg = format!("The request is rejected because the detector already has {MAX_FILTERS} filters.");
                return Err(bad_request(op, ErrorKind::Invalid, msg));
            }
            gd.filters.insert(key, filter.clone());
            Ok(())
        })
    }

    async fn get_filter(&self, region: &str, detector_id: &str, name: &str) -> CloudResult<Option<Filter>> {
        let op = Op("guardduty", "GetFilter");
        self.read(op, |d| {
            own_detector(op, d, region, detector_id)?;
            Ok(d.region(region).guardduty.filters.get(&format!("{detector_id}/{name}")).cloned())
        })
    }

    async fn update_filter(&self, region: &str, detector_id: &str, filter: &Filter) -> CloudResult<()> {
        let op = Op("guardduty", "UpdateFilter");
        self.write(op, |d| {
            check_filter(op, filter)?;
            own_detector(op, d, region, detector_id)?;
            let key = format!("{detector_id}/{}", filter.name);
            let f = d.region_mut(region).guardduty.filters.get_mut(&key).ok_or_else(|| no_such_resource(op))?;
            f.action = filter.action.clone();
            f.description = filter.description.clone();
            f.rank = filter.rank;
            f.criteria = filter.criteria.clone();
            Ok(())
        })
    }

    async fn delete_filter(&self, region: &str, detector_id: &str, name: &str) -> CloudResult<()> {
        let op = Op("guardduty", "DeleteFilter");
        self.write(op, |d| {
            own_detector(op, d, region, detector_id)?;
            let gd = &mut d.region_mut(region).guardduty;
            gd.filters.remove(&format!("{detector_id}/{name}")).map(drop).ok_or_else(|| no_such_resource(op))
        })
    }

    async fn create_publishing_destination(
        &self,
        region: &str,
        detector_id: &str,
        destination: &PublishingDestination,
    ) -> CloudResult<String> {
        let op = Op("guardduty", "CreatePublishingDestination");
        self.write(op, |d| {
            check_destination(op, region, destination)?;
            own_detector(op, d, region, detector_id)?;
            let prefix = format!("{detector_id}/");
            if d.region(region).guardduty.publishing_destinations.keys().any(|k| k.starts_with(&prefix)) {
                let msg = "The request is rejected because a publishing destination already exists for the detector.";
                return Err(bad_request(op, ErrorKind::AlreadyExists, msg));
            }
            let id = d.fresh_id(HEX_ALPHABET, 32);
            // The sandbox has no bucket to verify: the destination publishes at once.
            let stored = PublishingDestination { status: "PUBLISHING".into(), ..destination.clone() };
            d.region_mut(region).guardduty.publishing_destinations.insert(format!("{detector_id}/{id}"), stored);
            Ok(id)
        })
    }

    async fn get_publishing_destination(
        &self,
        region: &str,
        detector_id: &str,
        id: &str,
    ) -> CloudResult<Option<PublishingDestination>> {
        let op = Op("guardduty", "DescribePublishingDestination");
        self.read(op, |d| {
            own_detector(op, d, region, detector_id)?;
            Ok(d.region(region).guardduty.publishing_destinations.get(&format!("{detector_id}/{id}")).cloned())
        })
    }

    async fn update_publishing_destination(
        &self,
        region: &str,
        detector_id: &str,
        id: &str,
        destination: &PublishingDestination,
    ) -> CloudResult<()> {
        let op = Op("guardduty", "UpdatePublishingDestination");
        self.write(op, |d| {
            let checked = PublishingDestination { destination_type: "S3".into(), ..destination.clone() };
            check_destination(op, region, &checked)?;
            own_detector(op, d, region, detector_id)?;
            let key = format!("{detector_id}/{id}");
            let p = d
                .region_mut(region)
                .guardduty
                .publishing_destinations
                .get_mut(&key)
                .ok_or_else(|| invalid_values(op))?;
            p.destination_arn = destination.destination_arn.clone();
            p.kms_key_arn = destination.kms_key_arn.clone();
            Ok(())
        })
    }

    async fn delete_publishing_destination(&self, region: &str, detector_id: &str, id: &str) -> CloudResult<()> {
        let op = Op("guardduty", "DeletePublishingDestination");
        self.write(op, |d| {
            own_detector(op, d, region, detector_id)?;
            let gd = &mut d.region_mut(region).guardduty;
            gd.publishing_destinations
                .remove(&format!("{detector_id}/{id}"))
                .map(drop)
                .ok_or_else(|| invalid_values(op))
        })
    }

    async fn tag_resource(&self, region: &str, arn: &str, tags: &Tags) -> CloudResult<()> {
        let op = Op("guardduty", "TagResource");
        self.write(op, |d| {
            let have = tags_at(d, region, arn).ok_or_else(|| no_such_resource(op))?;
            have.extend(tags.clone());
            match tag_problem(have, 50, 0) {
                Some(p) => Err(bad_request(op, ErrorKind::Invalid, p)),
                None => Ok(()),
            }
        })
    }

    async fn untag_resource(&self, region: &str, arn: &str, keys: &[String]) -> CloudResult<()> {
        let op = Op("guardduty", "UntagResource");
        self.write(op, |d| {
            let have = tags_at(d, region, arn).ok_or_else(|| no_such_resource(op))?;
            have.retain(|k, _| !keys.contains(k));
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
