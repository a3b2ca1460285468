//! Amazon GuardDuty (regional): the account's detector in each region. A detector's protection
//! plans cross this interface as GuardDuty's feature names and statuses (`S3_DATA_EVENTS`,
//! `ENABLED`), so the sandbox and AWS answer in the same words; the deprecated `DataSources`
//! view of three of them is derived from the features on both sides.

pub mod aws;
pub(crate) mod sandbox;
#[cfg(test)]
mod sandbox_tests;

use std::collections::BTreeMap;

use async_trait::async_trait;

use crate::cloud::{CloudResult, Tags};

/// How often GuardDuty publishes updated findings, as the API names them.
pub const FREQUENCIES: [&str; 3] = ["FIFTEEN_MINUTES", "ONE_HOUR", "SIX_HOURS"];

/// GuardDuty's feature names (the first column of [`FEATURES`]), for schemas' validation.
pub const FEATURE_NAMES: [&str; 7] = [
    "S3_DATA_EVENTS",
    "EKS_AUDIT_LOGS",
    "EBS_MALWARE_PROTECTION",
    "RDS_LOGIN_EVENTS",
    "EKS_RUNTIME_MONITORING",
    "LAMBDA_NETWORK_LOGS",
    "RUNTIME_MONITORING",
];

/// The sub-feature names any feature may carry.
pub const SUB_FEATURE_NAMES: [&str; 3] =
    ["EKS_ADDON_MANAGEMENT", "ECS_FARGATE_AGENT_MANAGEMENT", "EC2_AGENT_MANAGEMENT"];

/// The features a detector has, with the sub-features (`additionalConfiguration`) each may
/// carry: GuardDuty's names.
pub const FEATURES: &[(&str, &[&str])] = &[
    ("S3_DATA_EVENTS", &[]),
    ("EKS_AUDIT_LOGS", &[]),
    ("EBS_MALWARE_PROTECTION", &[]),
    ("RDS_LOGIN_EVENTS", &[]),
    ("EKS_RUNTIME_MONITORING", &["EKS_ADDON_MANAGEMENT"]),
    ("LAMBDA_NETWORK_LOGS", &[]),
    ("RUNTIME_MONITORING", &["EKS_ADDON_MANAGEMENT", "ECS_FARGATE_AGENT_MANAGEMENT", "EC2_AGENT_MANAGEMENT"]),
];

/// One feature of a detector: its status and its sub-features' statuses.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct Feature {
    /// `ENABLED` or `DISABLED`.
    pub status: String,
    /// Sub-feature name → status.
    pub additional_configuration: BTreeMap<String, String>,
}

/// A detector as `GetDetector` describes it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Detector {
    pub id: String,
    /// `ENABLED` or `DISABLED`.
    pub status: String,
    pub finding_publishing_frequency: String,
    pub service_role: String,
    /// Feature name → its state.
    pub features: BTreeMap<String, Feature>,
    pub tags: Tags,
}

impl Detector {
    /// Whether `feature` is enabled (the deprecated `DataSources` view).
    pub fn enabled(&self, feature: &str) -> bool {
        self.features.get(feature).is_some_and(|f| f.status == "ENABLED")
    }
}

/// What `CreateDetector` and `UpdateDetector` set; `None` leaves a setting as GuardDuty has it
/// (or chooses it, on create).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DetectorSettings {
    pub enable: bool,
    pub finding_publishing_frequency: Option<String>,
    /// Features to set (name → status), as `DataSources` or `Features` would.
    pub features: BTreeMap<String, String>,
}

/// An organization's GuardDuty configuration, as its delegated administrator reads and sets
/// it (`DescribeOrganizationConfiguration`).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct OrgConfig {
    /// Which member accounts get a detector: `NEW`, `ALL` or `NONE`.
    pub auto_enable_organization_members: String,
    pub member_account_limit_reached: bool,
    /// Feature name → its `autoEnable` (`NEW`, `ALL`, `NONE`) and its sub-features'.
    pub features: BTreeMap<String, OrgFeature>,
}

/// One feature of an organization configuration.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct OrgFeature {
    pub auto_enable: String,
    /// Sub-feature name → its `autoEnable`.
    pub additional_configuration: BTreeMap<String, String>,
}

