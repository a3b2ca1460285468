//! AWS Security Hub (regional): the hub of an account in a region, the security standards it
//! checks against, cross-region finding aggregation, the organization's set-up (delegated
//! administrator, organization configuration), members and their invitations, product
//! integrations and custom actions. Standards are named by their ARNs, which differ per region
//! (and CIS 1.2.0's is global); [`STANDARDS`] is the one table of them both sides read.

pub mod aws;
mod aws_rules;
pub mod criteria;
pub(crate) mod sandbox;
#[cfg(test)]
mod sandbox_tests;

use async_trait::async_trait;

use crate::cloud::{CloudResult, Tags};

/// A security standard Security Hub offers: the path that names it in its ARNs, its name, and
/// whether `EnableSecurityHub` turns it on by default (`EnableDefaultStandards`).
pub struct StandardDef {
    pub path: &'static str,
    pub name: &'static str,
    pub by_default: bool,
}

/// The standards Security Hub offers in every commercial region.
pub const STANDARDS: &[StandardDef] = &[
    StandardDef {
        path: "aws-foundational-security-best-practices/v/1.0.0",
        name: "AWS Foundational Security Best Practices v1.0.0",
        by_default: true,
    },
    StandardDef {
        path: "cis-aws-foundations-benchmark/v/1.2.0",
        name: "CIS AWS Foundations Benchmark v1.2.0",
        by_default: true,
    },
    StandardDef {
        path: "cis-aws-foundations-benchmark/v/1.4.0",
        name: "CIS AWS Foundations Benchmark v1.4.0",
        by_default: false,
    },
    StandardDef {
        path: "cis-aws-foundations-benchmark/v/3.0.0",
        name: "CIS AWS Foundations Benchmark v3.0.0",
        by_default: false,
    },
    StandardDef {
        path: "cis-aws-foundations-benchmark/v/5.0.0",
        name: "CIS AWS Foundations Benchmark v5.0.0",
        by_default: false,
    },
    StandardDef { path: "nist-800-53/v/5.0.0", name: "NIST Special Publication 800-53 Revision 5", by_default: false },
    StandardDef { path: "nist-800-171/v/2.0.0", name: "NIST SP 800-171 Revision 2", by_default: false },
    StandardDef { path: "pci-dss/v/3.2.1", name: "PCI DSS v3.2.1", by_default: false },
    StandardDef { path: "pci-dss/v/4.0.1", name: "PCI DSS v4.0.1", by_default: false },
    StandardDef {
        path: "aws-resource-tagging-standard/v/1.0.0",
        name: "AWS Resource Tagging Standard v1.0.0",
        by_default: false,
    },
];

/// The ARN of the standard at `path` in `region` (`partition` is `aws`, `aws-us-gov`, …). CIS
/// v1.2.0 predates regional standards: its ARN is a global `ruleset`.
pub fn standard_arn(partition: &str, region: &str, path: &str) -> String {
    if path == "cis-aws-foundations-benchmark/v/1.2.0" {
        format!("arn:{partition}:securityhub:::ruleset/{path}")
    } else {
        format!("arn:{partition}:securityhub:{region}::standards/{path}")
    }
}

/// The table entry a standards ARN names (of any region), if it is one Security Hub offers.
pub fn standard_of(arn: &str) -> Option<&'static StandardDef> {
    let path = arn.split_once(":ruleset/").or_else(|| arn.split_once(":standards/"))?.1;
    STANDARDS.iter().find(|s| s.path == path)
}

/// The answer of a read in a region where Security Hub is off: it has nothing (no standard,
/// aggregator, member or custom action), as the provider reads it, instead of the
/// `InvalidAccessException` every call there gets.
pub fn unless_off<T: Default>(r: CloudResult<T>) -> CloudResult<T> {
    match r {
        Err(e) if e.kind == crate::cloud::ErrorKind::NotFound && e.code == "InvalidAccessException" => Ok(T::default()),
        other => other,
    }
}

/// The ways a finding aggregator links regions (`NO_REGIONS`: a home region that gathers none).
pub const LINKING_MODES: [&str; 4] = ["ALL_REGIONS", "ALL_REGIONS_EXCEPT_SPECIFIED", "SPECIFIED_REGIONS", "NO_REGIONS"];

