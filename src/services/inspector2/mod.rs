//! Amazon Inspector v2 (regional): account enablement, findings filters, the organization
//! configuration, the delegated administrator, member accounts and CIS scan configurations.

pub mod aws;
pub mod criteria;
pub(crate) mod sandbox;
mod shapes;

use std::collections::BTreeMap;

use async_trait::async_trait;
use serde::{Deserialize, Serialize};

use crate::cloud::{CloudResult, Tags};

/// Amazon Inspector (v2) scanning status of one account: the account's status and each scan
/// type's (`EC2`, `ECR`, `LAMBDA`, `LAMBDA_CODE`) status, as `BatchGetAccountStatus` reports
/// them (`ENABLED`, `ENABLING`, `DISABLED`, `DISABLING`, `SUSPENDED`, …).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Inspector2AccountStatus {
    pub account_id: String,
    pub status: String,
    pub resource_status: BTreeMap<String, String>,
}

pub use criteria::FilterCriteria;

/// An Inspector (v2) findings filter. Which criteria exist and what kind of filter each takes
/// is the table in [`criteria`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Inspector2Filter {
    pub arn: String,
    pub name: String,
    /// `NONE` or `SUPPRESS`.
    pub action: String,
    pub description: Option<String>,
    pub reason: Option<String>,
    pub criteria: FilterCriteria,
    pub tags: Tags,
}

/// An Inspector (v2) member account as `GetMember` describes it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Inspector2Member {
    pub account_id: String,
    pub relationship_status: String,
    pub delegated_admin_account_id: Option<String>,
    pub updated_at: Option<String>,
}

/// An Inspector (v2) CIS scan configuration.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CisScanConfig {
    pub arn: String,
    pub scan_name: String,
    /// `LEVEL_1` or `LEVEL_2`.
    pub security_level: String,
    pub schedule: CisSchedule,
    pub targets: CisTargets,
    pub tags: Tags,
}

/// When a CIS scan runs (the API's `Schedule` union: exactly one kind). Serialises to the
/// API's JSON, e.g. `{"weekly": {"days": ["MON"], "startTime": {"timeOfDay": "09:00",
/// "timezone": "Asia/Tokyo"}}}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub enum CisSchedule {
    /// Once, when created.
    OneTime {},
    Daily {
        #[serde(rename = "startTime")]
        start_time: StartTime,
    },
    Weekly {
        /// `SUN` … `SAT`.
        days: Vec<String>,
        #[serde(rename = "startTime")]
        start_time: StartTime,
    },
    Monthly {
        /// The weekday whose first occurrence in the month the scan runs on.
        day: String,
        #[serde(rename = "startTime")]
        start_time: StartTime,
    },
}

/// A time of day (`H:MM` or `HH:MM`) in a time zone.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct StartTime {
    pub time_of_day: String,
    pub timezone: String,
}

/// Which accounts (12 digits, `SELF` or `ALL_ACCOUNTS`) and tagged resources a CIS scan covers.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CisTargets {
    pub account_ids: Vec<String>,
    /// Required when creating; left out of an update, the scan keeps its tags.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_resource_tags: Option<BTreeMap<String, Vec<String>>>,
}

/// `value` as the API's JSON (plain data with string keys: serialising cannot fail).
pub(crate) fn api_json<T: Serialize>(value: &T) -> serde_json::Value {
    serde_json::to_value(value).unwrap_or(serde_json::Value::Null)
}

