//! Providers: the account-level API that resource types are written against.
//!
//! A resource type (see `crate::resources`) is a schema plus read/create/update/delete verbs,
//! and those verbs speak to a [`Cloud`]: an interface shaped like the AWS APIs themselves
//! (IAM, EventBridge, Inspector Classic, STS). The embedded sandbox implements it over a local
//! JSON file; the AWS provider implements it over the official SDKs. Because both sit below the
//! same verbs, the sandbox exercises exactly the logic a real account does.

pub mod aws;
pub mod sandbox;

use std::collections::BTreeMap;

use async_trait::async_trait;
use serde::{Deserialize, Serialize};

/// What kind of failure a cloud call hit, so verbs can react without parsing messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ErrorKind {
    /// The named object does not exist (`NoSuchEntity`, `ResourceNotFoundException`, …).
    NotFound,
    /// The object exists already (`EntityAlreadyExists`, "has been taken").
    AlreadyExists,
    /// The request was rejected as invalid (`ValidationError`, `InvalidInputException`).
    Invalid,
    /// The object cannot be deleted while something still uses it (`DeleteConflict`).
    Conflict,
    /// The caller lacks permission.
    AccessDenied,
    /// Anything else, including faults injected in the sandbox.
    Other,
}

/// A failed cloud API call: which service and operation, AWS's error code and message.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{service}:{operation} failed: {code}: {message}")]
pub struct CloudError {
    /// Service name as in IAM policy actions (`iam`, `events`, `inspector`).
    pub service: &'static str,
    /// API operation name (`CreateRole`).
    pub operation: &'static str,
    /// AWS error code (`EntityAlreadyExists`).
    pub code: String,
    /// Human-readable message as AWS words it.
    pub message: String,
    /// Classification used by resource verbs.
    pub kind: ErrorKind,
}

impl CloudError {
    /// Builds an error for `service:operation`.
    pub fn new(
        service: &'static str,
        operation: &'static str,
        kind: ErrorKind,
        code: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        CloudError { service, operation, code: code.into(), message: message.into(), kind }
    }
}

/// Result of a cloud call.
pub type CloudResult<T> = Result<T, CloudError>;

/// Tags as AWS returns them, sorted by key.
pub type Tags = BTreeMap<String, String>;

/// `items` without repeats, in their first order (ARNs and account ids, which AWS rejects or
/// reports once each when repeated in one request).
pub fn unique(items: &[String]) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    items.iter().filter(|a| seen.insert(a.as_str())).cloned().collect()
}

/// Keys to remove and pairs to add so that tags `have` become `want`.
pub fn tag_delta(have: &Tags, want: &Tags) -> (Vec<String>, Tags) {
    let remove = have.keys().filter(|k| !want.contains_key(*k)).cloned().collect();
    let add = want.iter().filter(|(k, v)| have.get(*k) != Some(v)).map(|(k, v)| (k.clone(), v.clone())).collect();
    (remove, add)
}

/// An IAM role as `GetRole` describes it (policy documents already URL-decoded).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IamRole {
    pub name: String,
    pub arn: String,
    pub role_id: String,
    pub path: String,
    pub create_date: String,
    pub assume_role_policy_document: String,
    pub description: Option<String>,
    pub max_session_duration: i64,
    pub permissions_boundary: Option<String>,
    pub tags: Tags,
}

/// Input of `CreateRole`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CreateRoleInput {
    pub name: String,
    pub path: String,
    pub assume_role_policy_document: String,
    pub description: Option<String>,
    pub max_session_duration: Option<i64>,
    pub permissions_boundary: Option<String>,
    pub tags: Tags,
}

/// An EventBridge rule as `DescribeRule` (plus `ListTagsForResource`) describes it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EventRule {
    pub name: String,
    pub arn: String,
    pub event_bus_name: String,
    pub schedule_expression: Option<String>,
    pub event_pattern: Option<String>,
    pub description: Option<String>,
    pub role_arn: Option<String>,
    /// `ENABLED`, `DISABLED` or `ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS`.
    pub state: String,
    pub tags: Tags,
}

/// Input of `PutRule` (creates or replaces the rule's settings).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PutRuleInput {
    pub name: String,
    pub event_bus_name: String,
    pub schedule_expression: Option<String>,
    pub event_pattern: Option<String>,
    pub description: Option<String>,
    pub role_arn: Option<String>,
    pub state: String,
    pub tags: Tags,
}

