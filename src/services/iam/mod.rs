//! AWS Identity and Access Management (global): roles, service-linked roles and inline
//! policies. Policy documents cross this interface URL-decoded, as plain JSON text.

pub mod aws;
pub(crate) mod sandbox;

use async_trait::async_trait;
use serde::{Deserialize, Serialize};

use crate::cloud::{CloudResult, Tags};

/// Services whose service-linked role AWS names otherwise than `AWSServiceRoleFor` and the
/// service's words in camel case, with that name's end; and whether `CreateServiceLinkedRole`
/// takes a `CustomSuffix` for them (a service with one role per account refuses one).
pub const KNOWN_SLRS: [(&str, &str, bool); 8] = [
    ("inspector.amazonaws.com", "AmazonInspector", false),
    ("inspector2.amazonaws.com", "AmazonInspector2", false),
    ("events.amazonaws.com", "CloudWatchEvents", false),
    ("guardduty.amazonaws.com", "AmazonGuardDuty", false),
    ("config.amazonaws.com", "Config", false),
    ("securityhub.amazonaws.com", "SecurityHub", false),
    ("autoscaling.amazonaws.com", "AutoScaling", true),
    ("elasticbeanstalk.amazonaws.com", "ElasticBeanstalk", true),
];

/// Application Auto Scaling's service principals (`<resource>.application-autoscaling.amazonaws.com`)
/// and the suffix AWS gives each one's role, `AWSServiceRoleForApplicationAutoScaling_<suffix>`
/// (a suffix of AWS's choosing: these services refuse a `CustomSuffix`).
pub const APPLICATION_AUTOSCALING_SLRS: [(&str, &str); 14] = [
    ("appstream", "AppStreamFleet"),
    ("cassandra", "CassandraTable"),
    ("comprehend", "ComprehendEndpoint"),
    ("custom-resource", "CustomResource"),
    ("dynamodb", "DynamoDBTable"),
    ("ec2", "EC2SpotFleetRequest"),
    ("ecs", "ECSService"),
    ("elasticache", "ElastiCacheRG"),
    ("kafka", "KafkaCluster"),
    ("lambda", "LambdaConcurrency"),
    ("neptune", "NeptuneCluster"),
    ("rds", "RDSCluster"),
    ("sagemaker", "SageMakerEndpoint"),
    ("workspaces", "WorkSpacesPool"),
];

/// The name AWS gives the service-linked role of service principal `service`
/// (`AWSServiceRoleFor…`), or `None` if `service` is not a service principal.
pub fn service_linked_role_name(service: &str) -> Option<String> {
    let prefix = service.strip_suffix(".amazonaws.com")?;
    let word_ok = |w: &str| !w.is_empty() && w.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit());
    if !prefix.split(['.', '-']).all(word_ok) {
        return None;
    }
    if let Some((_, known, _)) = KNOWN_SLRS.iter().find(|(s, ..)| *s == service) {
        return Some(format!("AWSServiceRoleFor{known}"));
    }
    if let Some(resource) = prefix.strip_suffix(".application-autoscaling") {
        let (_, suffix) = APPLICATION_AUTOSCALING_SLRS.iter().find(|(r, _)| *r == resource)?;
        return Some(format!("AWSServiceRoleForApplicationAutoScaling_{suffix}"));
    }
    let camel: String = prefix
        .split(['.', '-'])
        .map(|w| w[..1].to_ascii_uppercase() + &w[1..]) // words are non-empty ASCII, checked above
        .collect();
    Some(format!("AWSServiceRoleFor{camel}"))
}

/// True when `CreateServiceLinkedRole` takes a `CustomSuffix` for `service`: not for the
/// services with one role per account, nor for Application Auto Scaling's (AWS names theirs).
pub fn takes_custom_suffix(service: &str) -> bool {
    match KNOWN_SLRS.iter().find(|(s, ..)| *s == service) {
        Some((.., takes)) => *takes,
        None => !service.contains(".application-autoscaling."),
    }
}