/// `ControlFindingGenerator` values.
pub const FINDING_GENERATORS: [&str; 2] = ["SECURITY_CONTROL", "STANDARD_CONTROL"];

/// `AutoEnableStandards` values.
pub const AUTO_ENABLE_STANDARDS: [&str; 2] = ["NONE", "DEFAULT"];

/// Organization configuration types.
pub const CONFIGURATION_TYPES: [&str; 2] = ["CENTRAL", "LOCAL"];

/// A hub as `DescribeHub` describes it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Hub {
    pub arn: String,
    pub subscribed_at: String,
    pub auto_enable_controls: bool,
    pub control_finding_generator: String,
}

/// One enabled standard (`GetEnabledStandards`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Subscription {
    pub arn: String,
    pub standards_arn: String,
    /// `PENDING`, `READY`, `FAILED`, `DELETING` or `INCOMPLETE`.
    pub status: String,
}

/// A control of an enabled standard (`DescribeStandardsControls`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct StandardsControl {
    pub arn: String,
    pub control_id: String,
    /// `ENABLED` or `DISABLED`.
    pub status: String,
    pub disabled_reason: String,
    pub status_updated_at: String,
    pub title: String,
    pub description: String,
    pub remediation_url: String,
    pub severity: String,
    pub related_requirements: Vec<String>,
}

/// A security control's association with one enabled standard
/// (`ListStandardsControlAssociations`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ControlAssociation {
    pub security_control_id: String,
    pub security_control_arn: String,
    pub standards_arn: String,
    /// `ENABLED` or `DISABLED`.
    pub association_status: String,
    pub related_requirements: Vec<String>,
    pub standards_control_title: String,
    pub standards_control_description: String,
    /// RFC 3339; empty when the status was never set.
    pub updated_at: String,
    pub updated_reason: String,
}

/// A configuration policy's Security Hub settings (`SecurityHubPolicy`), as the API's JSON
/// names them (the sandbox keeps it in this form).
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct HubPolicy {
    pub service_enabled: bool,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub enabled_standard_identifiers: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub security_controls_configuration: Option<ControlsConfiguration>,
}

/// `SecurityControlsConfiguration`: controls enabled or disabled (an empty list is a list
/// given), and custom parameters.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct ControlsConfiguration {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub enabled_security_control_identifiers: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub disabled_security_control_identifiers: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub security_control_custom_parameters: Vec<CustomParameters>,
}

/// `SecurityControlCustomParameter`: one control's parameters, by name.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct CustomParameters {
    pub security_control_id: String,
    pub parameters: std::collections::BTreeMap<String, ParameterConfiguration>,
}

/// `ParameterConfiguration`: `DEFAULT` (no value) or `CUSTOM` with a value.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct ParameterConfiguration {
    pub value_type: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<ParameterValue>,
}

/// `ParameterValue`, a union of one member.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum ParameterValue {
    Boolean(bool),
    Double(f64),
    Enum(String),
    EnumList(Vec<String>),
    Integer(i32),
    IntegerList(Vec<i32>),
    String(String),
    StringList(Vec<String>),
}

/// A configuration policy (`GetConfigurationPolicy`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ConfigurationPolicy {
    pub id: String,
    pub arn: String,
    pub name: String,
    pub description: String,
    pub policy: HubPolicy,
}

/// A target's configuration policy association (`GetConfigurationPolicyAssociation`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PolicyAssociation {
    pub policy_id: String,
    pub target_id: String,
    /// `PENDING`, `SUCCESS` or `FAILED`.
    pub status: String,
    pub status_message: String,
}

/// An automation rule (`AutomationRulesConfig`): its criteria and actions in the API's JSON
/// shape.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AutomationRule {
    /// Empty when creating.
    pub arn: String,
    pub name: String,
    pub order: i32,
    pub description: String,
    /// `ENABLED` or `DISABLED`; empty leaves Security Hub's default (`ENABLED`) on create.
    pub status: String,
    pub is_terminal: bool,
    pub criteria: criteria::FindingFilters,
    pub actions: Vec<RuleAction>,
}