/// One EventBridge target of a rule.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EventTarget {
    pub id: String,
    pub arn: String,
    pub role_arn: Option<String>,
    pub input: Option<String>,
    pub input_path: Option<String>,
}

/// An Inspector Classic resource group (tag filters selecting instances).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ResourceGroup {
    pub arn: String,
    pub tags: Tags,
}

/// An Inspector Classic assessment target.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AssessmentTarget {
    pub arn: String,
    pub name: String,
    pub resource_group_arn: Option<String>,
}

/// An Inspector Classic assessment template.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AssessmentTemplate {
    pub arn: String,
    pub name: String,
    pub assessment_target_arn: String,
    pub duration_in_seconds: i64,
    pub rules_package_arns: Vec<String>,
}

/// An Inspector Classic event subscription of one resource.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct EventSubscription {
    pub event: String,
    pub topic_arn: String,
}

/// An Inspector Classic rules package.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RulesPackage {
    pub arn: String,
    pub name: String,
    pub version: String,
    pub provider: String,
}

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
/// "…"}], "severity": […]}`; date and number ranges as `{"startInclusive": …}` objects).
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

/// The account connections of one run: the default provider's, and one for each aliased
/// provider that reaches another account (`assume_role`, `profile`, `endpoints`). Aliases
/// that only change the region share the default connection.
pub struct Clouds {
    default: Box<dyn Cloud>,
    aliases: BTreeMap<String, Box<dyn Cloud>>,
}

impl Clouds {
    /// Connections with `default` for every provider.
    pub fn new(default: Box<dyn Cloud>) -> Clouds {
        Clouds { default, aliases: BTreeMap::new() }
    }

    /// Adds the connection of `provider "aws" { alias = ALIAS }`.
    pub fn with_alias(mut self, alias: &str, cloud: Box<dyn Cloud>) -> Clouds {
        self.aliases.insert(alias.to_string(), cloud);
        self
    }

    /// The connection for a provider name as state records it (`aws` or `aws.ALIAS`).
    pub fn get(&self, provider: &str) -> &dyn Cloud {
        provider
            .strip_prefix("aws.")
            .and_then(|a| self.aliases.get(a))
            .map(|c| c.as_ref())
            .unwrap_or(self.default.as_ref())
    }

    /// The default provider's connection.
    pub fn default_cloud(&self) -> &dyn Cloud {
        self.default.as_ref()
    }

    /// API calls made through all connections, where counted.
    pub fn api_calls(&self) -> Option<u64> {
        let mut total = self.default.api_calls()?;
        for c in self.aliases.values() {
            total += c.api_calls().unwrap_or(0);
        }
        Some(total)
    }
}

/// The error an API of this interface returns where a provider does not implement it yet.
pub fn unsupported(service: &'static str, operation: &'static str) -> CloudError {
    CloudError::new(
        service,
        operation,
        ErrorKind::Other,
        "NotImplemented",
        format!("{service}:{operation} is not available from this provider yet"),
    )
}

/// The account-level API that resource verbs use. Every method is one AWS API call (or, for
/// tag reads folded into a describe, the smallest group of calls AWS needs), named after it.
/// Regional calls take the region explicitly; IAM is global.
#[async_trait]
pub trait Cloud: Send + Sync {
    /// How many API calls this account connection has made, where that is counted.
    fn api_calls(&self) -> Option<u64> {
        None
    }

    /// The region the connection's own configuration names (AWS config files), if any.
    fn default_region(&self) -> Option<String> {
        None
    }

    /// STS `GetCallerIdentity`: the account id.
    async fn account_id(&self) -> CloudResult<String>;

