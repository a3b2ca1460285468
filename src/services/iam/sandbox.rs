//! IAM in the sandbox: roles (keyed by name, case-insensitively unique), service-linked
//! roles with their real names, inline policies, and IAM's validation rules and errors.

use std::collections::BTreeMap;

use async_trait::async_trait;
use serde::{Deserialize, Serialize};

use crate::cloud::sandbox::table::Table;
use crate::cloud::{CloudError, CloudResult, ErrorKind, Tags};
use crate::services::sandbox::*;

use super::{
    service_linked_role_name, takes_custom_suffix, CreatePolicyInput, CreateRoleInput, Iam, IamRole, ManagedPolicy,
    PasswordPolicy, PolicyVersion, RoleDetails, KNOWN_SLRS,
};

pub(crate) const IAM_NAME_CHARS: &str = "_+=,.@-";
pub(crate) const SLR_PATH_PREFIX: &str = "/aws-service-role/";

/// IAM's part of the account file.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub(crate) struct IamState {
    pub(crate) roles: Table<Role>,
    /// Customer managed policies, keyed by name (unique in the account whatever the path).
    pub(crate) policies: Table<Policy>,
    pub(crate) password_policy: Option<PasswordPolicy>,
}

crate::sandbox_tables!(IamState: roles, policies);

/// A customer managed policy and its versions (at most five, one the default).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub(crate) struct Policy {
    #[serde(default = "default_path")]
    pub(crate) path: String,
    pub(crate) policy_id: String,
    pub(crate) create_date: String,
    pub(crate) description: Option<String>,
    pub(crate) tags: Tags,
    /// Oldest first.
    pub(crate) versions: Vec<Version>,
    pub(crate) default_version: String,
    /// The number of the last version created (`v3` → 3); ids are never reused.
    pub(crate) last_version: u32,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub(crate) struct Version {
    pub(crate) id: String,
    pub(crate) document: Doc,
    pub(crate) create_date: String,
}

/// A policy's versions are capped at five, as in IAM.
const MAX_POLICY_VERSIONS: usize = 5;

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub(crate) struct Role {
    #[serde(default = "default_path")]
    pub(crate) path: String,
    #[serde(default)]
    pub(crate) role_id: String,
    #[serde(default)]
    pub(crate) create_date: String,
    #[serde(default)]
    pub(crate) assume_role_policy_document: Doc,
    #[serde(default)]
    pub(crate) description: Option<String>,
    #[serde(default = "default_session")]
    pub(crate) max_session_duration: i64,
    #[serde(default)]
    pub(crate) permissions_boundary: Option<String>,
    #[serde(default)]
    pub(crate) tags: Tags,
    #[serde(default)]
    pub(crate) inline_policies: BTreeMap<String, Doc>,
    /// ARNs of attached managed policies, in attachment order.
    #[serde(default)]
    pub(crate) attached_policies: Vec<String>,
}

impl Data {
    /// IAM names are unique, and looked up, without regard to case.
    pub(crate) fn role_key(&self, name: &str) -> Option<String> {
        self.iam.roles.keys().find(|k| k.eq_ignore_ascii_case(name)).cloned()
    }

    pub(crate) fn role(&self, name: &str) -> Option<&Role> {
        self.role_key(name).and_then(|k| self.iam.roles.get(&k))
    }

    pub(crate) fn role_mut(&mut self, op: Op, name: &str) -> CloudResult<(String, &mut Role)> {
        let key = self.role_key(name).ok_or_else(|| no_such_role(op, name))?;
        let role = self.iam.roles.get_mut(&key).ok_or_else(|| no_such_role(op, name))?;
        Ok((key, role))
    }

    pub(crate) fn describe_role(&self, name: &str, role: &Role) -> IamRole {
        IamRole {
            name: name.to_string(),
            arn: format!("arn:aws:iam::{}:role{}{name}", self.account_id, role.path),
            role_id: role.role_id.clone(),
            path: role.path.clone(),
            create_date: role.create_date.clone(),
            assume_role_policy_document: role.assume_role_policy_document.0.clone(),
            description: role.description.clone(),
            max_session_duration: role.max_session_duration,
            permissions_boundary: role.permissions_boundary.clone(),
            tags: role.tags.clone(),
        }
    }