/// `AutomationRulesAction`.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct RuleAction {
    pub r#type: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub finding_fields_update: Option<FindingFieldsUpdate>,
}

/// `AutomationRulesFindingFieldsUpdate`: what a rule changes in the findings it matches.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct FindingFieldsUpdate {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<NoteUpdate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub severity: Option<SeverityUpdate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub verification_state: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", deserialize_with = "criteria::whole_opt")]
    pub confidence: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none", deserialize_with = "criteria::whole_opt")]
    pub criticality: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub types: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_defined_fields: Option<std::collections::BTreeMap<String, String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub workflow: Option<WorkflowUpdate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub related_findings: Option<Vec<RelatedFinding>>,
}

/// `NoteUpdate`.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct NoteUpdate {
    pub text: String,
    pub updated_by: String,
}

/// `SeverityUpdate`.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct SeverityUpdate {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub product: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
}

/// `WorkflowUpdate`.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct WorkflowUpdate {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
}

/// `RelatedFinding`.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct RelatedFinding {
    pub product_arn: String,
    pub id: String,
}

/// A finding aggregator (`GetFindingAggregator`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Aggregator {
    pub arn: String,
    pub linking_mode: String,
    pub regions: Vec<String>,
}

/// The organization configuration, as its delegated administrator reads and sets it.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct OrgConfig {
    /// New organization accounts get Security Hub enabled.
    pub auto_enable: bool,
    /// `DEFAULT` or `NONE`: whether they get the default standards.
    pub auto_enable_standards: String,
    /// `LOCAL` or `CENTRAL`.
    pub configuration_type: String,
}

/// A member account as its administrator sees it (`GetMembers`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Member {
    pub account_id: String,
    pub email: String,
    pub administrator_id: String,
    /// `Created`, `Invited`, `Enabled`, `Removed`, `Resigned`, `Deleted`.
    pub member_status: String,
}

/// An invitation or an administrator relationship as the member account sees it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Invitation {
    pub account_id: String,
    pub invitation_id: String,
    pub member_status: String,
}

/// A custom action (`DescribeActionTargets`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ActionTarget {
    pub arn: String,
    pub name: String,
    pub description: String,
}

/// The Security Hub operations baseline uses. Every call names its region; all but
/// `EnableSecurityHub` need the hub enabled in that region (`InvalidAccessException`
/// otherwise).
#[async_trait]
pub trait SecurityHub: Send + Sync {
    /// `EnableSecurityHub`.
    async fn enable_hub(
        &self,
        region: &str,
        default_standards: bool,
        generator: Option<&str>,
        tags: &Tags,
    ) -> CloudResult<()>;
    /// `DescribeHub`; `Ok(None)` when the hub is not enabled.
    async fn describe_hub(&self, region: &str) -> CloudResult<Option<Hub>>;
    /// `UpdateSecurityHubConfiguration`.
    async fn update_hub(&self, region: &str, auto_enable_controls: bool, generator: Option<&str>) -> CloudResult<()>;
    /// `DisableSecurityHub`; disabling a hub that is not enabled succeeds.
    async fn disable_hub(&self, region: &str) -> CloudResult<()>;

    /// `BatchEnableStandards` of one standard; returns its subscription.
    async fn enable_standard(&self, region: &str, standards_arn: &str) -> CloudResult<Subscription>;
    /// `GetEnabledStandards`: every subscription of the region.
    async fn enabled_standards(&self, region: &str) -> CloudResult<Vec<Subscription>>;
    /// `BatchDisableStandards` of one subscription.
    async fn disable_standard(&self, region: &str, subscription_arn: &str) -> CloudResult<()>;
    /// `DescribeStandardsControls` of one subscription.
    async fn standards_controls(&self, region: &str, subscription_arn: &str) -> CloudResult<Vec<StandardsControl>>;
    /// `UpdateStandardsControl`.
    async fn update_standards_control(
        &self,
        region: &str,
        control_arn: &str,
        status: &str,
        reason: Option<&str>,
    ) -> CloudResult<()>;