/// The Amazon Inspector (v2) operations baseline uses. Every call names its region.
#[async_trait]
pub trait Inspector2: Send + Sync {
    /// `Enable` scanning of `resource_types` for `account_ids`.
    async fn enable(&self, region: &str, account_ids: &[String], resource_types: &[String]) -> CloudResult<()>;
    /// `Disable` scanning of `resource_types` for `account_ids`.
    async fn disable(&self, region: &str, account_ids: &[String], resource_types: &[String]) -> CloudResult<()>;
    /// `BatchGetAccountStatus` for `account_ids` (accounts Inspector does not know are left out).
    async fn account_status(&self, region: &str, account_ids: &[String]) -> CloudResult<Vec<Inspector2AccountStatus>>;
    /// `CreateFilter`; returns the ARN.
    async fn create_filter(&self, region: &str, filter: &Inspector2Filter) -> CloudResult<String>;
    /// `UpdateFilter` (by `filter.arn`; tags are not changed by it).
    async fn update_filter(&self, region: &str, filter: &Inspector2Filter) -> CloudResult<()>;
    /// `ListFilters` for the given ARNs; missing ones are left out.
    async fn list_filters(&self, region: &str, arns: &[String]) -> CloudResult<Vec<Inspector2Filter>>;
    /// `ListFilters` of every filter in the region, keeping those named `name`.
    async fn filters_named(&self, region: &str, name: &str) -> CloudResult<Vec<Inspector2Filter>>;
    /// `DeleteFilter`.
    async fn delete_filter(&self, region: &str, arn: &str) -> CloudResult<()>;
    /// `UntagResource`/`TagResource` on an Inspector (v2) resource for what differs between
    /// `have` (the tags last recorded) and `want`; keys in neither are left alone.
    async fn set_tags(&self, region: &str, arn: &str, have: &Tags, want: &Tags) -> CloudResult<()>;
    /// `DescribeOrganizationConfiguration`: auto-enable flags keyed `ec2`, `ecr`, `lambda`,
    /// `lambdaCode`.
    /// The auto-enable flags, and [`MAX_ACCOUNT_LIMIT_REACHED`].
    async fn describe_org_config(&self, region: &str) -> CloudResult<BTreeMap<String, bool>>;
    /// `UpdateOrganizationConfiguration` with the same keys.
    async fn update_org_config(&self, region: &str, auto_enable: &BTreeMap<String, bool>) -> CloudResult<()>;
    /// `EnableDelegatedAdminAccount`.
    async fn enable_delegated_admin(&self, region: &str, account_id: &str) -> CloudResult<()>;
    /// `ListDelegatedAdminAccounts`: `(account id, status)` pairs.
    async fn list_delegated_admins(&self, region: &str) -> CloudResult<Vec<(String, String)>>;
    /// `DisableDelegatedAdminAccount`.
    async fn disable_delegated_admin(&self, region: &str, account_id: &str) -> CloudResult<()>;
    /// `AssociateMember`.
    async fn associate_member(&self, region: &str, account_id: &str) -> CloudResult<()>;
    /// `GetMember`; `Ok(None)` when the account is not a member.
    async fn get_member(&self, region: &str, account_id: &str) -> CloudResult<Option<Inspector2Member>>;
    /// `DisassociateMember`.
    async fn disassociate_member(&self, region: &str, account_id: &str) -> CloudResult<()>;
    /// `CreateCisScanConfiguration`; returns the ARN.
    async fn create_cis_scan(&self, region: &str, config: &CisScanConfig) -> CloudResult<String>;
    /// `UpdateCisScanConfiguration` (by `config.arn`).
    async fn update_cis_scan(&self, region: &str, config: &CisScanConfig) -> CloudResult<()>;
    /// `ListCisScanConfigurations` for the given ARNs; missing ones are left out.
    async fn list_cis_scans(&self, region: &str, arns: &[String]) -> CloudResult<Vec<CisScanConfig>>;
    /// `DeleteCisScanConfiguration`.
    async fn delete_cis_scan(&self, region: &str, arn: &str) -> CloudResult<()>;
}

/// The key `describe_org_config` reports `maxAccountLimitReached` under, beside the flags.
pub(crate) const MAX_ACCOUNT_LIMIT_REACHED: &str = "maxAccountLimitReached";

/// The organization configuration's auto-enable keys, as the API names them (the SDK mapping
/// and the sandbox both check a request against them).
pub(crate) const AUTO_ENABLE_KEYS: [&str; 5] = ["ec2", "ecr", "lambda", "lambdaCode", "codeRepository"];
