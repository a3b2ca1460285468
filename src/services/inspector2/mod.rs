//! Amazon Inspector v2 (regional): account enablement, findings filters, the organization
//! configuration, the delegated administrator, member accounts and CIS scan configurations.

pub mod aws;
pub mod criteria;
pub(crate) mod sandbox;
mod shapes;

use std::collections::BTreeMap;

use async_trait::async_trait;
use serde::{Deserialize, Serialize};

use crate::providers::{CloudResult, Tags};

/// Amazon Inspector (v2) scanning status of one account: the account's status and each scan
/// type's (`EC2`, `ECR`, `LAMBDA`, `LAMBDA_CODE`) status, as `BatchGetAccountStatus` reports
/// them (`ENABLED`, `ENABLING`, `DISABLED`, `DISABLING`, `SUSPENDED`, …).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Inspector2AccountStatus {
    pub account_id: String,
    pub status: String,
    pub resource_status: BTreeMap<String, String>,
}

/// An Inspector (v2) findings filter. `criteria` is the API's `FilterCriteria` as JSON, with
/// the API's camelCase member names (`{"awsAccountId": [{"comparison": "EQUALS", "value":
/// "…"}], "severity": […]}`; date and number ranges as `{"startInclusive": …}` objects). Which
/// members exist and what kind of filter each takes is [`criteria::CRITERIA`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Inspector2Filter {
    pub arn: String,
    pub name: String,
    /// `NONE` or `SUPPRESS`.
    pub action: String,
    pub description: Option<String>,
    pub reason: Option<String>,
    pub criteria: serde_json::Value,
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

/// An Inspector (v2) CIS scan configuration. `schedule` and `targets` are the API's shapes as
/// JSON with camelCase member names: schedule `{"weekly": {"days": ["MON"], "startTime":
/// {"timeOfDay": "09:00", "timezone": "Asia/Tokyo"}}}` (or `oneTime: {}`, `daily`, `monthly`
/// with `day`), targets `{"accountIds": ["SELF"], "targetResourceTags": {"k": ["v"]}}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CisScanConfig {
    pub arn: String,
    pub scan_name: String,
    /// `LEVEL_1` or `LEVEL_2`.
    pub security_level: String,
    pub schedule: serde_json::Value,
    pub targets: serde_json::Value,
    pub tags: Tags,
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
    /// `DeleteFilter`.
    async fn delete_filter(&self, region: &str, arn: &str) -> CloudResult<()>;
    /// `TagResource`/`UntagResource` so an Inspector (v2) resource's tags are exactly `tags`.
    async fn set_tags(&self, region: &str, arn: &str, tags: &Tags) -> CloudResult<()>;
    /// `DescribeOrganizationConfiguration`: auto-enable flags keyed `ec2`, `ecr`, `lambda`,
    /// `lambdaCode`.
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