    /// `BatchUpdateStandardsControlAssociations` of one association; a refused update (its
    /// `UnprocessedAssociationUpdates`) is an error whose code is the update's error code.
    async fn update_control_association(
        &self,
        region: &str,
        security_control_id: &str,
        standards_arn: &str,
        status: &str,
        reason: Option<&str>,
    ) -> CloudResult<()>;
    /// `ListStandardsControlAssociations`: the enabled standards that hold the security control.
    async fn control_associations(
        &self,
        region: &str,
        security_control_id: &str,
    ) -> CloudResult<Vec<ControlAssociation>>;

    /// `CreateConfigurationPolicy` (the delegated administrator under central configuration).
    async fn create_configuration_policy(
        &self,
        region: &str,
        name: &str,
        description: &str,
        policy: &HubPolicy,
    ) -> CloudResult<ConfigurationPolicy>;
    /// `GetConfigurationPolicy`; `Ok(None)` when there is none with that id.
    async fn get_configuration_policy(&self, region: &str, id: &str) -> CloudResult<Option<ConfigurationPolicy>>;
    /// `UpdateConfigurationPolicy`.
    async fn update_configuration_policy(
        &self,
        region: &str,
        id: &str,
        name: &str,
        description: &str,
        policy: &HubPolicy,
    ) -> CloudResult<()>;
    /// `DeleteConfigurationPolicy`.
    async fn delete_configuration_policy(&self, region: &str, id: &str) -> CloudResult<()>;
    /// `StartConfigurationPolicyAssociation` of a root (`r-…`), OU (`ou-…`) or account.
    async fn start_policy_association(&self, region: &str, policy_id: &str, target: &str) -> CloudResult<()>;
    /// `GetConfigurationPolicyAssociation`; `Ok(None)` when the target has no association of
    /// its own.
    async fn get_policy_association(&self, region: &str, target: &str) -> CloudResult<Option<PolicyAssociation>>;
    /// `StartConfigurationPolicyDisassociation`.
    async fn start_policy_disassociation(&self, region: &str, policy_id: &str, target: &str) -> CloudResult<()>;

    /// `CreateAutomationRule`; returns its ARN.
    async fn create_automation_rule(&self, region: &str, rule: &AutomationRule, tags: &Tags) -> CloudResult<String>;
    /// `BatchGetAutomationRules` of one rule; `Ok(None)` when there is none with that ARN.
    async fn get_automation_rule(&self, region: &str, arn: &str) -> CloudResult<Option<AutomationRule>>;
    /// `BatchUpdateAutomationRules` of one rule (named by its `arn`).
    async fn update_automation_rule(&self, region: &str, rule: &AutomationRule) -> CloudResult<()>;
    /// `BatchDeleteAutomationRules` of one rule.
    async fn delete_automation_rule(&self, region: &str, arn: &str) -> CloudResult<()>;
    /// `ListTagsForResource`.
    async fn list_tags(&self, region: &str, arn: &str) -> CloudResult<Tags>;
    /// `TagResource`.
    async fn tag_resource(&self, region: &str, arn: &str, tags: &Tags) -> CloudResult<()>;
    /// `UntagResource`.
    async fn untag_resource(&self, region: &str, arn: &str, keys: &[String]) -> CloudResult<()>;

    /// `CreateFindingAggregator`; returns its ARN.
    async fn create_aggregator(&self, region: &str, mode: &str, regions: &[String]) -> CloudResult<String>;
    /// `GetFindingAggregator`; `Ok(None)` when there is none with that ARN.
    async fn get_aggregator(&self, region: &str, arn: &str) -> CloudResult<Option<Aggregator>>;
    /// `UpdateFindingAggregator`.
    async fn update_aggregator(&self, region: &str, arn: &str, mode: &str, regions: &[String]) -> CloudResult<()>;
    /// `DeleteFindingAggregator`.
    async fn delete_aggregator(&self, region: &str, arn: &str) -> CloudResult<()>;
    /// `ListFindingAggregators`: their ARNs (at most one per account).
    async fn list_aggregators(&self, region: &str) -> CloudResult<Vec<String>>;