    pub(crate) fn insert_role(&mut self, name: &str, mut role: Role) -> IamRole {
        role.role_id = format!("AROA{}", self.fresh_id(IAM_ALPHABET, 17));
        role.create_date = now_rfc3339();
        let out = self.describe_role(name, &role);
        self.iam.roles.insert(name.to_string(), role);
        out
    }

    pub(crate) fn insert_service_linked_role(&mut self, service: &str, name: &str, desc: Option<&str>) -> IamRole {
        let trust = serde_json::json!({
            "Version": "2012-10-17",
            "Statement": [{ "Effect": "Allow", "Principal": { "Service": service },
                            "Action": "sts:AssumeRole" }]
        });
        let role = Role {
            path: format!("{SLR_PATH_PREFIX}{service}/"),
            assume_role_policy_document: Doc(trust.to_string()),
            description: desc.map(str::to_string),
            max_session_duration: 3600,
            ..Role::default()
        };
        self.insert_role(name, role)
    }

    /// Inspector Classic registers its service-linked role on first use, as AWS documents.
    pub(crate) fn ensure_inspector_slr(&mut self) {
        let (service, suffix, _) = KNOWN_SLRS[0];
        self.ensure_slr(service, &format!("AWSServiceRoleFor{suffix}"));
    }

    /// `service` registers its service-linked role `name` on first use (Inspector Classic,
    /// GuardDuty), as AWS documents.
    pub(crate) fn ensure_slr(&mut self, service: &str, name: &str) {
        if self.role_key(name).is_none() {
            self.insert_service_linked_role(service, name, None);
        }
    }
}

impl Data {
    pub(crate) fn policy_arn(&self, name: &str, p: &Policy) -> String {
        format!("arn:aws:iam::{}:policy{}{name}", self.account_id, p.path)
    }

    /// The name of the customer managed policy with ARN `arn`.
    pub(crate) fn policy_by_arn(&self, arn: &str) -> Option<String> {
        self.iam.policies.iter().find(|(n, p)| self.policy_arn(n, p) == arn).map(|(n, _)| n.clone())
    }

    fn policy_mut(&mut self, op: Op, arn: &str) -> CloudResult<&mut Policy> {
        let name = self.policy_by_arn(arn).ok_or_else(|| no_such_policy(op, arn))?;
        self.iam.policies.get_mut(&name).ok_or_else(|| no_such_policy(op, arn))
    }

    fn attachments(&self, arn: &str) -> i64 {
        self.iam.roles.values().filter(|r| r.attached_policies.iter().any(|a| a == arn)).count() as i64
    }

    fn describe_policy(&self, name: &str, p: &Policy) -> ManagedPolicy {
        let arn = self.policy_arn(name, p);
        let document = p.versions.iter().find(|v| v.id == p.default_version).map(|v| v.document.0.clone());
        ManagedPolicy {
            name: name.to_string(),
            attachment_count: self.attachments(&arn),
            arn,
            policy_id: p.policy_id.clone(),
            path: p.path.clone(),
            description: p.description.clone(),
            default_version_id: p.default_version.clone(),
            tags: p.tags.clone(),
            document: document.unwrap_or_default(),
        }
    }
}

fn no_such_policy(op: Op, arn: &str) -> CloudError {
    op.not_found("NoSuchEntity", format!("Policy {arn} does not exist or is not attachable."))
}

fn check_password_policy(op: Op, p: &PasswordPolicy) -> CloudResult<()> {
    let bounds = [
        ("minimumPasswordLength", Some(p.minimum_password_length), 6, 128),
        ("maxPasswordAge", p.max_password_age, 1, 1095),
        ("passwordReusePrevention", p.password_reuse_prevention, 1, 24),
    ];
    for (field, v, lo, hi) in bounds {
        if let Some(v) = v.filter(|v| !(lo..=hi).contains(v)) {
            let rule = format!("Member must have value between {lo} and {hi}");
            return Err(constraint(op, "ValidationError", field, &v.to_string(), &rule));
        }
    }
    Ok(())
}

pub(crate) fn no_such_role(op: Op, name: &str) -> CloudError {
    op.not_found("NoSuchEntity", format!("The role with name {name} cannot be found."))
}