/// The custom suffix of a service-linked role's name, as the provider reads it back
/// (`DecodeServiceLinkedRoleID`): what follows its one `_` (for Application Auto Scaling's
/// roles, the suffix AWS chose).
pub fn service_linked_role_suffix(name: &str) -> Option<&str> {
    let mut parts = name.split('_');
    match (parts.next(), parts.next(), parts.next()) {
        (Some(_), Some(suffix), None) => Some(suffix),
        _ => None,
    }
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

/// A role with its policies, as an account-wide listing describes it (see
/// [`Iam::role_details`]).
#[derive(Debug, Clone, PartialEq)]
pub struct RoleDetails {
    pub role: IamRole,
    /// Inline policies by name (documents URL-decoded).
    pub inline: std::collections::BTreeMap<String, String>,
    /// ARNs of the attached managed policies.
    pub attached: Vec<String>,
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

/// A customer managed policy as `GetPolicy` describes it, with the document of its default
/// version (`GetPolicyVersion`, URL-decoded).
#[derive(Debug, Clone, PartialEq)]
pub struct ManagedPolicy {
    pub name: String,
    pub arn: String,
    pub policy_id: String,
    pub path: String,
    pub description: Option<String>,
    pub default_version_id: String,
    pub attachment_count: i64,
    pub tags: Tags,
    pub document: String,
}

/// Input of `CreatePolicy`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CreatePolicyInput {
    pub name: String,
    pub path: String,
    pub description: Option<String>,
    pub document: String,
    pub tags: Tags,
}

/// One version of a managed policy (`ListPolicyVersions`), oldest first.
#[derive(Debug, Clone, PartialEq)]
pub struct PolicyVersion {
    pub version_id: String,
    pub is_default: bool,
    pub create_date: String,
}

/// The account's password policy (`GetAccountPasswordPolicy`). `expire_passwords` is output
/// only: true when `max_password_age` is set.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct PasswordPolicy {
    pub minimum_password_length: i64,
    pub require_symbols: bool,
    pub require_numbers: bool,
    pub require_uppercase_characters: bool,
    pub require_lowercase_characters: bool,
    pub allow_users_to_change_password: bool,
    pub expire_passwords: bool,
    pub max_password_age: Option<i64>,
    pub password_reuse_prevention: Option<i64>,
    pub hard_expiry: bool,
}

