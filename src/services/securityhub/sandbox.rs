//! Security Hub in the sandbox, per account and region, with the rules a user meets:
//!
//! * Every call but `EnableSecurityHub` needs the hub enabled in the region
//!   (`InvalidAccessException`, "… is not subscribed to AWS Security Hub"); a second
//!   `EnableSecurityHub` is a `ResourceConflictException`. Enabling registers Security Hub's
//!   service-linked role and, unless told otherwise, the default standards (AWS Foundational
//!   Security Best Practices and CIS v1.2.0). Disabling it drops its standards, controls,
//!   aggregator, integrations and custom actions; the delegated administrator of an
//!   organization cannot disable it while it is designated.
//! * Standards are those of [`STANDARDS`], by their region's ARN (CIS v1.2.0's is global);
//!   enabling one already enabled answers its subscription (as `BatchEnableStandards` does).
//!   Subscriptions are `READY` at once. Controls: the known ones of each standard, and any
//!   control id of the standard's shape (`IAM.1` for the best practices, `1.10` for CIS),
//!   whose status was set; disabling a control needs a reason. Security controls (`IAM.1`,
//!   `BatchUpdateStandardsControlAssociations`) are the same settings seen across standards: a
//!   security control belongs to the best practices (and the other non-CIS standards) by its
//!   own id, to CIS v1.2.0 through the documented mapping (`1.22` is `IAM.1`), and to no other
//!   CIS version (the sandbox knows none of their mappings).
//! * One finding aggregator per account, with the linking modes' rules on regions.
//! * The organization's delegated administrator is designated by its management account (one
//!   per region); the administrator account's hub counts as enabled from then on (AWS enables
//!   it), and only it reads and sets the organization configuration: `CENTRAL` configuration
//!   needs a finding aggregator and leaves `auto_enable` off with `auto_enable_standards`
//!   `NONE`.
//! * Configuration policies: only the delegated administrator with `CENTRAL` configuration
//!   (`AccessDeniedException` otherwise, worded as AWS words it); with the service enabled,
//!   exactly one of the enabled and disabled control lists; standards of the region; `CUSTOM`
//!   parameters with a value and `DEFAULT` ones without; unique names. A policy is associated
//!   with the organization's root or one of its accounts (the sandbox has no OUs), at once
//!   (`SUCCESS`), and cannot be deleted while associated.
//! * Members: an organization account added by the delegated administrator is `Enabled` at once;
//!   any other account is `Created`, then `Invited`; the invitation shows in the member account
//!   (read from its administrator's file), and accepting it makes the relationship `Enabled`.

use std::collections::BTreeMap;

use async_trait::async_trait;
use serde::{Deserialize, Serialize};

use super::criteria::{FindingFilters, Kind, CRITERIA, MAP_COMPARISONS, STRING_COMPARISONS};
use super::{
    standard_arn, standard_of, ActionTarget, Aggregator, ControlAssociation, Hub, Invitation, Member, OrgConfig,
    SecurityHub, StandardsControl, Subscription, AUTO_ENABLE_STANDARDS, CONFIGURATION_TYPES, FINDING_GENERATORS,
    LINKING_MODES, STANDARDS,
};
use super::{AutomationRule, RuleAction};
use super::{ConfigurationPolicy, HubPolicy, PolicyAssociation};
use crate::cloud::sandbox::table::Table;
use crate::cloud::{CloudError, CloudResult, ErrorKind, Tags};
use crate::services::sandbox::*;

/// Security Hub's part of a region of the account file.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub(crate) struct SecurityHubState {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) hub: Option<HubEntry>,
    /// Standards subscription ARN → standards ARN.
    pub(crate) standards: Table<String>,
    /// Control ARN → the status set on it.
    pub(crate) controls: Table<ControlEntry>,
    /// The account's finding aggregator (in its home region).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) aggregator: Option<AggregatorEntry>,
    /// In the management account: the region's delegated administrator.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) admin: Option<String>,
    /// In the delegated administrator's account.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) organization_configuration: Option<OrgConfig>,
    /// Product subscription ARN → product ARN.
    pub(crate) products: Table<String>,
    /// Custom action ARN → its name and description.
    pub(crate) action_targets: Table<ActionEntry>,
    /// Member account → its membership, in the administrator's account.
    pub(crate) members: Table<MemberEntry>,
    /// Configuration policy id → the policy (in the delegated administrator's account).
    pub(crate) configuration_policies: Table<PolicyEntry>,
    /// Target (root, OU or account id) → the configuration policy associated with it.
    pub(crate) policy_associations: Table<String>,
    /// Automation rule ARN → the rule.
    pub(crate) automation_rules: Table<RuleEntry>,
    /// In a member account: the invitation it accepted.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) administrator: Option<AcceptedEntry>,
}