/// A policy document as IAM parses it: a JSON object without repeated keys, whose statements'
/// `Action`, `NotAction`, `Resource` and `NotResource` are a string or a list of strings;
/// each action `*` or `<service>:<action>`, each resource `*` or an ARN (IAM's policy grammar:
/// an empty string is neither).
pub(crate) fn check_policy(op: Op, document: &str) -> CloudResult<()> {
    if !is_json_object(document) {
        return Err(op.invalid("MalformedPolicyDocument", "This policy contains invalid Json"));
    }
    if let Some(key) = duplicate_json_key(document) {
        return Err(op.invalid("MalformedPolicyDocument", format!("Duplicate key in policy: {key}")));
    }
    let doc: serde_json::Value = serde_json::from_str(document).unwrap_or_default();
    let strings = |v: &serde_json::Value| match v {
        serde_json::Value::String(_) => true,
        serde_json::Value::Array(a) => a.iter().all(serde_json::Value::is_string),
        _ => false,
    };
    for s in crate::policy::statements(&doc) {
        // IAM's own rule (a KMS key or topic policy takes any Sid, so the document data source
        // does not check it).
        if s.get("Sid")
            .and_then(serde_json::Value::as_str)
            .is_some_and(|sid| !sid.chars().all(|c| c.is_ascii_alphanumeric()))
        {
            return Err(op.invalid(
                "MalformedPolicyDocument",
                "Statement IDs (SID) must be alpha-numeric. Check that your input satisfies the regular expression [0-9A-Za-z]*",
            ));
        }
        for key in ["Action", "NotAction", "Resource", "NotResource"] {
            if s.get(key).is_some_and(|v| !strings(v)) {
                return Err(op.invalid("MalformedPolicyDocument", "Syntax errors in policy."));
            }
        }
        for key in ["Action", "NotAction"] {
            if let Some(problem) = listed(s.get(key)).find_map(action_problem) {
                return Err(op.invalid("MalformedPolicyDocument", problem));
            }
        }
        for key in ["Resource", "NotResource"] {
            if let Some(r) = listed(s.get(key)).find(|r| *r != "*" && !r.starts_with("arn:")) {
                return Err(
                    op.invalid("MalformedPolicyDocument", format!("Resource {r} must be in ARN format or \"*\"."))
                );
            }
        }
    }
    Ok(())
}

/// The strings of a statement element (one string or a list of them).
fn listed(v: Option<&serde_json::Value>) -> impl Iterator<Item = &str> {
    let items: Vec<&serde_json::Value> = match v {
        Some(serde_json::Value::Array(a)) => a.iter().collect(),
        Some(one) => vec![one],
        None => vec![],
    };
    items.into_iter().filter_map(serde_json::Value::as_str)
}

/// What IAM says of an action that is not `*` nor `<service>:<action>` (the policy grammar's
/// `action_string`); `None` for a well-formed one.
fn action_problem(action: &str) -> Option<&'static str> {
    if action == "*" {
        return None;
    }
    match action.split_once(':') {
        None => Some("Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc."),
        Some((_, rest)) if rest.contains(':') => Some("Actions/Condition can contain only one colon."),
        Some((vendor, _)) if vendor.contains(['*', '?']) => {
            Some("Action vendors (e.g., aws, ec2, etc.) must not contain wildcards")
        }
        _ => None,
    }
}

/// A document within its quota of `max` characters, which IAM counts leaving out white space
/// (`quota` names it in the error, as IAM does).
pub(crate) fn check_policy_size(op: Op, document: &str, max: usize, quota: &str) -> CloudResult<()> {
    if crate::policy::counted_size(document) > max {
        return Err(op.err(ErrorKind::Other, "LimitExceeded", format!("Cannot exceed quota for {quota}: {max}")));
    }
    Ok(())
}

pub(crate) fn check_iam_tags(op: Op, tags: &Tags) -> CloudResult<()> {
    match tag_problem(tags, 50, 0) {
        Some(p) if tags.len() > 50 => Err(op.invalid("LimitExceeded", p)),
        Some(p) => Err(op.invalid("ValidationError", p)),
        None => Ok(()),
    }
}