    // ---- IAM (global) ----
    /// `CreateServiceLinkedRole`. Fails with `AlreadyExists` ("has been taken") when it exists.
    async fn iam_create_service_linked_role(
        &self,
        aws_service_name: &str,
        description: Option<&str>,
        custom_suffix: Option<&str>,
    ) -> CloudResult<IamRole>;
    /// `DeleteServiceLinkedRole`; returns the deletion task id.
    async fn iam_delete_service_linked_role(&self, role_name: &str) -> CloudResult<String>;
    /// `GetRole` (+ `ListRoleTags`); `Ok(None)` when the role does not exist.
    async fn iam_get_role(&self, role_name: &str) -> CloudResult<Option<IamRole>>;
    /// `CreateRole`. Fails with `AlreadyExists` when the name is used.
    async fn iam_create_role(&self, input: &CreateRoleInput) -> CloudResult<IamRole>;
    /// `UpdateRole`: description and maximum session duration.
    async fn iam_update_role(
        &self,
        role_name: &str,
        description: Option<&str>,
        max_session_duration: Option<i64>,
    ) -> CloudResult<()>;
    /// `UpdateRoleDescription` is folded into `iam_update_role`; this is `UpdateAssumeRolePolicy`.
    async fn iam_update_assume_role_policy(&self, role_name: &str, document: &str) -> CloudResult<()>;
    /// `PutRolePermissionsBoundary` (`Some`) or `DeleteRolePermissionsBoundary` (`None`).
    async fn iam_set_permissions_boundary(&self, role_name: &str, arn: Option<&str>) -> CloudResult<()>;
    /// `TagRole`.
    async fn iam_tag_role(&self, role_name: &str, tags: &Tags) -> CloudResult<()>;
    /// `UntagRole`.
    async fn iam_untag_role(&self, role_name: &str, keys: &[String]) -> CloudResult<()>;
    /// `DeleteRole`. Fails with `Conflict` while inline policies remain.
    async fn iam_delete_role(&self, role_name: &str) -> CloudResult<()>;
    /// `ListRolePolicies`: inline policy names, sorted.
    async fn iam_list_role_policies(&self, role_name: &str) -> CloudResult<Vec<String>>;
    /// `GetRolePolicy`: the URL-decoded document; `Ok(None)` when role or policy is missing.
    async fn iam_get_role_policy(&self, role_name: &str, policy_name: &str) -> CloudResult<Option<String>>;
    /// `PutRolePolicy` (creates or replaces).
    async fn iam_put_role_policy(&self, role_name: &str, policy_name: &str, document: &str) -> CloudResult<()>;
    /// `DeleteRolePolicy`.
    async fn iam_delete_role_policy(&self, role_name: &str, policy_name: &str) -> CloudResult<()>;

    // ---- EventBridge (regional) ----
    /// `PutRule` (+ `TagResource` for tags on a new rule); returns the rule ARN.
    async fn events_put_rule(&self, region: &str, input: &PutRuleInput) -> CloudResult<String>;
    /// `DescribeRule` (+ `ListTagsForResource`); `Ok(None)` when missing.
    async fn events_describe_rule(&self, region: &str, bus: &str, name: &str) -> CloudResult<Option<EventRule>>;
    /// `TagResource` / `UntagResource` on a rule ARN to make its tags exactly `tags`.
    async fn events_set_tags(&self, region: &str, arn: &str, tags: &Tags) -> CloudResult<()>;
    /// `DeleteRule`. Fails with `Conflict` while the rule has targets.
    async fn events_delete_rule(&self, region: &str, bus: &str, name: &str) -> CloudResult<()>;
    /// `ListTargetsByRule`: all targets of one rule in one call. `NotFound` when no rule.
    async fn events_list_targets(&self, region: &str, bus: &str, rule: &str) -> CloudResult<Vec<EventTarget>>;
    /// `PutTargets` (creates or replaces by id). `NotFound` when the rule does not exist.
    async fn events_put_targets(&self, region: &str, bus: &str, rule: &str, targets: &[EventTarget])
        -> CloudResult<()>;
    /// `RemoveTargets`.
    async fn events_remove_targets(&self, region: &str, bus: &str, rule: &str, ids: &[String]) -> CloudResult<()>;