/// A member account as its administrator's `GetMembers` describes it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Member {
    pub account_id: String,
    /// The administrator's detector.
    pub detector_id: String,
    pub email: String,
    /// GuardDuty's words: `Created`, `Invited`, `Enabled`, `Disabled`, `Removed`, `Resigned`,
    /// `EmailVerificationInProgress`, `EmailVerificationFailed`.
    pub relationship_status: String,
    pub invited_at: Option<String>,
}

/// An invitation from an administrator (`ListInvitations`), or the administrator an account
/// accepted (`GetAdministratorAccount`), as the invited account sees it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Invitation {
    /// The administrator account.
    pub account_id: String,
    pub invitation_id: String,
    pub relationship_status: String,
    pub invited_at: Option<String>,
}

/// The filter actions: `ARCHIVE` archives the findings a filter matches (they are hidden from
/// the current findings), `NOOP` leaves them as they are.
pub const FILTER_ACTIONS: [&str; 2] = ["ARCHIVE", "NOOP"];

/// One field's condition of a filter's finding criteria (`Condition`, its non-deprecated
/// members); the order comparisons are integers (milliseconds since the epoch for
/// `updatedAt`).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct Condition {
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub equals: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub not_equals: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub greater_than: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub greater_than_or_equal: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub less_than: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub less_than_or_equal: Option<i64>,
}

/// A findings filter as `GetFilter` describes it and `CreateFilter` takes it.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct Filter {
    pub name: String,
    /// One of [`FILTER_ACTIONS`].
    pub action: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The order filters apply in, 1 to 100.
    pub rank: i64,
    /// Finding field → its condition.
    pub criteria: BTreeMap<String, Condition>,
    pub tags: Tags,
}

/// Where a detector exports its findings (`DescribePublishingDestination`).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct PublishingDestination {
    /// `S3` (the only type GuardDuty has).
    pub destination_type: String,
    /// The S3 bucket (and optional prefix) ARN.
    pub destination_arn: String,
    /// The KMS key findings are encrypted with.
    pub kms_key_arn: String,
    /// `PENDING_VERIFICATION`, `PUBLISHING`, `UNABLE_TO_PUBLISH_FIX_DESTINATION_PROPERTY`,
    /// `STOPPED`.
    pub status: String,
}