    /// `EnableOrganizationAdminAccount` (from the management account).
    async fn enable_organization_admin(&self, region: &str, account: &str) -> CloudResult<()>;
    /// `DisableOrganizationAdminAccount`.
    async fn disable_organization_admin(&self, region: &str, account: &str) -> CloudResult<()>;
    /// `ListOrganizationAdminAccounts`: `(account, status)`.
    async fn list_organization_admins(&self, region: &str) -> CloudResult<Vec<(String, String)>>;
    /// `DescribeOrganizationConfiguration` (the delegated administrator only).
    async fn describe_organization_configuration(&self, region: &str) -> CloudResult<OrgConfig>;
    /// `UpdateOrganizationConfiguration`.
    async fn update_organization_configuration(&self, region: &str, config: &OrgConfig) -> CloudResult<()>;

    /// `EnableImportFindingsForProduct`; returns the product subscription's ARN.
    async fn enable_product(&self, region: &str, product_arn: &str) -> CloudResult<String>;
    /// `ListEnabledProductsForImport`: the product subscriptions' ARNs.
    async fn enabled_products(&self, region: &str) -> CloudResult<Vec<String>>;
    /// `DisableImportFindingsForProduct`.
    async fn disable_product(&self, region: &str, subscription_arn: &str) -> CloudResult<()>;

    /// `CreateActionTarget`; returns its ARN.
    async fn create_action_target(&self, region: &str, id: &str, name: &str, description: &str) -> CloudResult<String>;
    /// `DescribeActionTargets` of one ARN; `Ok(None)` when there is none.
    async fn describe_action_target(&self, region: &str, arn: &str) -> CloudResult<Option<ActionTarget>>;
    /// `UpdateActionTarget`.
    async fn update_action_target(&self, region: &str, arn: &str, name: &str, description: &str) -> CloudResult<()>;
    /// `DeleteActionTarget`.
    async fn delete_action_target(&self, region: &str, arn: &str) -> CloudResult<()>;

    /// `CreateMembers` of one account (`email` may be empty for an organization account).
    async fn create_member(&self, region: &str, account: &str, email: &str) -> CloudResult<()>;
    /// `InviteMembers` of one account.
    async fn invite_member(&self, region: &str, account: &str) -> CloudResult<()>;
    /// `GetMembers` of one account; `Ok(None)` when it is not a member.
    async fn get_member(&self, region: &str, account: &str) -> CloudResult<Option<Member>>;
    /// `DisassociateMembers` then `DeleteMembers` of one account.
    async fn remove_member(&self, region: &str, account: &str) -> CloudResult<()>;
    /// `ListInvitations`, in the member account.
    async fn list_invitations(&self, region: &str) -> CloudResult<Vec<Invitation>>;
    /// `AcceptAdministratorInvitation`, in the member account.
    async fn accept_invitation(&self, region: &str, administrator: &str, invitation_id: &str) -> CloudResult<()>;
    /// `GetAdministratorAccount`, in the member account; `Ok(None)` without one.
    async fn get_administrator(&self, region: &str) -> CloudResult<Option<Invitation>>;
    /// `DisassociateFromAdministratorAccount`, in the member account.
    async fn leave_administrator(&self, region: &str) -> CloudResult<()>;
}

#[cfg(test)]
mod table_tests {
    use super::*;

    /// Every standard's ARN names it back, in every partition's form.
    #[test]
    fn standards_arns_name_their_standard() {
        for s in STANDARDS {
            let arn = standard_arn("aws", "eu-west-1", s.path);
            assert_eq!(standard_of(&arn).map(|d| d.path), Some(s.path), "{arn}");
        }
        assert_eq!(
            standard_arn("aws", "eu-west-1", "cis-aws-foundations-benchmark/v/1.2.0"),
            "arn:aws:securityhub:::ruleset/cis-aws-foundations-benchmark/v/1.2.0"
        );
        assert!(standard_of("arn:aws:securityhub:us-east-1::standards/made-up/v/1.0.0").is_none());
    }
}