crate::sandbox_tables!(
    SecurityHubState: standards,
    controls,
    products,
    action_targets,
    members,
    configuration_policies,
    policy_associations,
    automation_rules
);

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub(crate) struct RuleEntry {
    pub(crate) name: String,
    pub(crate) order: i32,
    pub(crate) description: String,
    pub(crate) status: String,
    pub(crate) is_terminal: bool,
    pub(crate) criteria: FindingFilters,
    pub(crate) actions: Vec<RuleAction>,
    pub(crate) tags: Tags,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub(crate) struct PolicyEntry {
    pub(crate) name: String,
    pub(crate) description: String,
    pub(crate) policy: HubPolicy,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub(crate) struct HubEntry {
    pub(crate) subscribed_at: String,
    pub(crate) auto_enable_controls: bool,
    pub(crate) control_finding_generator: String,
    pub(crate) tags: Tags,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub(crate) struct ControlEntry {
    pub(crate) status: String,
    pub(crate) disabled_reason: String,
    pub(crate) updated_at: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub(crate) struct AggregatorEntry {
    pub(crate) arn: String,
    pub(crate) linking_mode: String,
    pub(crate) regions: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub(crate) struct ActionEntry {
    pub(crate) name: String,
    pub(crate) description: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub(crate) struct MemberEntry {
    pub(crate) email: String,
    /// `Created`, `Invited` or `Enabled` (an organization account).
    pub(crate) status: String,
    pub(crate) invitation_id: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub(crate) struct AcceptedEntry {
    pub(crate) account_id: String,
    pub(crate) invitation_id: String,
}

/// A control as the table knows it: (control id, severity, title).
type ControlDef = (&'static str, &'static str, &'static str);

/// Known controls of the standards, by standard path.
const CONTROLS: &[(&str, &[ControlDef])] = &[
    (
        "aws-foundational-security-best-practices/v/1.0.0",
        &[
            ("Account.1", "MEDIUM", "Security contact information should be provided for an AWS account"),
            ("ACM.1", "MEDIUM", "Imported and ACM-issued certificates should be renewed after a specified time period"),
            (
                "CloudTrail.1",
                "HIGH",
                "CloudTrail should be enabled and configured with at least one multi-Region trail",
            ),
            ("CloudTrail.2", "MEDIUM", "CloudTrail should have encryption at-rest enabled"),
            ("CloudTrail.4", "LOW", "CloudTrail log file validation should be enabled"),
            ("CloudTrail.5", "LOW", "CloudTrail trails should be integrated with Amazon CloudWatch Logs"),
            ("Config.1", "MEDIUM", "AWS Config should be enabled and use the service-linked role"),
            ("EC2.2", "HIGH", "VPC default security groups should not allow inbound or outbound traffic"),
            ("EC2.7", "MEDIUM", "EBS default encryption should be enabled"),
            ("EC2.8", "HIGH", "EC2 instances should use Instance Metadata Service Version 2 (IMDSv2)"),
            ("GuardDuty.1", "HIGH", "GuardDuty should be enabled"),
            ("IAM.1", "HIGH", "IAM policies should not allow full \"*\" administrative privileges"),
            ("IAM.2", "LOW", "IAM users should not have IAM policies attached"),
            ("IAM.3", "MEDIUM", "IAM users' access keys should be rotated every 90 days or less"),
            ("IAM.4", "CRITICAL", "IAM root user access key should not exist"),
            ("IAM.5", "MEDIUM", "MFA should be enabled for all IAM users that have a console password"),
            ("IAM.6", "CRITICAL", "Hardware MFA should be enabled for the root user"),
            ("IAM.7", "MEDIUM", "Password policies for IAM users should have strong configurations"),
            ("IAM.8", "MEDIUM", "Unused IAM user credentials should be removed"),
            ("Inspector.1", "HIGH", "Amazon Inspector EC2 scanning should be enabled"),
            ("KMS.4", "MEDIUM", "AWS KMS key rotation should be enabled"),
            ("S3.1", "MEDIUM", "S3 general purpose buckets should have block public access settings enabled"),
            ("S3.8", "HIGH", "S3 general purpose buckets should block public access"),
            ("SSM.1", "MEDIUM", "Amazon EC2 instances should be managed by AWS Systems Manager"),
        ],
    ),
    (
        "cis-aws-foundations-benchmark/v/1.2.0",
        &[
            ("1.1", "LOW", "Avoid the use of the \"root\" account"),
            (
                "1.2",
                "MEDIUM",
                "Ensure multi-factor authentication (MFA) is enabled for all IAM users that have a console password",
            ),
            ("1.3", "MEDIUM", "Ensure credentials unused for 90 days or greater are disabled"),
            ("1.4", "MEDIUM", "Ensure access keys are rotated every 90 days or less"),
            ("1.5", "MEDIUM", "Ensure IAM password policy requires at least one uppercase letter"),
            ("1.6", "MEDIUM", "Ensure IAM password policy requires at least one lowercase letter"),
            ("1.7", "MEDIUM", "Ensure IAM password policy requires at least one symbol"),
            ("1.8", "MEDIUM", "Ensure IAM password policy requires at least one number"),
            ("1.9", "MEDIUM", "Ensure IAM password policy requires minimum password length of 14 or greater"),
            ("1.10", "LOW", "Ensure IAM password policy prevents password reuse"),
            ("1.11", "LOW", "Ensure IAM password policy expires passwords within 90 days or less"),
            ("1.12", "CRITICAL", "Ensure no root account access key exists"),
            ("1.13", "CRITICAL", "Ensure MFA is enabled for the \"root\" account"),
            ("1.14", "CRITICAL", "Ensure hardware MFA is enabled for the \"root\" account"),
            ("1.16", "LOW", "Ensure IAM policies are attached only to groups or roles"),
            ("1.20", "LOW", "Ensure a support role has been created to manage incidents with AWS Support"),
            ("1.22", "HIGH", "Ensure IAM policies that allow full \"*:*\" administrative privileges are not created"),
            ("2.1", "HIGH", "Ensure CloudTrail is enabled in all Regions"),
            ("2.2", "LOW", "Ensure CloudTrail log file validation is enabled"),
            ("2.3", "CRITICAL", "Ensure the S3 bucket used to store CloudTrail logs is not publicly accessible"),
            ("2.4", "LOW", "Ensure CloudTrail trails are integrated with Amazon CloudWatch Logs"),
            ("2.5", "MEDIUM", "Ensure AWS Config is enabled"),
            ("2.7", "MEDIUM", "Ensure CloudTrail logs are encrypted at rest using AWS KMS keys"),
            ("3.1", "LOW", "Ensure a log metric filter and alarm exist for unauthorized API calls"),
            ("4.1", "HIGH", "Ensure no security groups allow ingress from 0.0.0.0/0 to port 22"),
            ("4.2", "HIGH", "Ensure no security groups allow ingress from 0.0.0.0/0 to port 3389"),
            ("4.3", "HIGH", "Ensure the default security group of every VPC restricts all traffic"),
        ],
    ),
];

/// CIS v1.2.0's controls as Security Hub's consolidated security controls (its controls'
/// "related requirements" in AWS's documentation): CIS control id → security control id.
/// Only the controls of [`CONTROLS`] whose mapping is documented.
const CIS_1_2_SECURITY_CONTROLS: &[(&str, &str)] = &[
    ("1.1", "CloudWatch.1"),
    ("1.2", "IAM.5"),
    ("1.3", "IAM.8"),
    ("1.4", "IAM.3"),
    ("1.5", "IAM.11"),
    ("1.6", "IAM.12"),
    ("1.7", "IAM.13"),
    ("1.8", "IAM.14"),
    ("1.9", "IAM.15"),
    ("1.10", "IAM.16"),
    ("1.11", "IAM.17"),
    ("1.12", "IAM.4"),
    ("1.13", "IAM.9"),
    ("1.14", "IAM.6"),
    ("1.16", "IAM.2"),
    ("1.20", "IAM.18"),
    ("1.22", "IAM.1"),
    ("2.1", "CloudTrail.1"),
    ("2.2", "CloudTrail.4"),
    ("2.3", "CloudTrail.6"),
    ("2.4", "CloudTrail.5"),
    ("2.5", "Config.1"),
    ("2.7", "CloudTrail.2"),
    ("3.1", "CloudWatch.2"),
    ("4.1", "EC2.13"),
    ("4.2", "EC2.14"),
    ("4.3", "EC2.2"),
];

const CIS_1_2: &str = "cis-aws-foundations-benchmark/v/1.2.0";
const FSBP: &str = "aws-foundational-security-best-practices/v/1.0.0";

/// Whether `id` has the shape of a security control id (`SERVICE.N`, the best practices' ids).
pub(crate) fn security_control_shaped(id: &str) -> bool {
    control_shaped(FSBP, id)
}

/// The id the standard at `path` gives the security control `security_id`, if it holds it:
/// CIS v1.2.0 by the documented mapping; the other CIS versions not at all (the sandbox knows
/// none of their mappings); the rest by the security control's own id, as [`control_shaped`]
/// accepts any well-shaped id for them.
fn standard_control_id(path: &str, security_id: &str) -> Option<String> {
    if path == CIS_1_2 {
        CIS_1_2_SECURITY_CONTROLS.iter().find(|(_, s)| *s == security_id).map(|(c, _)| c.to_string())
    } else if path.starts_with("cis-") {
        None
    } else {
        security_control_shaped(security_id).then(|| security_id.to_string())
    }
}

/// Whether `id` has the shape of a control id of the standard at `path`: `SERVICE.N` for the
/// AWS standards, dotted numbers for CIS, anything non-empty for the rest.
fn control_shaped(path: &str, id: &str) -> bool {
    let numbers =
        |s: &str| !s.is_empty() && s.split('.').all(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
    if path.starts_with("cis-") {
        numbers(id)
    } else if path.starts_with("aws-") {
        id.split_once('.')
            .is_some_and(|(svc, n)| !svc.is_empty() && svc.bytes().all(|b| b.is_ascii_alphanumeric()) && numbers(n))
    } else {
        !id.is_empty() && id.len() <= 32
    }
}

const SERVICE: &str = "securityhub.amazonaws.com";
const SLR_NAME: &str = "AWSServiceRoleForSecurityHub";

fn not_subscribed(op: Op, account: &str) -> CloudError {
    let msg = format!("Account {account} is not subscribed to AWS Security Hub");
    op.err(ErrorKind::NotFound, "InvalidAccessException", msg)
}

fn invalid_input(op: Op, msg: impl Into<String>) -> CloudError {
    op.invalid("InvalidInputException", msg)
}

fn not_found(op: Op, msg: impl Into<String>) -> CloudError {
    op.not_found("ResourceNotFoundException", msg)
}

fn access_denied(op: Op, msg: impl Into<String>) -> CloudError {
    op.err(ErrorKind::AccessDenied, "AccessDeniedException", msg)
}

/// A default hub: what enabling with no settings gives.
fn default_hub(generator: Option<&str>, tags: &Tags) -> HubEntry {
    HubEntry {
        subscribed_at: now_rfc3339(),
        auto_enable_controls: true,
        control_finding_generator: generator.unwrap_or("SECURITY_CONTROL").to_string(),
        tags: tags.clone(),
    }
}

/// Where the sandbox finds another account of its organization, and who designates.
impl Sandbox {
    /// The management account's file (this account's when it manages the organization).
    fn management_file(&self) -> std::path::PathBuf {
        self.organization.clone().unwrap_or_else(|| self.path.clone())
    }

    /// The account `account`'s data, as its file holds it; `None` when it has none.
    fn peer(&self, account: &str) -> Option<Data> {
        let management = self.management_file();
        let (mdata, _) = crate::cloud::sandbox::log::load::<Data>(&management).ok()?;
        if mdata.account_id == account {
            return Some(mdata);
        }
        // The file may not exist yet while its calls are only in its log: load reads both.
        let path = crate::services::connect::member_file(&management, account);
        crate::cloud::sandbox::log::load::<Data>(&path).ok().map(|(d, _)| d).filter(|d| d.account_id == account)
    }

    /// The delegated administrator designated in `region` (read from the management account).
    fn securityhub_admin(&self, region: &str) -> Option<String> {
        match &self.organization {
            Some(management) => {
                let (data, _) = crate::cloud::sandbox::log::load::<Data>(management).ok()?;
                data.regions.get(region)?.securityhub.admin.clone()
            }
            None => self.lock().region(region).securityhub.admin.clone(),
        }
    }
}

/// The hub this account has in `region`: its own, or the one designation as delegated
/// administrator enabled.
fn hub_of(d: &Data, region: &str, admin: Option<&str>) -> Option<HubEntry> {
    d.region(region)
        .securityhub
        .hub
        .clone()
        .or_else(|| (admin == Some(d.account_id.as_str())).then(|| default_hub(None, &Tags::new())))
}

fn require_hub(op: Op, d: &Data, region: &str, admin: Option<&str>) -> CloudResult<HubEntry> {
    hub_of(d, region, admin).ok_or_else(|| not_subscribed(op, &d.account_id))
}

/// The subscription ARN of the standard at `path` for this account and region.
fn subscription_arn(d: &Data, region: &str, path: &str) -> String {
    format!("{}subscription/{path}", d.arn_prefix("securityhub", region))
}

fn subscribe(d: &mut Data, region: &str, path: &str) -> Subscription {
    let arn = subscription_arn(d, region, path);
    let standards_arn = standard_arn(partition(region), region, path);
    d.region_mut(region).securityhub.standards.insert(arn.clone(), standards_arn.clone());
    Subscription { arn, standards_arn, status: "READY".into() }
}

/// The standard path a control ARN names (`…:control/PATH/ID`) of this account and region,
/// with the control id.
fn control_of<'a>(d: &Data, region: &str, arn: &'a str) -> Option<(&'static str, &'a str)> {
    let rest = arn.strip_prefix(&format!("{}control/", d.arn_prefix("securityhub", region)))?;
    let (path, id) = rest.rsplit_once('/')?;
    let def = STANDARDS.iter().find(|s| s.path == path)?;
    Some((def.path, id))
}

/// The description Security Hub gives a control where the sandbox knows it (its title
/// otherwise).
fn description_of(path: &str, id: &str) -> Option<&'static str> {
    match (path, id) {
        ("cis-aws-foundations-benchmark/v/1.2.0", "1.10") => Some(
            "IAM password policies can prevent the reuse of a given password by the same user. It is recommended that \
             the password policy prevent the reuse of passwords.",
        ),
        _ => None,
    }
}

/// The id Security Hub reports for a control: CIS v1.2.0's carry a `CIS.` prefix that their
/// ARNs lack; the standards' requirement it answers.
fn reported(path: &str, id: &str) -> (String, Vec<String>) {
    if path == "cis-aws-foundations-benchmark/v/1.2.0" {
        (format!("CIS.{id}"), vec![format!("CIS AWS Foundations {id}")])
    } else {
        (id.to_string(), Vec::new())
    }
}

fn known_controls(path: &str) -> &'static [ControlDef] {
    CONTROLS.iter().find(|(p, _)| *p == path).map(|(_, c)| *c).unwrap_or(&[])
}

fn check_aggregator(op: Op, mode: &str, regions: &[String]) -> CloudResult<()> {
    enum_value(op, "RegionLinkingMode", mode, &LINKING_MODES)?;
    match (mode, regions.is_empty()) {
        ("ALL_REGIONS" | "NO_REGIONS", false) => {
            Err(invalid_input(op, format!("Regions cannot be specified when RegionLinkingMode is {mode}.")))
        }
        ("ALL_REGIONS" | "NO_REGIONS", true) => Ok(()),
        (_, true) => Err(invalid_input(op, format!("Regions must be specified when RegionLinkingMode is {mode}."))),
        _ => Ok(()),
    }
}

#[async_trait]
impl SecurityHub for Sandbox {
    async fn enable_hub(
        &self,
        region: &str,
        default_standards: bool,
        generator: Option<&str>,
        tags: &Tags,
    ) -> CloudResult<()> {
        let op = Op("securityhub", "EnableSecurityHub");
        self.write(op, |d| {
            if let Some(g) = generator {
                enum_value(op, "ControlFindingGenerator", g, &FINDING_GENERATORS)?;
            }
            if let Some(p) = tag_problem(tags, 50, 0) {
                return Err(invalid_input(op, p));
            }
            if d.region(region).securityhub.hub.is_some() {
                let msg = format!("Account {} is already subscribed to Security Hub", d.account_id);
                return Err(op.err(ErrorKind::AlreadyExists, "ResourceConflictException", msg));
            }
            d.ensure_slr(SERVICE, SLR_NAME);
            d.region_mut(region).securityhub.hub = Some(default_hub(generator, tags));
            if default_standards {
                for s in STANDARDS.iter().filter(|s| s.by_default) {
                    subscribe(d, region, s.path);
                }
            }
            Ok(())
        })
    }

    async fn describe_hub(&self, region: &str) -> CloudResult<Option<Hub>> {
        let op = Op("securityhub", "DescribeHub");
        let admin = self.securityhub_admin(region);
        self.read(op, |d| {
            Ok(hub_of(d, region, admin.as_deref()).map(|h| Hub {
                arn: format!("{}hub/default", d.arn_prefix("securityhub", region)),
                subscribed_at: h.subscribed_at,
                auto_enable_controls: h.auto_enable_controls,
                control_finding_generator: h.control_finding_generator,
            }))
        })
    }

    async fn update_hub(&self, region: &str, auto_enable_controls: bool, generator: Option<&str>) -> CloudResult<()> {
        let op = Op("securityhub", "UpdateSecurityHubConfiguration");
        let admin = self.securityhub_admin(region);
        self.write(op, |d| {
            if let Some(g) = generator {
                enum_value(op, "ControlFindingGenerator", g, &FINDING_GENERATORS)?;
            }
            let mut hub = require_hub(op, d, region, admin.as_deref())?;
            hub.auto_enable_controls = auto_enable_controls;
            if let Some(g) = generator {
                hub.control_finding_generator = g.to_string();
            }
            d.region_mut(region).securityhub.hub = Some(hub);
            Ok(())
        })
    }

    async fn disable_hub(&self, region: &str) -> CloudResult<()> {
        let op = Op("securityhub", "DisableSecurityHub");
        let admin = self.securityhub_admin(region);
        self.write(op, |d| {
            if hub_of(d, region, admin.as_deref()).is_none() {
                return Err(not_found(op, format!("Account {} is not subscribed to AWS Security Hub", d.account_id)));
            }
            if admin.as_deref() == Some(d.account_id.as_str()) {
                let msg = "Cannot disable Security Hub on the Security Hub administrator account. Remove the \
                           delegated administrator designation first.";
                return Err(invalid_input(op, msg));
            }
            let sh = &mut d.region_mut(region).securityhub;
            sh.hub = None;
            sh.standards.clear();
            sh.controls.clear();
            sh.products.clear();
            sh.action_targets.clear();
            sh.automation_rules.clear();
            sh.aggregator = None;
            Ok(())
        })
    }

    async fn enable_standard(&self, region: &str, standards_arn: &str) -> CloudResult<Subscription> {
        let op = Op("securityhub", "BatchEnableStandards");
        let admin = self.securityhub_admin(region);
        self.write(op, |d| {
            require_hub(op, d, region, admin.as_deref())?;
            let def = standard_of(standards_arn)
                .filter(|s| standard_arn(partition(region), region, s.path) == standards_arn)
                .ok_or_else(|| invalid_input(op, format!("The standard {standards_arn} is not valid in {region}.")))?;
            Ok(subscribe(d, region, def.path))
        })
    }

    async fn enabled_standards(&self, region: &str) -> CloudResult<Vec<Subscription>> {
        let op = Op("securityhub", "GetEnabledStandards");
        let admin = self.securityhub_admin(region);
        self.read(op, |d| {
            require_hub(op, d, region, admin.as_deref())?;
            Ok(d.region(region)
                .securityhub
                .standards
                .iter()
                .map(|(arn, s)| Subscription { arn: arn.clone(), standards_arn: s.clone(), status: "READY".into() })
                .collect())
        })
    }

    async fn disable_standard(&self, region: &str, subscription_arn: &str) -> CloudResult<()> {
        let op = Op("securityhub", "BatchDisableStandards");
        let admin = self.securityhub_admin(region);
        self.write(op, |d| {
            require_hub(op, d, region, admin.as_deref())?;
            let sh = &mut d.region_mut(region).securityhub;
            if sh.standards.remove(subscription_arn).is_none() {
                return Err(not_found(op, format!("The subscription {subscription_arn} does not exist.")));
            }
            // A standard's control settings go with it.
            let prefix = subscription_arn.replacen(":subscription/", ":control/", 1) + "/";
            sh.controls.retain(|arn, _| !arn.starts_with(&prefix));
            Ok(())
        })
    }

    async fn standards_controls(&self, region: &str, subscription_arn: &str) -> CloudResult<Vec<StandardsControl>> {
        let op = Op("securityhub", "DescribeStandardsControls");
        let admin = self.securityhub_admin(region);
        self.read(op, |d| {
            require_hub(op, d, region, admin.as_deref())?;
            let sh = &d.region(region).securityhub;
            let Some(standards_arn) = sh.standards.get(subscription_arn) else {
                return Err(not_found(op, format!("The subscription {subscription_arn} does not exist.")));
            };
            let path = standard_of(standards_arn).map(|s| s.path).unwrap_or_default();
            let prefix = format!("{}control/{path}/", d.arn_prefix("securityhub", region));
            let mut controls: BTreeMap<String, StandardsControl> = known_controls(path)
                .iter()
                .map(|(id, severity, title)| {
                    let arn = format!("{prefix}{id}");
                    let (control_id, related_requirements) = reported(path, id);
                    let c = StandardsControl {
                        arn: arn.clone(),
                        control_id,
                        related_requirements,
                        status: "ENABLED".into(),
                        title: title.to_string(),
                        description: description_of(path, id).unwrap_or(title).to_string(),
                        remediation_url: format!(
                            "https://docs.aws.amazon.com/console/securityhub/{}/remediation",
                            id.replace('.', "")
                        ),
                        severity: severity.to_string(),
                        ..StandardsControl::default()
                    };
                    (arn, c)
                })
                .collect();
            for (arn, set) in sh.controls.iter().filter(|(arn, _)| arn.starts_with(&prefix)) {
                let id = &arn[prefix.len()..];
                let c = controls.entry(arn.clone()).or_insert_with(|| {
                    let (control_id, related_requirements) = reported(path, id);
                    StandardsControl {
                        arn: arn.clone(),
                        control_id,
                        related_requirements,
                        title: id.to_string(),
                        description: id.to_string(),
                        severity: "MEDIUM".into(),
                        ..StandardsControl::default()
                    }
                });
                c.status = set.status.clone();
                // An association enabled with a reason keeps it; the control shows none.
                c.disabled_reason = if set.status == "DISABLED" { set.disabled_reason.clone() } else { String::new() };
                c.status_updated_at = set.updated_at.clone();
            }
            Ok(controls.into_values().collect())
        })
    }

    async fn update_standards_control(
        &self,
        region: &str,
        control_arn: &str,
        status: &str,
        reason: Option<&str>,
    ) -> CloudResult<()> {
        let op = Op("securityhub", "UpdateStandardsControl");
        let admin = self.securityhub_admin(region);
        self.write(op, |d| {
            require_hub(op, d, region, admin.as_deref())?;
            enum_value(op, "ControlStatus", status, &["ENABLED", "DISABLED"])?;
            let (path, id) = control_of(d, region, control_arn)
                .filter(|(path, id)| known_controls(path).iter().any(|c| c.0 == *id) || control_shaped(path, id))
                .ok_or_else(|| not_found(op, format!("The control {control_arn} does not exist.")))?;
            let subscribed = subscription_arn(d, region, path);
            if !d.region(region).securityhub.standards.contains_key(&subscribed) {
                let msg = format!("The standard of control {id} is not enabled.");
                return Err(not_found(op, msg));
            }
            let reason = reason.filter(|r| !r.is_empty());
            if status != "DISABLED" && reason.is_some() {
                return Err(invalid_input(
                    op,
                    "DisabledReason should not be given for action other than disabling control",
                ));
            }
            if status == "DISABLED" && reason.is_none() {
                return Err(invalid_input(op, "DisabledReason is required when ControlStatus is DISABLED."));
            }
            let entry = ControlEntry {
                status: status.to_string(),
                disabled_reason: if status == "DISABLED" {
                    reason.unwrap_or_default().to_string()
                } else {
                    String::new()
                },
                updated_at: now_rfc3339(),
            };
            d.region_mut(region).securityhub.controls.insert(control_arn.to_string(), entry);
            Ok(())
        })
    }

    async fn update_control_association(
        &self,
        region: &str,
        security_control_id: &str,
        standards_arn: &str,
        status: &str,
        reason: Option<&str>,
    ) -> CloudResult<()> {
        let op = Op("securityhub", "BatchUpdateStandardsControlAssociations");
        let admin = self.securityhub_admin(region);
        // A refused update is answered as AWS answers it: in `UnprocessedAssociationUpdates`.
        let unprocessed = |code: &'static str, reason: String| {
            let msg = format!("{security_control_id}/{standards_arn}: {code}: {reason}");
            CloudError::new("securityhub", op.1, super::aws::unprocessed_kind(code), code, msg)
        };
        self.write(op, |d| {
            require_hub(op, d, region, admin.as_deref())?;
            enum_value(op, "AssociationStatus", status, &["ENABLED", "DISABLED"])?;
            let reason = reason.filter(|r| !r.is_empty());
            if status == "DISABLED" && reason.is_none() {
                return Err(unprocessed("INVALID_INPUT", "UpdatedReason is required when disabling a control.".into()));
            }
            let Some(def) = standard_of(standards_arn) else {
                return Err(unprocessed("INVALID_INPUT", format!("Invalid StandardsArn {standards_arn}.")));
            };
            if !d.region(region).securityhub.standards.contains_key(&subscription_arn(d, region, def.path)) {
                return Err(unprocessed("RESOURCE_NOT_FOUND", format!("The standard {standards_arn} is not enabled.")));
            }
            let Some(control) = standard_control_id(def.path, security_control_id) else {
                let msg = format!("The security control {security_control_id} is not part of {standards_arn}.");
                return Err(unprocessed("RESOURCE_NOT_FOUND", msg));
            };
            let arn = format!("{}control/{}/{control}", d.arn_prefix("securityhub", region), def.path);
            let entry = ControlEntry {
                status: status.to_string(),
                disabled_reason: reason.unwrap_or_default().to_string(),
                updated_at: now_rfc3339(),
            };
            d.region_mut(region).securityhub.controls.insert(arn, entry);
            Ok(())
        })
    }

    async fn control_associations(
        &self,
        region: &str,
        security_control_id: &str,
    ) -> CloudResult<Vec<ControlAssociation>> {
        let op = Op("securityhub", "ListStandardsControlAssociations");
        let admin = self.securityhub_admin(region);
        self.read(op, |d| {
            require_hub(op, d, region, admin.as_deref())?;
            if !security_control_shaped(security_control_id) {
                return Err(not_found(op, format!("The security control {security_control_id} does not exist.")));
            }
            let sh = &d.region(region).securityhub;
            let mut out = Vec::new();
            for standards_arn in sh.standards.values() {
                let Some(def) = standard_of(standards_arn) else { continue };
                let Some(control) = standard_control_id(def.path, security_control_id) else { continue };
                let arn = format!("{}control/{}/{control}", d.arn_prefix("securityhub", region), def.path);
                let set = sh.controls.get(&arn);
                let known = known_controls(def.path).iter().find(|c| c.0 == control);
                let title = known.map_or(control.as_str(), |c| c.2);
                let (_, related_requirements) = reported(def.path, &control);
                out.push(ControlAssociation {
                    security_control_id: security_control_id.to_string(),
                    security_control_arn: format!(
                        "{}security-control/{security_control_id}",
                        d.arn_prefix("securityhub", region)
                    ),
                    standards_arn: standards_arn.clone(),
                    association_status: set.map_or("ENABLED", |c| c.status.as_str()).to_string(),
                    related_requirements,
                    standards_control_title: title.to_string(),
                    standards_control_description: description_of(def.path, &control).unwrap_or(title).to_string(),
                    updated_at: set.map(|c| c.updated_at.clone()).unwrap_or_default(),
                    updated_reason: set.map(|c| c.disabled_reason.clone()).unwrap_or_default(),
                });
            }
            Ok(out)
        })
    }

    async fn create_configuration_policy(
        &self,
        region: &str,
        name: &str,
        description: &str,
        policy: &HubPolicy,
    ) -> CloudResult<ConfigurationPolicy> {
        let op = Op("securityhub", "CreateConfigurationPolicy");
        let admin = self.securityhub_admin(region);
        self.write(op, |d| {
            require_central(op, d, region, admin.as_deref())?;
            check_policy_name(op, name)?;
            length(op, "Description", description, 0, 512)?;
            let policy = checked_policy(op, region, policy)?;
            if d.region(region).securityhub.configuration_policies.values().any(|p| p.name == name) {
                let msg = format!("A configuration policy named {name} already exists.");
                return Err(op.err(ErrorKind::AlreadyExists, "ResourceConflictException", msg));
            }
            let id = d.fresh_uuid();
            let entry = PolicyEntry { name: name.into(), description: description.into(), policy };
            let out = policy_of(d, region, &id, &entry);
            d.region_mut(region).securityhub.configuration_policies.insert(id, entry);
            Ok(out)
        })
    }

    async fn get_configuration_policy(&self, region: &str, id: &str) -> CloudResult<Option<ConfigurationPolicy>> {
        let op = Op("securityhub", "GetConfigurationPolicy");
        let admin = self.securityhub_admin(region);
        self.read(op, |d| {
            require_central(op, d, region, admin.as_deref())?;
            Ok(d.region(region).securityhub.configuration_policies.get(id).map(|e| policy_of(d, region, id, e)))
        })
    }

    async fn update_configuration_policy(
        &self,
        region: &str,
        id: &str,
        name: &str,
        description: &str,
        policy: &HubPolicy,
    ) -> CloudResult<()> {
        let op = Op("securityhub", "UpdateConfigurationPolicy");
        let admin = self.securityhub_admin(region);
        self.write(op, |d| {
            require_central(op, d, region, admin.as_deref())?;
            check_policy_name(op, name)?;
            length(op, "Description", description, 0, 512)?;
            let policy = checked_policy(op, region, policy)?;
            let sh = &mut d.region_mut(region).securityhub;
            if sh.configuration_policies.iter().any(|(other, p)| other != id && p.name == name) {
                let msg = format!("A configuration policy named {name} already exists.");
                return Err(op.err(ErrorKind::AlreadyExists, "ResourceConflictException", msg));
            }
            let e = sh
                .configuration_policies
                .get_mut(id)
                .ok_or_else(|| not_found(op, format!("The configuration policy {id} does not exist.")))?;
            e.name = name.to_string();
            e.description = description.to_string();
            e.policy = policy;
            Ok(())
        })
    }

    async fn delete_configuration_policy(&self, region: &str, id: &str) -> CloudResult<()> {
        let op = Op("securityhub", "DeleteConfigurationPolicy");
        let admin = self.securityhub_admin(region);
        self.write(op, |d| {
            require_central(op, d, region, admin.as_deref())?;
            let sh = &mut d.region_mut(region).securityhub;
            if !sh.configuration_policies.contains_key(id) {
                return Err(not_found(op, format!("The configuration policy {id} does not exist.")));
            }
            if let Some((target, _)) = sh.policy_associations.iter().find(|(_, p)| p.as_str() == id) {
                let msg = format!(
                    "The configuration policy {id} is associated with {target}; disassociate it from its targets first."
                );
                return Err(op.err(ErrorKind::Conflict, "ResourceConflictException", msg));
            }
            sh.configuration_policies.remove(id);
            Ok(())
        })
    }

    async fn start_policy_association(&self, region: &str, policy_id: &str, target: &str) -> CloudResult<()> {
        let op = Op("securityhub", "StartConfigurationPolicyAssociation");
        let admin = self.securityhub_admin(region);
        let (org, _, _) = self.organization_view();
        self.write(op, |d| {
            require_central(op, d, region, admin.as_deref())?;
            check_target(op, &org, target)?;
            let sh = &mut d.region_mut(region).securityhub;
            if !sh.configuration_policies.contains_key(policy_id) {
                return Err(not_found(op, format!("The configuration policy {policy_id} does not exist.")));
            }
            // The sandbox applies an association at once: it reads as SUCCESS.
            sh.policy_associations.insert(target.to_string(), policy_id.to_string());
            Ok(())
        })
    }

    async fn get_policy_association(&self, region: &str, target: &str) -> CloudResult<Option<PolicyAssociation>> {
        let op = Op("securityhub", "GetConfigurationPolicyAssociation");
        let admin = self.securityhub_admin(region);
        self.read(op, |d| {
            require_central(op, d, region, admin.as_deref())?;
            Ok(d.region(region).securityhub.policy_associations.get(target).map(|policy_id| PolicyAssociation {
                policy_id: policy_id.clone(),
                target_id: target.to_string(),
                status: "SUCCESS".into(),
                status_message: String::new(),
            }))
        })
    }

    async fn start_policy_disassociation(&self, region: &str, policy_id: &str, target: &str) -> CloudResult<()> {
        let op = Op("securityhub", "StartConfigurationPolicyDisassociation");
        let admin = self.securityhub_admin(region);
        self.write(op, |d| {
            require_central(op, d, region, admin.as_deref())?;
            let sh = &mut d.region_mut(region).securityhub;
            if sh.policy_associations.get(target).is_none_or(|p| p != policy_id) {
                let msg = format!("The configuration policy {policy_id} is not associated with {target}.");
                return Err(not_found(op, msg));
            }
            sh.policy_associations.remove(target);
            Ok(())
        })
    }

    async fn create_automation_rule(&self, region: &str, rule: &AutomationRule, tags: &Tags) -> CloudResult<String> {
        let op = Op("securityhub", "CreateAutomationRule");
        let admin = self.securityhub_admin(region);
        self.write(op, |d| {
            require_rule_owner(op, d, region, admin.as_deref())?;
            check_rule(op, rule)?;
            if let Some(p) = tag_problem(tags, 50, 0) {
                return Err(invalid_input(op, p));
            }
            if d.region(region).securityhub.automation_rules.len() >= 100 {
                let msg = "The account already has the maximum of 100 automation rules in this Region.";
                return Err(op.err(ErrorKind::Other, "LimitExceededException", msg));
            }
            let arn = format!("{}automation-rule/{}", d.arn_prefix("securityhub", region), d.fresh_uuid());
            let entry = RuleEntry {
                name: rule.name.clone(),
                order: rule.order,
                description: rule.description.clone(),
                status: if rule.status.is_empty() { "ENABLED".into() } else { rule.status.clone() },
                is_terminal: rule.is_terminal,
                criteria: rule.criteria.clone(),
                actions: rule.actions.clone(),
                tags: tags.clone(),
            };
            d.region_mut(region).securityhub.automation_rules.insert(arn.clone(), entry);
            Ok(arn)
        })
    }

    async fn get_automation_rule(&self, region: &str, arn: &str) -> CloudResult<Option<AutomationRule>> {
        let op = Op("securityhub", "BatchGetAutomationRules");
        let admin = self.securityhub_admin(region);
        self.read(op, |d| {
            require_rule_owner(op, d, region, admin.as_deref())?;
            Ok(d.region(region).securityhub.automation_rules.get(arn).map(|e| rule_of(arn, e)))
        })
    }

    async fn update_automation_rule(&self, region: &str, rule: &AutomationRule) -> CloudResult<()> {
        let op = Op("securityhub", "BatchUpdateAutomationRules");
        let admin = self.securityhub_admin(region);
        self.write(op, |d| {
            require_rule_owner(op, d, region, admin.as_deref())?;
            check_rule(op, rule)?;
            let e = d
                .region_mut(region)
                .securityhub
                .automation_rules
                .get_mut(&rule.arn)
                .ok_or_else(|| not_found(op, format!("{}: automation rule not found", rule.arn)))?;
            e.name = rule.name.clone();
            e.order = rule.order;
            e.description = rule.description.clone();
            if !rule.status.is_empty() {
                e.status = rule.status.clone();
            }
            e.is_terminal = rule.is_terminal;
            e.criteria = rule.criteria.clone();
            e.actions = rule.actions.clone();
            Ok(())
        })
    }

    async fn delete_automation_rule(&self, region: &str, arn: &str) -> CloudResult<()> {
        let op = Op("securityhub", "BatchDeleteAutomationRules");
        let admin = self.securityhub_admin(region);
        self.write(op, |d| {
            require_rule_owner(op, d, region, admin.as_deref())?;
            match d.region_mut(region).securityhub.automation_rules.remove(arn) {
                Some(_) => Ok(()),
                None => Err(not_found(op, format!("{arn}: automation rule not found"))),
            }
        })
    }

    async fn list_tags(&self, region: &str, arn: &str) -> CloudResult<Tags> {
        let op = Op("securityhub", "ListTagsForResource");
        let admin = self.securityhub_admin(region);
        self.read(op, |d| {
            require_hub(op, d, region, admin.as_deref())?;
            match d.region(region).securityhub.automation_rules.get(arn) {
                Some(e) => Ok(e.tags.clone()),
                None => Err(not_found(op, format!("The resource {arn} does not exist."))),
            }
        })
    }

    async fn tag_resource(&self, region: &str, arn: &str, tags: &Tags) -> CloudResult<()> {
        let op = Op("securityhub", "TagResource");
        let admin = self.securityhub_admin(region);
        self.write(op, |d| {
            require_hub(op, d, region, admin.as_deref())?;
            let e = d
                .region_mut(region)
                .securityhub
                .automation_rules
                .get_mut(arn)
                .ok_or_else(|| not_found(op, format!("The resource {arn} does not exist.")))?;
            let mut next = e.tags.clone();
            next.extend(tags.clone());
            if let Some(p) = tag_problem(&next, 50, 0) {
                return Err(invalid_input(op, p));
            }
            e.tags = next;
            Ok(())
        })
    }

    async fn untag_resource(&self, region: &str, arn: &str, keys: &[String]) -> CloudResult<()> {
        let op = Op("securityhub", "UntagResource");
        let admin = self.securityhub_admin(region);
        self.write(op, |d| {
            require_hub(op, d, region, admin.as_deref())?;
            let e = d
                .region_mut(region)
                .securityhub
                .automation_rules
                .get_mut(arn)
                .ok_or_else(|| not_found(op, format!("The resource {arn} does not exist.")))?;
            e.tags.retain(|k, _| !keys.contains(k));
            Ok(())
        })
    }

    async fn create_aggregator(&self, region: &str, mode: &str, regions: &[String]) -> CloudResult<String> {
        let op = Op("securityhub", "CreateFindingAggregator");
        let admin = self.securityhub_admin(region);
        self.write(op, |d| {
            require_hub(op, d, region, admin.as_deref())?;
            check_aggregator(op, mode, regions)?;
            if let Some((r, _)) = d.regions.iter().find(|(_, r)| r.securityhub.aggregator.is_some()) {
                let msg = format!("A finding aggregator already exists for this account (in {r}).");
                return Err(op.err(ErrorKind::AlreadyExists, "LimitExceededException", msg));
            }
            let id = d.fresh_uuid();
            let arn = format!("{}finding-aggregator/{id}", d.arn_prefix("securityhub", region));
            let entry = AggregatorEntry { arn: arn.clone(), linking_mode: mode.to_string(), regions: regions.to_vec() };
            d.region_mut(region).securityhub.aggregator = Some(entry);
            Ok(arn)
        })
    }

    async fn get_aggregator(&self, region: &str, arn: &str) -> CloudResult<Option<Aggregator>> {
        let op = Op("securityhub", "GetFindingAggregator");
        let admin = self.securityhub_admin(region);
        self.read(op, |d| {
            require_hub(op, d, region, admin.as_deref())?;
            // The aggregator is read from any region; it lives in its home region.
            let found = d.regions.values().filter_map(|r| r.securityhub.aggregator.as_ref()).find(|a| a.arn == arn);
            Ok(found.map(|a| Aggregator {
                arn: a.arn.clone(),
                linking_mode: a.linking_mode.clone(),
                regions: a.regions.clone(),
            }))
        })
    }

    async fn update_aggregator(&self, region: &str, arn: &str, mode: &str, regions: &[String]) -> CloudResult<()> {
        let op = Op("securityhub", "UpdateFindingAggregator");
        let admin = self.securityhub_admin(region);
        self.write(op, |d| {
            require_hub(op, d, region, admin.as_deref())?;
            check_aggregator(op, mode, regions)?;
            match d.region_mut(region).securityhub.aggregator.as_mut().filter(|a| a.arn == arn) {
                Some(a) => {
                    a.linking_mode = mode.to_string();
                    a.regions = regions.to_vec();
                    Ok(())
                }
                None => Err(not_found(op, format!("The finding aggregator {arn} does not exist in {region}."))),
            }
        })
    }

    async fn delete_aggregator(&self, region: &str, arn: &str) -> CloudResult<()> {
        let op = Op("securityhub", "DeleteFindingAggregator");
        let admin = self.securityhub_admin(region);
        self.write(op, |d| {
            require_hub(op, d, region, admin.as_deref())?;
            let central = d
                .region(region)
                .securityhub
                .organization_configuration
                .as_ref()
                .is_some_and(|c| c.configuration_type == "CENTRAL");
            let sh = &mut d.region_mut(region).securityhub;
            if sh.aggregator.as_ref().is_none_or(|a| a.arn != arn) {
                return Err(not_found(op, format!("The finding aggregator {arn} does not exist in {region}.")));
            }
            if central {
                let msg = "The finding aggregator cannot be deleted while the organization uses central configuration.";
                return Err(invalid_input(op, msg));
            }
            sh.aggregator = None;
            Ok(())
        })
    }

    async fn list_aggregators(&self, region: &str) -> CloudResult<Vec<String>> {
        let op = Op("securityhub", "ListFindingAggregators");
        let admin = self.securityhub_admin(region);
        self.read(op, |d| {
            require_hub(op, d, region, admin.as_deref())?;
            Ok(d.regions.values().filter_map(|r| r.securityhub.aggregator.as_ref()).map(|a| a.arn.clone()).collect())
        })
    }

    async fn enable_organization_admin(&self, region: &str, account: &str) -> CloudResult<()> {
        let op = Op("securityhub", "EnableOrganizationAdminAccount");
        let (org, _, management) = self.organization_view();
        self.write(op, |d| {
            if !management {
                return Err(access_denied(
                    op,
                    "Only the organization's management account can designate the Security Hub administrator.",
                ));
            }
            if !org.accounts.iter().any(|a| a.id == account) {
                let msg = format!(
                    "The request was rejected because the account {account} is not a member of organization {}.",
                    org.id
                );
                return Err(invalid_input(op, msg));
            }
            let sh = &mut d.region_mut(region).securityhub;
            match sh.admin.as_deref() {
                Some(a) if a == account => Ok(()),
                Some(a) => {
                    let msg = format!("Account {a} is already the Security Hub administrator for the organization.");
                    Err(op.err(ErrorKind::Conflict, "ResourceConflictException", msg))
                }
                None => {
                    sh.admin = Some(account.to_string());
                    // Designating enables Security Hub in the administrator account; the
                    // management account designating itself sees it in its own file.
                    if account == d.account_id && d.region(region).securityhub.hub.is_none() {
                        d.ensure_slr(SERVICE, SLR_NAME);
                        d.region_mut(region).securityhub.hub = Some(default_hub(None, &Tags::new()));
                    }
                    Ok(())
                }
            }
        })
    }

    async fn disable_organization_admin(&self, region: &str, account: &str) -> CloudResult<()> {
        let op = Op("securityhub", "DisableOrganizationAdminAccount");
        let management = self.organization.is_none();
        self.write(op, |d| {
            if !management {
                return Err(access_denied(
                    op,
                    "Only the organization's management account can remove the Security Hub administrator.",
                ));
            }
            let sh = &mut d.region_mut(region).securityhub;
            if sh.admin.as_deref() != Some(account) {
                return Err(not_found(op, format!("Account {account} is not the Security Hub administrator.")));
            }
            sh.admin = None;
            Ok(())
        })
    }

    async fn list_organization_admins(&self, region: &str) -> CloudResult<Vec<(String, String)>> {
        let op = Op("securityhub", "ListOrganizationAdminAccounts");
        let management = self.organization.is_none();
        self.read(op, |d| {
            if !management {
                return Err(access_denied(
                    op,
                    "Only the organization's management account can list the Security Hub administrators.",
                ));
            }
            Ok(d.region(region).securityhub.admin.iter().map(|a| (a.clone(), "ENABLED".to_string())).collect())
        })
    }

    async fn describe_organization_configuration(&self, region: &str) -> CloudResult<OrgConfig> {
        let op = Op("securityhub", "DescribeOrganizationConfiguration");
        let admin = self.securityhub_admin(region);
        self.read(op, |d| {
            require_org_admin(op, d, region, admin.as_deref())?;
            Ok(d.region(region).securityhub.organization_configuration.clone().unwrap_or_else(default_org_config))
        })
    }

    async fn update_organization_configuration(&self, region: &str, config: &OrgConfig) -> CloudResult<()> {
        let op = Op("securityhub", "UpdateOrganizationConfiguration");
        let admin = self.securityhub_admin(region);
        self.write(op, |d| {
            if !config.auto_enable_standards.is_empty() {
                enum_value(op, "AutoEnableStandards", &config.auto_enable_standards, &AUTO_ENABLE_STANDARDS)?;
            }
            if !config.configuration_type.is_empty() {
                enum_value(op, "OrganizationConfiguration.ConfigurationType", &config.configuration_type, &CONFIGURATION_TYPES)?;
            }
            require_org_admin(op, d, region, admin.as_deref())?;
            let mut next = d.region(region).securityhub.organization_configuration.clone().unwrap_or_else(default_org_config);
            next.auto_enable = config.auto_enable;
            if !config.auto_enable_standards.is_empty() {
                next.auto_enable_standards = config.auto_enable_standards.clone();
            }
            if !config.configuration_type.is_empty() {
                next.configuration_type = config.configuration_type.clone();
            }
            if next.configuration_type == "CENTRAL" {
                if !d.regions.values().any(|r| r.securityhub.aggregator.is_some()) {
                    let msg = "Central configuration requires a finding aggregator (a home Region) in the administrator account.";
                    return Err(op.err(ErrorKind::Invalid, "ValidationException", msg));
                }
                if next.auto_enable || next.auto_enable_standards != "NONE" {
                    let msg = "AutoEnable must be false and AutoEnableStandards NONE when ConfigurationType is CENTRAL.";
                    return Err(op.err(ErrorKind::Invalid, "ValidationException", msg));
                }
            }
            d.region_mut(region).securityhub.organization_configuration = Some(next);
            Ok(())
        })
    }

    async fn enable_product(&self, region: &str, product_arn: &str) -> CloudResult<String> {
        let op = Op("securityhub", "EnableImportFindingsForProduct");
        let admin = self.securityhub_admin(region);
        self.write(op, |d| {
            require_hub(op, d, region, admin.as_deref())?;
            // arn:aws:securityhub:REGION:ACCOUNT:product/COMPANY/PRODUCT
            let product = match arn_parts(product_arn) {
                Some([_, _, "securityhub", r, _, res]) if r == region => {
                    res.strip_prefix("product/").filter(|p| p.contains('/'))
                }
                _ => None,
            }
            .ok_or_else(|| invalid_input(op, format!("Invalid ProductArn {product_arn} for {region}.")))?
            .to_string();
            let arn = format!("{}product-subscription/{product}", d.arn_prefix("securityhub", region));
            let sh = &mut d.region_mut(region).securityhub;
            if sh.products.contains_key(&arn) {
                let msg = format!("The product {product_arn} is already enabled.");
                return Err(op.err(ErrorKind::AlreadyExists, "ResourceConflictException", msg));
            }
            sh.products.insert(arn.clone(), product_arn.to_string());
            Ok(arn)
        })
    }

    async fn enabled_products(&self, region: &str) -> CloudResult<Vec<String>> {
        let op = Op("securityhub", "ListEnabledProductsForImport");
        let admin = self.securityhub_admin(region);
        self.read(op, |d| {
            require_hub(op, d, region, admin.as_deref())?;
            Ok(d.region(region).securityhub.products.keys().cloned().collect())
        })
    }

    async fn disable_product(&self, region: &str, subscription_arn: &str) -> CloudResult<()> {
        let op = Op("securityhub", "DisableImportFindingsForProduct");
        let admin = self.securityhub_admin(region);
        self.write(op, |d| {
            require_hub(op, d, region, admin.as_deref())?;
            match d.region_mut(region).securityhub.products.remove(subscription_arn) {
                Some(_) => Ok(()),
                None => Err(not_found(op, format!("The product subscription {subscription_arn} does not exist."))),
            }
        })
    }

    async fn create_action_target(&self, region: &str, id: &str, name: &str, description: &str) -> CloudResult<String> {
        let op = Op("securityhub", "CreateActionTarget");
        let admin = self.securityhub_admin(region);
        self.write(op, |d| {
            require_hub(op, d, region, admin.as_deref())?;
            if id.is_empty() || id.len() > 20 || !id.bytes().all(|b| b.is_ascii_alphanumeric()) {
                return Err(invalid_input(op, format!("Id {id:?} must be 1 to 20 alphanumeric characters.")));
            }
            length(op, "Name", name, 1, 20)?;
            length(op, "Description", description, 1, 256)?;
            let arn = format!("{}action/custom/{id}", d.arn_prefix("securityhub", region));
            let sh = &mut d.region_mut(region).securityhub;
            if sh.action_targets.contains_key(&arn) {
                let msg = format!("An action target with id {id} already exists.");
                return Err(op.err(ErrorKind::AlreadyExists, "ResourceConflictException", msg));
            }
            sh.action_targets.insert(arn.clone(), ActionEntry { name: name.into(), description: description.into() });
            Ok(arn)
        })
    }

    async fn describe_action_target(&self, region: &str, arn: &str) -> CloudResult<Option<ActionTarget>> {
        let op = Op("securityhub", "DescribeActionTargets");
        let admin = self.securityhub_admin(region);
        self.read(op, |d| {
            require_hub(op, d, region, admin.as_deref())?;
            Ok(d.region(region).securityhub.action_targets.get(arn).map(|a| ActionTarget {
                arn: arn.to_string(),
                name: a.name.clone(),
                description: a.description.clone(),
            }))
        })
    }

    async fn update_action_target(&self, region: &str, arn: &str, name: &str, description: &str) -> CloudResult<()> {
        let op = Op("securityhub", "UpdateActionTarget");
        let admin = self.securityhub_admin(region);
        self.write(op, |d| {
            require_hub(op, d, region, admin.as_deref())?;
            length(op, "Name", name, 1, 20)?;
            length(op, "Description", description, 1, 256)?;
            let a = d
                .region_mut(region)
                .securityhub
                .action_targets
                .get_mut(arn)
                .ok_or_else(|| not_found(op, format!("The action target {arn} does not exist.")))?;
            a.name = name.to_string();
            a.description = description.to_string();
            Ok(())
        })
    }

    async fn delete_action_target(&self, region: &str, arn: &str) -> CloudResult<()> {
        let op = Op("securityhub", "DeleteActionTarget");
        let admin = self.securityhub_admin(region);
        self.write(op, |d| {
            require_hub(op, d, region, admin.as_deref())?;
            match d.region_mut(region).securityhub.action_targets.remove(arn) {
                Some(_) => Ok(()),
                None => Err(not_found(op, format!("The action target {arn} does not exist."))),
            }
        })
    }

    async fn create_member(&self, region: &str, account: &str, email: &str) -> CloudResult<()> {
        let op = Op("securityhub", "CreateMembers");
        let admin = self.securityhub_admin(region);
        let (org, _, _) = self.organization_view();
        self.write(op, |d| {
            require_hub(op, d, region, admin.as_deref())?;
            account_ids(op, "AccountDetails.member.AccountId", &[account.to_string()])?;
            if account == d.account_id {
                return Err(invalid_input(op, "An account cannot be a member of itself."));
            }
            let in_org = org.accounts.iter().any(|a| a.id == account);
            let is_admin = admin.as_deref() == Some(d.account_id.as_str());
            let sh = &mut d.region_mut(region).securityhub;
            if sh.members.contains_key(account) {
                return Ok(()); // AWS answers an existing member as processed
            }
            // The delegated administrator enrols organization accounts without an invitation.
            let status = if in_org && is_admin { "Enabled" } else { "Created" };
            sh.members.insert(
                account.to_string(),
                MemberEntry { email: email.into(), status: status.into(), invitation_id: String::new() },
            );
            Ok(())
        })
    }

    async fn invite_member(&self, region: &str, account: &str) -> CloudResult<()> {
        let op = Op("securityhub", "InviteMembers");
        let admin = self.securityhub_admin(region);
        self.write(op, |d| {
            require_hub(op, d, region, admin.as_deref())?;
            let invitation = d.fresh_id(HEX_ALPHABET, 32);
            let m = d
                .region_mut(region)
                .securityhub
                .members
                .get_mut(account)
                .ok_or_else(|| not_found(op, format!("Account {account} is not a member; create it first.")))?;
            if m.status == "Created" {
                m.status = "Invited".into();
                m.invitation_id = invitation;
            }
            Ok(())
        })
    }

    async fn get_member(&self, region: &str, account: &str) -> CloudResult<Option<Member>> {
        let op = Op("securityhub", "GetMembers");
        let admin = self.securityhub_admin(region);
        let entry = self.read(op, |d| {
            require_hub(op, d, region, admin.as_deref())?;
            Ok(d.region(region).securityhub.members.get(account).cloned().map(|m| (m, d.account_id.clone())))
        })?;
        let Some((m, me)) = entry else { return Ok(None) };
        // An invitation the member accepted shows in the member's own file.
        let accepted = m.status == "Invited"
            && self.peer(account).is_some_and(|p| {
                p.region(region)
                    .securityhub
                    .administrator
                    .as_ref()
                    .is_some_and(|a| a.account_id == me && a.invitation_id == m.invitation_id)
            });
        Ok(Some(Member {
            account_id: account.to_string(),
            email: m.email,
            administrator_id: me,
            member_status: if accepted { "Enabled".into() } else { m.status },
        }))
    }

    async fn remove_member(&self, region: &str, account: &str) -> CloudResult<()> {
        let op = Op("securityhub", "DeleteMembers");
        let admin = self.securityhub_admin(region);
        self.write(op, |d| {
            require_hub(op, d, region, admin.as_deref())?;
            match d.region_mut(region).securityhub.members.remove(account) {
                Some(_) => Ok(()),
                None => Err(not_found(op, format!("Account {account} is not a member."))),
            }
        })
    }

    async fn list_invitations(&self, region: &str) -> CloudResult<Vec<Invitation>> {
        let op = Op("securityhub", "ListInvitations");
        let admin = self.securityhub_admin(region);
        let me = self.read(op, |d| {
            require_hub(op, d, region, admin.as_deref())?;
            Ok(d.account_id.clone())
        })?;
        // Invitations live with the inviting accounts: every account of the organization.
        let (org, _, _) = self.organization_view();
        let mut out = Vec::new();
        for a in org.accounts.iter().filter(|a| a.id != me) {
            let Some(p) = self.peer(&a.id) else { continue };
            if let Some(m) = p.region(region).securityhub.members.get(&me).filter(|m| m.status == "Invited") {
                out.push(Invitation {
                    account_id: a.id.clone(),
                    invitation_id: m.invitation_id.clone(),
                    member_status: "Invited".into(),
                });
            }
        }
        Ok(out)
    }

    async fn accept_invitation(&self, region: &str, administrator: &str, invitation_id: &str) -> CloudResult<()> {
        let op = Op("securityhub", "AcceptAdministratorInvitation");
        let admin = self.securityhub_admin(region);
        let me = self.read(op, |d| Ok(d.account_id.clone()))?;
        let invited = self.peer(administrator).is_some_and(|p| {
            p.region(region)
                .securityhub
                .members
                .get(&me)
                .is_some_and(|m| m.status == "Invited" && m.invitation_id == invitation_id)
        });
        self.write(op, |d| {
            require_hub(op, d, region, admin.as_deref())?;
            if !invited {
                let msg = format!("The invitation {invitation_id} from account {administrator} does not exist.");
                return Err(not_found(op, msg));
            }
            d.region_mut(region).securityhub.administrator =
                Some(AcceptedEntry { account_id: administrator.into(), invitation_id: invitation_id.into() });
            Ok(())
        })
    }

    async fn get_administrator(&self, region: &str) -> CloudResult<Option<Invitation>> {
        let op = Op("securityhub", "GetAdministratorAccount");
        let admin = self.securityhub_admin(region);
        let (accepted, me) = self.read(op, |d| {
            require_hub(op, d, region, admin.as_deref())?;
            Ok((d.region(region).securityhub.administrator.clone(), d.account_id.clone()))
        })?;
        let Some(a) = accepted else { return Ok(None) };
        let still = self.peer(&a.account_id).is_some_and(|p| p.region(region).securityhub.members.contains_key(&me));
        Ok(Some(Invitation {
            account_id: a.account_id,
            invitation_id: a.invitation_id,
            member_status: if still { "Enabled" } else { "Removed" }.into(),
        }))
    }

    async fn leave_administrator(&self, region: &str) -> CloudResult<()> {
        let op = Op("securityhub", "DisassociateFromAdministratorAccount");
        let admin = self.securityhub_admin(region);
        self.write(op, |d| {
            require_hub(op, d, region, admin.as_deref())?;
            if d.region_mut(region).securityhub.administrator.take().is_none() {
                return Err(not_found(op, "The account is not associated with an administrator account."));
            }
            Ok(())
        })
    }
}

/// Configuration policy calls: only the delegated administrator, with central configuration.
fn require_central(op: Op, d: &Data, region: &str, admin: Option<&str>) -> CloudResult<()> {
    let central = d
        .region(region)
        .securityhub
        .organization_configuration
        .as_ref()
        .is_some_and(|c| c.configuration_type == "CENTRAL");
    if admin != Some(d.account_id.as_str()) || !central {
        let msg = "Must be a Security Hub delegated administrator with Central Configuration enabled";
        return Err(access_denied(op, msg));
    }
    require_hub(op, d, region, admin).map(|_| ())
}

/// A policy as Security Hub keeps it: with the service disabled it keeps neither standards nor
/// control settings; enabled, it needs exactly one of enabled or disabled control lists, known
/// standards of the region and well-formed custom parameters.
fn checked_policy(op: Op, region: &str, p: &HubPolicy) -> CloudResult<HubPolicy> {
    if !p.service_enabled {
        return Ok(HubPolicy { service_enabled: false, ..HubPolicy::default() });
    }
    for arn in &p.enabled_standard_identifiers {
        let ok = standard_of(arn).is_some_and(|s| standard_arn(partition(region), region, s.path) == *arn);
        if !ok {
            return Err(invalid_input(op, format!("The standard {arn} is not valid in {region}.")));
        }
    }
    let Some(c) = &p.security_controls_configuration else {
        let msg = "SecurityControlsConfiguration is required when ServiceEnabled is true.";
        return Err(invalid_input(op, msg));
    };
    let lists = [&c.enabled_security_control_identifiers, &c.disabled_security_control_identifiers];
    if lists.iter().filter(|l| l.is_some()).count() != 1 {
        let msg = "Exactly one of EnabledSecurityControlIdentifiers and DisabledSecurityControlIdentifiers must be \
                   given when ServiceEnabled is true.";
        return Err(invalid_input(op, msg));
    }
    let ids = lists.iter().filter_map(|l| l.as_ref()).flatten();
    let custom = c.security_control_custom_parameters.iter().map(|cp| &cp.security_control_id);
    if let Some(bad) = ids.chain(custom).find(|id| !security_control_shaped(id)) {
        return Err(invalid_input(op, format!("{bad:?} is not a security control identifier.")));
    }
    for cp in &c.security_control_custom_parameters {
        for (name, pc) in &cp.parameters {
            enum_value(op, "ParameterConfiguration.ValueType", &pc.value_type, &["DEFAULT", "CUSTOM"])?;
            if (pc.value_type == "CUSTOM") != pc.value.is_some() {
                let msg = format!(
                    "Parameter {name} of {}: a CUSTOM value type needs a value and DEFAULT takes none.",
                    cp.security_control_id
                );
                return Err(invalid_input(op, msg));
            }
        }
    }
    Ok(p.clone())
}

fn policy_of(d: &Data, region: &str, id: &str, e: &PolicyEntry) -> ConfigurationPolicy {
    ConfigurationPolicy {
        id: id.to_string(),
        arn: format!("{}configuration-policy/{id}", d.arn_prefix("securityhub", region)),
        name: e.name.clone(),
        description: e.description.clone(),
        policy: e.policy.clone(),
    }
}

fn check_policy_name(op: Op, name: &str) -> CloudResult<()> {
    length(op, "Name", name, 1, 128)?;
    if !name.chars().all(|c| c.is_ascii_alphanumeric() || "-.!*/ _".contains(c)) {
        let msg = format!("Name {name:?} may hold only letters, digits, spaces and - . ! * / _");
        return Err(invalid_input(op, msg));
    }
    Ok(())
}

/// Automation rules live in the administrator account: an account whose organization has
/// another Security Hub administrator in the region may not manage them.
fn require_rule_owner(op: Op, d: &Data, region: &str, admin: Option<&str>) -> CloudResult<()> {
    require_hub(op, d, region, admin)?;
    match admin {
        Some(a) if a != d.account_id => Err(access_denied(
            op,
            format!("Only the Security Hub administrator account ({a}) can manage automation rules."),
        )),
        _ => Ok(()),
    }
}

/// An automation rule's settings, as Security Hub checks them.
fn check_rule(op: Op, r: &AutomationRule) -> CloudResult<()> {
    length(op, "RuleName", &r.name, 1, 256)?;
    length(op, "Description", &r.description, 1, 1024)?;
    if !(1..=1000).contains(&r.order) {
        return Err(invalid_input(op, format!("RuleOrder must be between 1 and 1000, got {}.", r.order)));
    }
    if !r.status.is_empty() {
        enum_value(op, "RuleStatus", &r.status, &["ENABLED", "DISABLED"])?;
    }
    check_criteria(op, &r.criteria)?;
    let [action] = r.actions.as_slice() else {
        return Err(invalid_input(op, "Actions must hold exactly one action."));
    };
    enum_value(op, "Actions.Type", &action.r#type, &["FINDING_FIELDS_UPDATE"])?;
    let Some(u) = &action.finding_fields_update else {
        return Err(invalid_input(op, "A FINDING_FIELDS_UPDATE action needs FindingFieldsUpdate."));
    };
    if u == &Default::default() {
        return Err(invalid_input(op, "FindingFieldsUpdate must update at least one field."));
    }
    for (field, v) in [("Confidence", u.confidence), ("Criticality", u.criticality)] {
        if v.is_some_and(|v| !(0..=100).contains(&v)) {
            return Err(invalid_input(op, format!("{field} must be between 0 and 100.")));
        }
    }
    if let Some(s) = u.workflow.as_ref().and_then(|w| w.status.as_deref()) {
        enum_value(op, "Workflow.Status", s, &["NEW", "NOTIFIED", "RESOLVED", "SUPPRESSED"])?;
    }
    if let Some(v) = &u.verification_state {
        enum_value(op, "VerificationState", v, &["UNKNOWN", "TRUE_POSITIVE", "FALSE_POSITIVE", "BENIGN_POSITIVE"])?;
    }
    if let Some(l) = u.severity.as_ref().and_then(|s| s.label.as_deref()) {
        enum_value(op, "Severity.Label", l, &["INFORMATIONAL", "LOW", "MEDIUM", "HIGH", "CRITICAL"])?;
    }
    if let Some(n) = &u.note {
        length(op, "Note.Text", &n.text, 1, 512)?;
        length(op, "Note.UpdatedBy", &n.updated_by, 1, 512)?;
    }
    if u.related_findings.as_ref().is_some_and(|l| l.len() > 10) {
        return Err(invalid_input(op, "RelatedFindings may hold at most 10 findings."));
    }
    if u.types.as_ref().is_some_and(|l| l.len() > 50) || u.user_defined_fields.as_ref().is_some_and(|m| m.len() > 50) {
        return Err(invalid_input(op, "Types and UserDefinedFields may hold at most 50 entries each."));
    }
    Ok(())
}

/// Finding filters, member by member as the table gives their kinds: at most 20 filters a
/// member, the comparisons each kind allows, a date filter's range or ends.
pub(crate) fn check_criteria(op: Op, f: &FindingFilters) -> CloudResult<()> {
    let json = f.to_json();
    let Some(members) = json.as_object() else { return Ok(()) };
    for (api, filters) in members {
        let Some(c) = CRITERIA.iter().find(|c| c.api == api) else { continue };
        let filters = filters.as_array().map(Vec::as_slice).unwrap_or_default();
        if filters.len() > 20 {
            return Err(invalid_input(op, format!("{api} may hold at most 20 filters.")));
        }
        for filter in filters {
            let text = |k: &str| filter.get(k).and_then(serde_json::Value::as_str).unwrap_or_default().to_string();
            match c.kind {
                Kind::String => enum_value(op, &format!("{api}.Comparison"), &text("Comparison"), &STRING_COMPARISONS)?,
                Kind::Map => enum_value(op, &format!("{api}.Comparison"), &text("Comparison"), &MAP_COMPARISONS)?,
                Kind::Number => {
                    if filter.as_object().is_none_or(|o| o.is_empty()) {
                        return Err(invalid_input(op, format!("A {api} filter needs at least one bound.")));
                    }
                }
                Kind::Date => match filter.get("DateRange") {
                    Some(r) => {
                        let unit = r.get("Unit").and_then(serde_json::Value::as_str).unwrap_or_default();
                        enum_value(op, &format!("{api}.DateRange.Unit"), unit, &["DAYS"])?;
                    }
                    None if filter.get("Start").is_none() && filter.get("End").is_none() => {
                        return Err(invalid_input(op, format!("A {api} filter needs Start and End or a DateRange.")));
                    }
                    None => {
                        for k in ["Start", "End"] {
                            let t = text(k);
                            if filter.get(k).is_some() && chrono::DateTime::parse_from_rfc3339(&t).is_err() {
                                return Err(invalid_input(op, format!("{api}.{k} {t:?} is not an RFC 3339 time.")));
                            }
                        }
                    }
                },
            }
        }
    }
    Ok(())
}

fn rule_of(arn: &str, e: &RuleEntry) -> AutomationRule {
    AutomationRule {
        arn: arn.to_string(),
        name: e.name.clone(),
        order: e.order,
        description: e.description.clone(),
        status: e.status.clone(),
        is_terminal: e.is_terminal,
        criteria: e.criteria.clone(),
        actions: e.actions.clone(),
    }
}

/// A target of a configuration policy: the organization's root, one of its accounts, or an OU
/// (the sandbox's organization has none).
fn check_target(
    op: Op,
    org: &crate::services::organizations::sandbox::OrganizationState,
    target: &str,
) -> CloudResult<()> {
    let root = crate::services::organizations::sandbox::root_id_of(&org.id);
    let found = if target.starts_with("r-") {
        !org.id.is_empty() && target == root
    } else if target.starts_with("ou-") {
        false
    } else if target.len() == 12 && target.bytes().all(|b| b.is_ascii_digit()) {
        org.accounts.iter().any(|a| a.id == target)
    } else {
        return Err(invalid_input(op, format!("Target {target:?} is not a root, organizational unit or account id.")));
    };
    if !found {
        return Err(not_found(op, format!("The target {target} is not part of the organization.")));
    }
    Ok(())
}

/// Organization configuration calls: the caller must be the region's delegated administrator.
fn require_org_admin(op: Op, d: &Data, region: &str, admin: Option<&str>) -> CloudResult<()> {
    if admin != Some(d.account_id.as_str()) {
        let msg = format!(
            "Account {} is not the Security Hub administrator account of the organization in {region} ({}).",
            d.account_id,
            admin.map_or("none is designated".to_string(), |a| format!("it is {a}"))
        );
        return Err(access_denied(op, msg));
    }
    require_hub(op, d, region, admin).map(|_| ())
}

/// An organization configuration never set: local configuration, nothing enabled for new
/// accounts.
fn default_org_config() -> OrgConfig {
    OrgConfig { auto_enable: false, auto_enable_standards: "DEFAULT".into(), configuration_type: "LOCAL".into() }
}