pub(crate) fn ensure_modifiable(op: Op, name: &str, role: &Role) -> CloudResult<()> {
    if role.path.starts_with(SLR_PATH_PREFIX) {
        let msg = format!(
            "Cannot perform the operation on the protected role '{name}' - this role is only modifiable by AWS"
        );
        return Err(op.invalid("UnmodifiableEntity", msg));
    }
    Ok(())
}

pub(crate) fn check_iam_path(op: Op, path: &str) -> CloudResult<()> {
    let printable = path.chars().all(|c| ('!'..='~').contains(&c));
    let well_formed = path.len() <= 512 && path.starts_with('/') && path.ends_with('/') && printable;
    if !well_formed {
        let rule = "Member must be '/' or start and end with '/'";
        return Err(constraint(op, "ValidationError", "path", path, rule));
    }
    if path.starts_with(SLR_PATH_PREFIX) {
        let msg = format!("The path prefix {SLR_PATH_PREFIX} is reserved for service-linked roles.");
        return Err(op.invalid("ValidationError", msg));
    }
    Ok(())
}

pub(crate) fn check_session_duration(op: Op, seconds: i64) -> CloudResult<()> {
    if !(3600..=43_200).contains(&seconds) {
        let rule = "Member must have value between 3600 and 43200";
        return Err(constraint(op, "ValidationError", "maxSessionDuration", &seconds.to_string(), rule));
    }
    Ok(())
}

pub(crate) fn check_boundary(op: Op, arn: &str) -> CloudResult<()> {
    match arn_parts(arn) {
        Some([_, _, "iam", "", _, res]) if res.starts_with("policy/") => Ok(()),
        _ => Err(op.invalid("InvalidInput", format!("ARN {arn} is not valid."))),
    }
}

#[async_trait]
impl Iam for Sandbox {
    async fn create_service_linked_role(
        &self,
        service: &str,
        description: Option<&str>,
        custom_suffix: Option<&str>,
    ) -> CloudResult<IamRole> {
        let op = Op("iam", "CreateServiceLinkedRole");
        self.write(op, |d| {
            let base = service_linked_role_name(service)
                .ok_or_else(|| op.invalid("InvalidInput", format!("Invalid service name {service}.")))?;
            let name = match custom_suffix {
                Some(_) if !takes_custom_suffix(service) => {
                    let msg = format!("Custom suffix is not allowed for {service}.");
                    return Err(op.invalid("InvalidInput", msg));
                }
                Some(suffix) => {
                    check_name(op, "ValidationError", "customSuffix", suffix, 64, IAM_NAME_CHARS)?;
                    format!("{base}_{suffix}")
                }
                None => base,
            };
            check_len(op, "ValidationError", "roleName", &name, 64)?;
            check_len(op, "ValidationError", "description", description.unwrap_or(""), 1000)?;
            if d.role_key(&name).is_some() {
                let msg =
                    format!("Service role name {name} has been taken in this account, please try a different suffix.");
                return Err(op.err(ErrorKind::AlreadyExists, "InvalidInput", msg));
            }
            Ok(d.insert_service_linked_role(service, &name, description))
        })
    }

    async fn delete_service_linked_role(&self, role_name: &str) -> CloudResult<String> {
        let op = Op("iam", "DeleteServiceLinkedRole");
        self.write(op, |d| {
            let (key, role) = d.role_mut(op, role_name)?;
            let Some(service) = role.path.strip_prefix(SLR_PATH_PREFIX).map(|s| s.trim_end_matches('/')) else {
                return Err(op.invalid("InvalidInput", format!("Role {key} is not a service-linked role.")));
            };
            let task_prefix = format!("task/aws-service-role/{service}/{key}");
            d.iam.roles.remove(&key);
            Ok(format!("{task_prefix}/{}", d.fresh_uuid()))
        })
    }

    async fn get_role(&self, role_name: &str) -> CloudResult<Option<IamRole>> {
        self.read(Op("iam", "GetRole"), |d| {
            let key = d.role_key(role_name);
            Ok(key.and_then(|k| d.iam.roles.get(&k).map(|r| d.describe_role(&k, r))))
        })
    }

