//! AWS Organizations (global): the organization the account belongs to and, from its
//! management account, the member accounts and roots.

pub mod aws;
pub(crate) mod sandbox;

use async_trait::async_trait;
use serde::{Deserialize, Serialize};

use crate::cloud::CloudResult;

/// `DescribeOrganization`.
#[derive(Debug, Clone, PartialEq)]
pub struct Organization {
    pub id: String,
    pub arn: String,
    pub feature_set: String,
    pub master_account_arn: String,
    pub master_account_id: String,
    pub master_account_email: String,
}

/// One account of `ListAccounts` (in a sandbox file, any field may be left out).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct OrgAccount {
    pub id: String,
    pub arn: String,
    pub name: String,
    pub email: String,
    /// `ACTIVE`, `SUSPENDED` or `PENDING_CLOSURE`.
    pub status: String,
}

/// One root of `ListRoots`, with its policy types as `(type, status)`.
#[derive(Debug, Clone, PartialEq)]
pub struct Root {
    pub id: String,
    pub arn: String,
    pub name: String,
    pub policy_types: Vec<(String, String)>,
}

/// One account of `ListDelegatedAdministrators`; times in RFC 3339.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DelegatedAdministrator {
    pub id: String,
    pub arn: String,
    pub email: String,
    pub name: String,
    pub status: String,
    pub joined_method: String,
    pub joined_timestamp: String,
    pub delegation_enabled_date: String,
}

/// One service of `ListDelegatedServicesForAccount`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DelegatedService {
    pub service_principal: String,
    pub delegation_enabled_date: String,
}

/// The Organizations operations baseline uses; list calls read every page.
#[async_trait]
pub trait Organizations: Send + Sync {
    /// `DescribeOrganization`; `Ok(None)` when the account is in no organization.
    async fn describe_organization(&self) -> CloudResult<Option<Organization>>;
    /// `ListAccounts` (management account or delegated administrator only).
    async fn list_accounts(&self) -> CloudResult<Vec<OrgAccount>>;
    /// `ListRoots`.
    async fn list_roots(&self) -> CloudResult<Vec<Root>>;
    /// `ListAWSServiceAccessForOrganization`: the service principals trusted by the
    /// organization.
    async fn list_aws_service_access(&self) -> CloudResult<Vec<String>>;
    /// `RegisterDelegatedAdministrator` (management account only).
    async fn register_delegated_administrator(&self, account: &str, principal: &str) -> CloudResult<()>;
    /// `DeregisterDelegatedAdministrator` (management account only); `NotFound` when the
    /// account is not registered for the service.
    async fn deregister_delegated_administrator(&self, account: &str, principal: &str) -> CloudResult<()>;
    /// `ListDelegatedAdministrators`, of one service or of all.
    async fn list_delegated_administrators(&self, principal: Option<&str>) -> CloudResult<Vec<DelegatedAdministrator>>;
    /// `ListDelegatedServicesForAccount`; `NotFound` when the account is no delegated
    /// administrator.
    async fn list_delegated_services(&self, account: &str) -> CloudResult<Vec<DelegatedService>>;
    /// `CreateOrganization` with the caller as management account (`ALL` or
    /// `CONSOLIDATED_BILLING`); `AlreadyExists` when the caller is in an organization.
    async fn create_organization(&self, feature_set: &str) -> CloudResult<()>;
    /// `DeleteOrganization` (management account only; the organization must have no other
    /// account).
    async fn delete_organization(&self) -> CloudResult<()>;
    /// `EnableAWSServiceAccess`: the organization trusts the service principal.
    async fn enable_service_access(&self, principal: &str) -> CloudResult<()>;
    /// `DisableAWSServiceAccess`.
    async fn disable_service_access(&self, principal: &str) -> CloudResult<()>;
    /// `EnablePolicyType` on a root.
    async fn enable_policy_type(&self, root: &str, policy_type: &str) -> CloudResult<()>;
    /// `DisablePolicyType` on a root.
    async fn disable_policy_type(&self, root: &str, policy_type: &str) -> CloudResult<()>;
}

/// The policy types an organization may enable on its root, as Organizations names them.
pub const POLICY_TYPES: [&str; 7] = [
    "AISERVICES_OPT_OUT_POLICY",
    "BACKUP_POLICY",
    "CHATBOT_POLICY",
    "DECLARATIVE_POLICY_EC2",
    "RESOURCE_CONTROL_POLICY",
    "SERVICE_CONTROL_POLICY",
    "TAG_POLICY",
];