    // ---- Inspector Classic (regional) ----
    /// `ListRulesPackages` + `DescribeRulesPackages`: the region's rules packages.
    async fn inspector_rules_packages(&self, region: &str) -> CloudResult<Vec<RulesPackage>>;
    /// `CreateResourceGroup`; returns the ARN.
    async fn inspector_create_resource_group(&self, region: &str, tags: &Tags) -> CloudResult<String>;
    /// `DescribeResourceGroups` for the given ARNs; missing ones are left out.
    async fn inspector_describe_resource_groups(
        &self,
        region: &str,
        arns: &[String],
    ) -> CloudResult<Vec<ResourceGroup>>;
    /// `CreateAssessmentTarget`; returns the ARN.
    async fn inspector_create_assessment_target(
        &self,
        region: &str,
        name: &str,
        resource_group_arn: Option<&str>,
    ) -> CloudResult<String>;
    /// `UpdateAssessmentTarget`.
    async fn inspector_update_assessment_target(
        &self,
        region: &str,
        arn: &str,
        name: &str,
        resource_group_arn: Option<&str>,
    ) -> CloudResult<()>;
    /// `DescribeAssessmentTargets` for the given ARNs; missing ones are left out.
    async fn inspector_describe_assessment_targets(
        &self,
        region: &str,
        arns: &[String],
    ) -> CloudResult<Vec<AssessmentTarget>>;
    /// `DeleteAssessmentTarget`.
    async fn inspector_delete_assessment_target(&self, region: &str, arn: &str) -> CloudResult<()>;
    /// `CreateAssessmentTemplate`; returns the ARN.
    async fn inspector_create_assessment_template(
        &self,
        region: &str,
        target_arn: &str,
        name: &str,
        duration_in_seconds: i64,
        rules_package_arns: &[String],
    ) -> CloudResult<String>;
    /// `DescribeAssessmentTemplates` for the given ARNs; missing ones are left out.
    async fn inspector_describe_assessment_templates(
        &self,
        region: &str,
        arns: &[String],
    ) -> CloudResult<Vec<AssessmentTemplate>>;
    /// `DeleteAssessmentTemplate`.
    async fn inspector_delete_assessment_template(&self, region: &str, arn: &str) -> CloudResult<()>;
    /// `ListEventSubscriptions` for one resource ARN, sorted.
    async fn inspector_list_event_subscriptions(
        &self,
        region: &str,
        resource_arn: &str,
    ) -> CloudResult<Vec<EventSubscription>>;
    /// `SubscribeToEvent`.
    async fn inspector_subscribe(&self, region: &str, resource_arn: &str, sub: &EventSubscription) -> CloudResult<()>;
    /// `UnsubscribeFromEvent`.
    async fn inspector_unsubscribe(&self, region: &str, resource_arn: &str, sub: &EventSubscription)
        -> CloudResult<()>;
    /// `ListTagsForResource`.
    async fn inspector_list_tags(&self, region: &str, arn: &str) -> CloudResult<Tags>;
    /// `SetTagsForResource` (replaces all tags).
    async fn inspector_set_tags(&self, region: &str, arn: &str, tags: &Tags) -> CloudResult<()>;
    // ---- Amazon Inspector v2 (regional) ----
    /// `Enable` scanning of `resource_types` for `account_ids`.
    async fn inspector2_enable(
        &self,
        region: &str,
        account_ids: &[String],
        resource_types: &[String],
    ) -> CloudResult<()> {
        let _ = (region, account_ids, resource_types);
        Err(unsupported("inspector2", "Enable"))
    }
    /// `Disable` scanning of `resource_types` for `account_ids`.
    async fn inspector2_disable(
        &self,
        region: &str,
        account_ids: &[String],
        resource_types: &[String],
    ) -> CloudResult<()> {
        let _ = (region, account_ids, resource_types);
        Err(unsupported("inspector2", "Disable"))
    }
    /// `BatchGetAccountStatus` for `account_ids` (accounts Inspector does not know are left out).
    async fn inspector2_account_status(
        &self,
        region: &str,
        account_ids: &[String],
    ) -> CloudResult<Vec<Inspector2AccountStatus>> {
        let _ = (region, account_ids);
        Err(unsupported("inspector2", "BatchGetAccountStatus"))
    }
    /// `CreateFilter`; returns the ARN.
    async fn inspector2_create_filter(&self, region: &str, filter: &Inspector2Filter) -> CloudResult<String> {
        let _ = (region, filter);
        Err(unsupported("inspector2", "CreateFilter"))
    }
    /// `UpdateFilter` (by `filter.arn`; tags are not changed by it).
    async fn inspector2_update_filter(&self, region: &str, filter: &Inspector2Filter) -> CloudResult<()> {
        let _ = (region, filter);
        Err(unsupported("inspector2", "UpdateFilter"))
    }
    /// `ListFilters` for the given ARNs; missing ones are left out.
    async fn inspector2_list_filters(&self, region: &str, arns: &[String]) -> CloudResult<Vec<Inspector2Filter>> {
        let _ = (region, arns);
        Err(unsupported("inspector2", "ListFilters"))
    }
    /// `DeleteFilter`.
    async fn inspector2_delete_filter(&self, region: &str, arn: &str) -> CloudResult<()> {
        let _ = (region, arn);
        Err(unsupported("inspector2", "DeleteFilter"))
    }
    /// `TagResource`/`UntagResource` so an Inspector (v2) resource's tags are exactly `tags`.
    async fn inspector2_set_tags(&self, region: &str, arn: &str, tags: &Tags) -> CloudResult<()> {
        let _ = (region, arn, tags);
        Err(unsupported("inspector2", "TagResource"))
    }
    /// `DescribeOrganizationConfiguration`: auto-enable flags keyed `ec2`, `ecr`, `lambda`,
    /// `lambdaCode`.
    async fn inspector2_describe_org_config(&self, region: &str) -> CloudResult<BTreeMap<String, bool>> {
        let _ = region;
        Err(unsupported("inspector2", "DescribeOrganizationConfiguration"))
    }
    /// `UpdateOrganizationConfiguration` with the same keys.
    async fn inspector2_update_org_config(
        &self,
        region: &str,
        auto_enable: &BTreeMap<String, bool>,
    ) -> CloudResult<()> {
        let _ = (region, auto_enable);
        Err(unsupported("inspector2", "UpdateOrganizationConfiguration"))
    }
    /// `EnableDelegatedAdminAccount`.
    async fn inspector2_enable_delegated_admin(&self, region: &str, account_id: &str) -> CloudResult<()> {
        let _ = (region, account_id);
        Err(unsupported("inspector2", "EnableDelegatedAdminAccount"))
    }
    /// `ListDelegatedAdminAccounts`: `(account id, status)` pairs.
    async fn inspector2_list_delegated_admins(&self, region: &str) -> CloudResult<Vec<(String, String)>> {
        let _ = region;
        Err(unsupported("inspector2", "ListDelegatedAdminAccounts"))
    }
    /// `DisableDelegatedAdminAccount`.
    async fn inspector2_disable_delegated_admin(&self, region: &str, account_id: &str) -> CloudResult<()> {
        let _ = (region, account_id);
        Err(unsupported("inspector2", "DisableDelegatedAdminAccount"))
    }
    /// `AssociateMember`.
    async fn inspector2_associate_member(&self, region: &str, account_id: &str) -> CloudResult<()> {
        let _ = (region, account_id);
        Err(unsupported("inspector2", "AssociateMember"))
    }
    /// `GetMember`; `Ok(None)` when the account is not a member.
    async fn inspector2_get_member(&self, region: &str, account_id: &str) -> CloudResult<Option<Inspector2Member>> {
        let _ = (region, account_id);
        Err(unsupported("inspector2", "GetMember"))
    }
    /// `DisassociateMember`.
    async fn inspector2_disassociate_member(&self, region: &str, account_id: &str) -> CloudResult<()> {
        let _ = (region, account_id);
        Err(unsupported("inspector2", "DisassociateMember"))
    }
    /// `CreateCisScanConfiguration`; returns the ARN.
    async fn inspector2_create_cis_scan(&self, region: &str, config: &CisScanConfig) -> CloudResult<String> {
        let _ = (region, config);
        Err(unsupported("inspector2", "CreateCisScanConfiguration"))
    }
    /// `UpdateCisScanConfiguration` (by `config.arn`).
    async fn inspector2_update_cis_scan(&self, region: &str, config: &CisScanConfig) -> CloudResult<()> {
        let _ = (region, config);
        Err(unsupported("inspector2", "UpdateCisScanConfiguration"))
    }
    /// `ListCisScanConfigurations` for the given ARNs; missing ones are left out.
    async fn inspector2_list_cis_scans(&self, region: &str, arns: &[String]) -> CloudResult<Vec<CisScanConfig>> {
        let _ = (region, arns);
        Err(unsupported("inspector2", "ListCisScanConfigurations"))
    }
    /// `DeleteCisScanConfiguration`.
    async fn inspector2_delete_cis_scan(&self, region: &str, arn: &str) -> CloudResult<()> {
        let _ = (region, arn);
        Err(unsupported("inspector2", "DeleteCisScanConfiguration"))
    }
}