    async fn role_details(&self) -> CloudResult<Vec<RoleDetails>> {
        let out: Vec<RoleDetails> = self.read(Op("iam", "ListRoles"), |d| {
            Ok(d.iam
                .roles
                .iter()
                .map(|(k, r)| RoleDetails {
                    role: d.describe_role(k, r),
                    inline: r.inline_policies.iter().map(|(n, doc)| (n.clone(), doc.0.clone())).collect(),
                    attached: r.attached_policies.clone(),
                })
                .collect())
        })?;
        // As AWS pages them: ListRoles and GetAccountAuthorizationDetails, 1,000 roles a call.
        let pages = out.len().div_ceil(1000).max(1);
        for _ in 1..pages {
            self.read(Op("iam", "ListRoles"), |_| Ok(()))?;
        }
        for _ in 0..pages {
            self.read(Op("iam", "GetAccountAuthorizationDetails"), |_| Ok(()))?;
        }
        Ok(out)
    }

    async fn create_role(&self, input: &CreateRoleInput) -> CloudResult<IamRole> {
        let op = Op("iam", "CreateRole");
        let created = self.write(op, |d| {
            check_name(op, "ValidationError", "roleName", &input.name, 64, IAM_NAME_CHARS)?;
            let path = if input.path.is_empty() { "/" } else { input.path.as_str() };
            check_iam_path(op, path)?;
            check_policy(op, &input.assume_role_policy_document)?;
            check_policy_size(op, &input.assume_role_policy_document, 2048, "ACLSizePerRole")?;
            let description = input.description.as_deref().unwrap_or("");
            check_len(op, "ValidationError", "description", description, 1000)?;
            let max_session_duration = input.max_session_duration.unwrap_or(3600);
            check_session_duration(op, max_session_duration)?;
            input.permissions_boundary.as_deref().map_or(Ok(()), |arn| check_boundary(op, arn))?;
            check_iam_tags(op, &input.tags)?;
            if d.role_key(&input.name).is_some() {
                let msg = format!("Role with name {} already exists.", input.name);
                return Err(op.err(ErrorKind::AlreadyExists, "EntityAlreadyExists", msg));
            }
            let role = Role {
                path: path.to_string(),
                assume_role_policy_document: Doc(input.assume_role_policy_document.clone()),
                description: input.description.clone(),
                max_session_duration,
                permissions_boundary: input.permissions_boundary.clone(),
                tags: input.tags.clone(),
                ..Role::default()
            };
            Ok(d.insert_role(&input.name, role))
        })?;
        // IAM answers with the role as stored, which a `~FIELD` fault changes after the call's
        // own work (see `cloud::sandbox`).
        let d = self.lock();
        Ok(d.role(&input.name).map_or(created, |r| d.describe_role(&input.name, r)))
    }

    async fn update_role(&self, name: &str, desc: Option<&str>, max_session: Option<i64>) -> CloudResult<()> {
        let op = Op("iam", "UpdateRole");
        self.write(op, |d| {
            let (_, role) = d.role_mut(op, name)?;
            if let Some(desc) = desc {
                check_len(op, "ValidationError", "description", desc, 1000)?;
                role.description = Some(desc.to_string());
            }
            if let Some(seconds) = max_session {
                check_session_duration(op, seconds)?;
                role.max_session_duration = seconds;
            }
            Ok(())
        })
    }

    async fn update_assume_role_policy(&self, name: &str, document: &str) -> CloudResult<()> {
        let op = Op("iam", "UpdateAssumeRolePolicy");
        self.write(op, |d| {
            let (key, role) = d.role_mut(op, name)?;
            ensure_modifiable(op, &key, role)?;
            check_policy(op, document)?;
            check_policy_size(op, document, 2048, "ACLSizePerRole")?;
            role.assume_role_policy_document = Doc(document.to_string());
            Ok(())
        })
    }

    async fn set_permissions_boundary(&self, name: &str, arn: Option<&str>) -> CloudResult<()> {
        let op = match arn {
            Some(_) => Op("iam", "PutRolePermissionsBoundary"),
            None => Op("iam", "DeleteRolePermissionsBoundary"),
        };
        self.write(op, |d| {
            let (key, role) = d.role_mut(op, name)?;
            ensure_modifiable(op, &key, role)?;
            arn.map_or(Ok(()), |arn| check_boundary(op, arn))?;
            role.permissions_boundary = arn.map(str::to_string);
            Ok(())
        })
    }