/// The GuardDuty operations baseline uses. Every call names its region.
#[async_trait]
pub trait GuardDuty: Send + Sync {
    /// `CreateDetector`; returns the detector id. An account has one detector per region (a
    /// second is `BadRequestException`, kind `AlreadyExists`).
    async fn create_detector(&self, region: &str, settings: &DetectorSettings, tags: &Tags) -> CloudResult<String>;
    /// `GetDetector`; `Ok(None)` when there is no such detector.
    async fn get_detector(&self, region: &str, id: &str) -> CloudResult<Option<Detector>>;
    /// `UpdateDetector`.
    async fn update_detector(&self, region: &str, id: &str, settings: &DetectorSettings) -> CloudResult<()>;
    /// `DeleteDetector`; deleting a missing detector succeeds.
    async fn delete_detector(&self, region: &str, id: &str) -> CloudResult<()>;
    /// `ListDetectors`: the ids of the region's detectors (none or one).
    async fn list_detectors(&self, region: &str) -> CloudResult<Vec<String>>;
    /// `UpdateDetector` of `features` only (each with its sub-features).
    async fn update_detector_features(
        &self,
        region: &str,
        id: &str,
        features: &BTreeMap<String, Feature>,
    ) -> CloudResult<()>;
    /// `EnableOrganizationAdminAccount` (from the organization's management account).
    async fn enable_organization_admin(&self, region: &str, account: &str) -> CloudResult<()>;
    /// `DisableOrganizationAdminAccount`.
    async fn disable_organization_admin(&self, region: &str, account: &str) -> CloudResult<()>;
    /// `ListOrganizationAdminAccounts`: `(account, status)` (`ENABLED`, `DISABLE_IN_PROGRESS`).
    async fn list_organization_admins(&self, region: &str) -> CloudResult<Vec<(String, String)>>;
    /// `DescribeOrganizationConfiguration` (the delegated administrator, with its detector).
    async fn describe_organization_configuration(&self, region: &str, detector_id: &str) -> CloudResult<OrgConfig>;
    /// `UpdateOrganizationConfiguration`: the members setting and the features given.
    async fn update_organization_configuration(
        &self,
        region: &str,
        detector_id: &str,
        config: &OrgConfig,
    ) -> CloudResult<()>;
    /// `CreateMembers` of one account on the administrator's detector; an account GuardDuty
    /// leaves unprocessed is an error with GuardDuty's reason.
    async fn create_member(&self, region: &str, detector_id: &str, account: &str, email: &str) -> CloudResult<()>;
    /// `InviteMembers` of one account; unprocessed is an error with GuardDuty's reason.
    async fn invite_member(
        &self,
        region: &str,
        detector_id: &str,
        account: &str,
        disable_email_notification: bool,
        message: Option<&str>,
    ) -> CloudResult<()>;
    /// `GetMembers` of one account; `Ok(None)` when it is not a member.
    async fn get_member(&self, region: &str, detector_id: &str, account: &str) -> CloudResult<Option<Member>>;
    /// `DisassociateMembers` of one account.
    async fn disassociate_member(&self, region: &str, detector_id: &str, account: &str) -> CloudResult<()>;
    /// `DeleteMembers` of one account.
    async fn delete_member(&self, region: &str, detector_id: &str, account: &str) -> CloudResult<()>;
    /// `ListInvitations`: the invitations this account has from administrators.
    async fn list_invitations(&self, region: &str) -> CloudResult<Vec<Invitation>>;
    /// `AcceptAdministratorInvitation` (by the invited account, with its own detector).
    async fn accept_administrator_invitation(
        &self,
        region: &str,
        detector_id: &str,
        administrator: &str,
        invitation_id: &str,
    ) -> CloudResult<()>;
    /// `GetAdministratorAccount`; `Ok(None)` when the detector's account has no administrator.
    async fn get_administrator(&self, region: &str, detector_id: &str) -> CloudResult<Option<Invitation>>;
    /// `DisassociateFromAdministratorAccount`.
    async fn disassociate_from_administrator(&self, region: &str, detector_id: &str) -> CloudResult<()>;
    /// `CreateFilter` (with its tags).
    async fn create_filter(&self, region: &str, detector_id: &str, filter: &Filter) -> CloudResult<()>;
    /// `GetFilter`; `Ok(None)` when there is no such filter.
    async fn get_filter(&self, region: &str, detector_id: &str, name: &str) -> CloudResult<Option<Filter>>;
    /// `UpdateFilter`: action, description, rank and criteria (tags go through `TagResource`).
    async fn update_filter(&self, region: &str, detector_id: &str, filter: &Filter) -> CloudResult<()>;
    /// `DeleteFilter`; deleting a missing filter is `NotFound`.
    async fn delete_filter(&self, region: &str, detector_id: &str, name: &str) -> CloudResult<()>;
    /// `CreatePublishingDestination`; returns the destination id.
    async fn create_publishing_destination(
        &self,
        region: &str,
        detector_id: &str,
        destination: &PublishingDestination,
    ) -> CloudResult<String>;
    /// `DescribePublishingDestination`; `Ok(None)` when there is no such destination.
    async fn get_publishing_destination(
        &self,
        region: &str,
        detector_id: &str,
        id: &str,
    ) -> CloudResult<Option<PublishingDestination>>;
    /// `UpdatePublishingDestination`: the bucket and the key.
    async fn update_publishing_destination(
        &self,
        region: &str,
        detector_id: &str,
        id: &str,
        destination: &PublishingDestination,
    ) -> CloudResult<()>;
    /// `DeletePublishingDestination`; a missing destination is `NotFound`.
    async fn delete_publishing_destination(&self, region: &str, detector_id: &str, id: &str) -> CloudResult<()>;
    /// `TagResource`.
    async fn tag_resource(&self, region: &str, arn: &str, tags: &Tags) -> CloudResult<()>;
    /// `UntagResource`.
    async fn untag_resource(&self, region: &str, arn: &str, keys: &[String]) -> CloudResult<()>;
}

#[cfg(test)]
mod table_tests {
    use super::*;

    /// The name lists are the feature table's columns.
    #[test]
    fn the_name_lists_are_the_feature_tables() {
        let names: Vec<&str> = FEATURES.iter().map(|(n, _)| *n).collect();
        assert_eq!(names, FEATURE_NAMES);
        for (_, subs) in FEATURES {
            assert!(subs.iter().all(|s| SUB_FEATURE_NAMES.contains(s)), "{subs:?}");
        }
    }
}