/// The IAM operations baseline uses; each method is one AWS call unless it says otherwise.
#[async_trait]
pub trait Iam: Send + Sync {
    /// `CreateServiceLinkedRole`. Fails with `AlreadyExists` ("has been taken") when it exists.
    async fn create_service_linked_role(
        &self,
        aws_service_name: &str,
        description: Option<&str>,
        custom_suffix: Option<&str>,
    ) -> CloudResult<IamRole>;
    /// `DeleteServiceLinkedRole`; returns the deletion task id.
    async fn delete_service_linked_role(&self, role_name: &str) -> CloudResult<String>;
    /// `GetRole` (+ `ListRoleTags`); `Ok(None)` when the role does not exist.
    async fn get_role(&self, role_name: &str) -> CloudResult<Option<IamRole>>;
    /// Every role of the account with its inline and attached policies and tags:
    /// `GetAccountAuthorizationDetails` (roles only) and `ListRoles` (which alone gives a
    /// role's description and maximum session), each paginated 1,000 roles a call.
    async fn role_details(&self) -> CloudResult<Vec<RoleDetails>>;
    /// `CreateRole`. Fails with `AlreadyExists` when the name is used.
    async fn create_role(&self, input: &CreateRoleInput) -> CloudResult<IamRole>;
    /// `UpdateRole`: description and maximum session duration.
    async fn update_role(
        &self,
        role_name: &str,
        description: Option<&str>,
        max_session_duration: Option<i64>,
    ) -> CloudResult<()>;
    /// `UpdateAssumeRolePolicy`.
    async fn update_assume_role_policy(&self, role_name: &str, document: &str) -> CloudResult<()>;
    /// `PutRolePermissionsBoundary` (`Some`) or `DeleteRolePermissionsBoundary` (`None`).
    async fn set_permissions_boundary(&self, role_name: &str, arn: Option<&str>) -> CloudResult<()>;
    /// `TagRole`.
    async fn tag_role(&self, role_name: &str, tags: &Tags) -> CloudResult<()>;
    /// `UntagRole`.
    async fn untag_role(&self, role_name: &str, keys: &[String]) -> CloudResult<()>;
    /// `DeleteRole`. Fails with `Conflict` while inline policies remain or managed policies
    /// are attached.
    async fn delete_role(&self, role_name: &str) -> CloudResult<()>;
    /// `ListRolePolicies`: inline policy names, sorted.
    async fn list_role_policies(&self, role_name: &str) -> CloudResult<Vec<String>>;
    /// `GetRolePolicy`: the URL-decoded document; `Ok(None)` when role or policy is missing.
    async fn get_role_policy(&self, role_name: &str, policy_name: &str) -> CloudResult<Option<String>>;
    /// `PutRolePolicy` (creates or replaces).
    async fn put_role_policy(&self, role_name: &str, policy_name: &str, document: &str) -> CloudResult<()>;
    /// `DeleteRolePolicy`.
    async fn delete_role_policy(&self, role_name: &str, policy_name: &str) -> CloudResult<()>;
    /// `ListAttachedRolePolicies`: the ARNs of the managed policies attached to the role;
    /// `NotFound` when the role is missing.
    async fn list_attached_role_policies(&self, role_name: &str) -> CloudResult<Vec<String>>;
    /// `AttachRolePolicy`.
    async fn attach_role_policy(&self, role_name: &str, policy_arn: &str) -> CloudResult<()>;
    /// `DetachRolePolicy`; `NotFound` when it is not attached.
    async fn detach_role_policy(&self, role_name: &str, policy_arn: &str) -> CloudResult<()>;
    /// `GetPolicy` + `GetPolicyVersion` of the default version; `Ok(None)` when the policy
    /// does not exist.
    async fn get_policy(&self, arn: &str) -> CloudResult<Option<ManagedPolicy>>;
    /// `ListPolicies` (paginated): `(name, arn)` of every policy under `path_prefix`, customer
    /// managed only when `local_only`.
    async fn list_policies(&self, path_prefix: Option<&str>, local_only: bool) -> CloudResult<Vec<(String, String)>>;
    /// `CreatePolicy` (+ nothing else: the document becomes version `v1`, the default).
    async fn create_policy(&self, input: &CreatePolicyInput) -> CloudResult<ManagedPolicy>;
    /// `ListPolicyVersions`, oldest first.
    async fn list_policy_versions(&self, arn: &str) -> CloudResult<Vec<PolicyVersion>>;
    /// `CreatePolicyVersion` made the default; returns its id. Fails with `LimitExceeded`
    /// when the policy has five versions already.
    async fn create_policy_version(&self, arn: &str, document: &str) -> CloudResult<String>;
    /// `DeletePolicyVersion` (not the default one).
    async fn delete_policy_version(&self, arn: &str, version_id: &str) -> CloudResult<()>;
    /// `DeletePolicy`. Fails with `Conflict` while it is attached or has other versions.
    async fn delete_policy(&self, arn: &str) -> CloudResult<()>;
    /// `TagPolicy`.
    async fn tag_policy(&self, arn: &str, tags: &Tags) -> CloudResult<()>;
    /// `UntagPolicy`.
    async fn untag_policy(&self, arn: &str, keys: &[String]) -> CloudResult<()>;
    /// `GetAccountPasswordPolicy`; `Ok(None)` when the account has none.
    async fn get_account_password_policy(&self) -> CloudResult<Option<PasswordPolicy>>;
    /// `UpdateAccountPasswordPolicy` (creates or replaces the whole policy; unset numbers are
    /// cleared).
    async fn update_account_password_policy(&self, policy: &PasswordPolicy) -> CloudResult<()>;
    /// `DeleteAccountPasswordPolicy`.
    async fn delete_account_password_policy(&self) -> CloudResult<()>;
}