    async fn tag_role(&self, name: &str, tags: &Tags) -> CloudResult<()> {
        let op = Op("iam", "TagRole");
        self.write(op, |d| {
            let (_, role) = d.role_mut(op, name)?;
            role.tags.extend(tags.iter().map(|(k, v)| (k.clone(), v.clone())));
            check_iam_tags(op, &role.tags)
        })
    }

    async fn untag_role(&self, name: &str, keys: &[String]) -> CloudResult<()> {
        let op = Op("iam", "UntagRole");
        self.write(op, |d| {
            d.role_mut(op, name)?.1.tags.retain(|k, _| !keys.contains(k));
            Ok(())
        })
    }

    async fn delete_role(&self, name: &str) -> CloudResult<()> {
        let op = Op("iam", "DeleteRole");
        self.write(op, |d| {
            let (key, role) = d.role_mut(op, name)?;
            ensure_modifiable(op, &key, role)?;
            if !role.inline_policies.is_empty() {
                let msg = "Cannot delete entity, must delete policies first.";
                return Err(op.err(ErrorKind::Conflict, "DeleteConflict", msg));
            }
            if !role.attached_policies.is_empty() {
                let msg = "Cannot delete entity, must detach all policies first.";
                return Err(op.err(ErrorKind::Conflict, "DeleteConflict", msg));
            }
            d.iam.roles.remove(&key);
            Ok(())
        })
    }

    async fn list_role_policies(&self, name: &str) -> CloudResult<Vec<String>> {
        let op = Op("iam", "ListRolePolicies");
        self.read(op, |d| {
            let role = d.role(name).ok_or_else(|| no_such_role(op, name))?;
            Ok(role.inline_policies.keys().cloned().collect())
        })
    }

    async fn get_role_policy(&self, name: &str, policy: &str) -> CloudResult<Option<String>> {
        self.read(Op("iam", "GetRolePolicy"), |d| {
            Ok(d.role(name).and_then(|r| r.inline_policies.get(policy)).map(|doc| doc.0.clone()))
        })
    }

    async fn put_role_policy(&self, name: &str, policy: &str, document: &str) -> CloudResult<()> {
        let op = Op("iam", "PutRolePolicy");
        self.write(op, |d| {
            check_name(op, "ValidationError", "policyName", policy, 128, IAM_NAME_CHARS)?;
            let (key, role) = d.role_mut(op, name)?;
            ensure_modifiable(op, &key, role)?;
            check_policy(op, document)?;
            // The quota is on all of a role's inline policies together.
            let others: usize = role
                .inline_policies
                .iter()
                .filter(|(n, _)| n.as_str() != policy)
                .map(|(_, d)| crate::policy::counted_size(&d.0))
                .sum();
            let left = 10_240usize.saturating_sub(others);
            if crate::policy::counted_size(document) > left {
                let msg = format!("Maximum policy size of 10240 bytes exceeded for role {name}");
                return Err(op.err(ErrorKind::Other, "LimitExceeded", msg));
            }
            role.inline_policies.insert(policy.to_string(), Doc(document.to_string()));
            Ok(())
        })
    }

    async fn delete_role_policy(&self, name: &str, policy: &str) -> CloudResult<()> {
        let op = Op("iam", "DeleteRolePolicy");
        self.write(op, |d| {
            let (key, role) = d.role_mut(op, name)?;
            ensure_modifiable(op, &key, role)?;
            match role.inline_policies.remove(policy) {
                Some(_) => Ok(()),
                None => {
                    let msg = format!("The role policy with name {policy} cannot be found.");
                    Err(op.not_found("NoSuchEntity", msg))
                }
            }
        })
    }

    async fn list_attached_role_policies(&self, name: &str) -> CloudResult<Vec<String>> {
        let op = Op("iam", "ListAttachedRolePolicies");
        self.read(op, |d| Ok(d.role(name).ok_or_else(|| no_such_role(op, name))?.attached_policies.clone()))
    }

    /// AWS managed policies (`arn:aws:iam::aws:policy/...`) exist in every account; any other
    /// ARN must name one of the account's customer managed policies.
    async fn attach_role_policy(&self, name: &str, arn: &str) -> CloudResult<()> {
        let op = Op("iam", "AttachRolePolicy");
        self.write(op, |d| {
            let valid = arn.starts_with("arn:aws:iam::") && arn.contains(":policy/");
            if !valid {
                return Err(op.err(ErrorKind::Invalid, "InvalidInput", format!("ARN {arn} is not valid.")));
            }
            if !arn.starts_with("arn:aws:iam::aws:policy/") && d.policy_by_arn(arn).is_none() {
                return Err(no_such_policy(op, arn));
            }
            let (key, role) = d.role_mut(op, name)?;
            ensure_modifiable(op, &key, role)?;
            if !role.attached_policies.iter().any(|a| a == arn) {
                if role.attached_policies.len() >= 10 {
                    let msg = "Cannot exceed quota for PoliciesPerRole: 10";
                    return Err(op.err(ErrorKind::Other, "LimitExceeded", msg));
                }
                role.attached_policies.push(arn.to_string());
            }
            Ok(())
        })
    }

    async fn detach_role_policy(&self, name: &str, arn: &str) -> CloudResult<()> {
        let op = Op("iam", "DetachRolePolicy");
        self.write(op, |d| {
            let (key, role) = d.role_mut(op, name)?;
            ensure_modifiable(op, &key, role)?;
            match role.attached_policies.iter().position(|a| a == arn) {
                Some(i) => {
                    role.attached_policies.remove(i);
                    Ok(())
                }
                None => Err(op.not_found("NoSuchEntity", format!("Policy {arn} was not found."))),
            }
        })
    }

    async fn get_policy(&self, arn: &str) -> CloudResult<Option<ManagedPolicy>> {
        self.read(Op("iam", "GetPolicy"), |d| {
            Ok(d.policy_by_arn(arn).and_then(|n| d.iam.policies.get(&n).map(|p| d.describe_policy(&n, p))))
        })
    }

    async fn list_policies(&self, path_prefix: Option<&str>, _local_only: bool) -> CloudResult<Vec<(String, String)>> {
        // The sandbox keeps no AWS managed policies to list.
        self.read(Op("iam", "ListPolicies"), |d| {
            let under = |p: &Policy| path_prefix.is_none_or(|pre| p.path.starts_with(pre));
            Ok(d.iam.policies.iter().filter(|(_, p)| under(p)).map(|(n, p)| (n.clone(), d.policy_arn(n, p))).collect())
        })
    }

    async fn create_policy(&self, input: &CreatePolicyInput) -> CloudResult<ManagedPolicy> {
        let op = Op("iam", "CreatePolicy");
        self.write(op, |d| {
            check_name(op, "ValidationError", "policyName", &input.name, 128, IAM_NAME_CHARS)?;
            let path = if input.path.is_empty() { "/" } else { input.path.as_str() };
            check_iam_path(op, path)?;
            check_policy(op, &input.document)?;
            check_policy_size(op, &input.document, 6144, "PolicySize")?;
            check_len(op, "ValidationError", "description", input.description.as_deref().unwrap_or(""), 1000)?;
            check_iam_tags(op, &input.tags)?;
            if d.iam.policies.keys().any(|k| k.eq_ignore_ascii_case(&input.name)) {
                let msg = format!("A policy called {} already exists. Duplicate names are not allowed.", input.name);
                return Err(op.err(ErrorKind::AlreadyExists, "EntityAlreadyExists", msg));
            }
            let now = now_rfc3339();
            let policy = Policy {
                path: path.to_string(),
                policy_id: format!("ANPA{}", d.fresh_id(IAM_ALPHABET, 17)),
                create_date: now.clone(),
                description: input.description.clone(),
                tags: input.tags.clone(),
                versions: vec![Version { id: "v1".into(), document: Doc(input.document.clone()), create_date: now }],
                default_version: "v1".into(),
                last_version: 1,
            };
            let out = d.describe_policy(&input.name, &policy);
            d.iam.policies.insert(input.name.clone(), policy);
            Ok(out)
        })
    }

    async fn list_policy_versions(&self, arn: &str) -> CloudResult<Vec<PolicyVersion>> {
        let op = Op("iam", "ListPolicyVersions");
        self.read(op, |d| {
            let name = d.policy_by_arn(arn).ok_or_else(|| no_such_policy(op, arn))?;
            let p = &d.iam.policies[&name];
            Ok(p.versions
                .iter()
                .map(|v| PolicyVersion {
                    version_id: v.id.clone(),
                    is_default: v.id == p.default_version,
                    create_date: v.create_date.clone(),
                })
                .collect())
        })
    }

    async fn create_policy_version(&self, arn: &str, document: &str) -> CloudResult<String> {
        let op = Op("iam", "CreatePolicyVersion");
        self.write(op, |d| {
            check_policy(op, document)?;
            check_policy_size(op, document, 6144, "PolicySize")?;
            let p = d.policy_mut(op, arn)?;
            if p.versions.len() >= MAX_POLICY_VERSIONS {
                let msg = "A managed policy can have up to 5 versions. Before you create a new version, you must \
                           delete an existing version.";
                return Err(op.err(ErrorKind::Other, "LimitExceeded", msg));
            }
            p.last_version += 1;
            let id = format!("v{}", p.last_version);
            p.versions.push(Version {
                id: id.clone(),
                document: Doc(document.to_string()),
                create_date: now_rfc3339(),
            });
            p.default_version = id.clone();
            Ok(id)
        })
    }

    async fn delete_policy_version(&self, arn: &str, version_id: &str) -> CloudResult<()> {
        let op = Op("iam", "DeletePolicyVersion");
        self.write(op, |d| {
            let p = d.policy_mut(op, arn)?;
            if p.default_version == version_id {
                let msg = "Cannot delete the default version of a policy.";
                return Err(op.err(ErrorKind::Conflict, "DeleteConflict", msg));
            }
            let i = p.versions.iter().position(|v| v.id == version_id).ok_or_else(|| {
                op.not_found("NoSuchEntity", format!("Policy {arn} version {version_id} does not exist."))
            })?;
            p.versions.remove(i);
            Ok(())
        })
    }

    async fn delete_policy(&self, arn: &str) -> CloudResult<()> {
        let op = Op("iam", "DeletePolicy");
        self.write(op, |d| {
            let name = d.policy_by_arn(arn).ok_or_else(|| no_such_policy(op, arn))?;
            if d.attachments(arn) > 0 {
                let msg = "Cannot delete a policy attached to entities.";
                return Err(op.err(ErrorKind::Conflict, "DeleteConflict", msg));
            }
            if d.iam.policies[&name].versions.len() > 1 {
                let msg = "This policy has more than one version. Before you delete a policy, you must delete the \
                           policy's versions. The default version is deleted with the policy.";
                return Err(op.err(ErrorKind::Conflict, "DeleteConflict", msg));
            }
            d.iam.policies.remove(&name);
            Ok(())
        })
    }

    async fn tag_policy(&self, arn: &str, tags: &Tags) -> CloudResult<()> {
        let op = Op("iam", "TagPolicy");
        self.write(op, |d| {
            let p = d.policy_mut(op, arn)?;
            p.tags.extend(tags.iter().map(|(k, v)| (k.clone(), v.clone())));
            check_iam_tags(op, &p.tags)
        })
    }

    async fn untag_policy(&self, arn: &str, keys: &[String]) -> CloudResult<()> {
        let op = Op("iam", "UntagPolicy");
        self.write(op, |d| {
            d.policy_mut(op, arn)?.tags.retain(|k, _| !keys.contains(k));
            Ok(())
        })
    }

    async fn get_account_password_policy(&self) -> CloudResult<Option<PasswordPolicy>> {
        self.read(Op("iam", "GetAccountPasswordPolicy"), |d| Ok(d.iam.password_policy.clone()))
    }

    async fn update_account_password_policy(&self, policy: &PasswordPolicy) -> CloudResult<()> {
        let op = Op("iam", "UpdateAccountPasswordPolicy");
        self.write(op, |d| {
            check_password_policy(op, policy)?;
            d.iam.password_policy =
                Some(PasswordPolicy { expire_passwords: policy.max_password_age.is_some(), ..policy.clone() });
            Ok(())
        })
    }

    async fn delete_account_password_policy(&self) -> CloudResult<()> {
        let op = Op("iam", "DeleteAccountPasswordPolicy");
        self.write(op, |d| match d.iam.password_policy.take() {
            Some(_) => Ok(()),
            None => Err(op.not_found("NoSuchEntity", "The account policy with name PasswordPolicy cannot be found.")),
        })
    }
}

#[cfg(test)]
#[path = "sandbox_tests.rs"]
mod tests;
