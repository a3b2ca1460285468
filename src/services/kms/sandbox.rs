//! KMS in the sandbox: keys keyed by id per region (their ARN is derived, never stored), with
//! their key policy, rotation, tags and state; aliases keyed by name (unique per account and
//! region); grants keyed by grant id. KMS's rules as a user meets them: key spec and usage
//! pairs, the key policy lockout safety check, alias names, the 7–30 day deletion window,
//! rotation only of symmetric keys (90–2560 days), and a key pending deletion refused for
//! every use but reading (`KMSInvalidStateException`) until its deletion date, after which
//! it is gone. AWS managed aliases (`alias/aws/s3`) are listed in every region, and their key
//! is made on first use, as KMS does.

use async_trait::async_trait;
use serde::{Deserialize, Serialize};
use serde_json::Value as Json;

use super::{
    default_key_policy, key_id_of, Alias, CreateGrantInput, CreateKeyInput, Grant, GrantConstraints, KeyMetadata, Kms,
    ALIAS_PREFIX, AWS_ALIAS_PREFIX, GRANT_OPERATIONS, KEY_SPECS, KEY_USAGES,
};
use crate::cloud::sandbox::table::Table;
use crate::cloud::{CloudError, CloudResult, ErrorKind, Tags};
use crate::services::sandbox::*;

/// KMS's part of a region in the account file.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub(crate) struct KmsState {
    /// Keys by key id.
    pub(crate) keys: Table<Key>,
    /// Alias name → target key id.
    pub(crate) aliases: Table<String>,
    /// Grants by grant id.
    pub(crate) grants: Table<StoredGrant>,
}

crate::sandbox_tables!(KmsState: keys, aliases, grants);

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub(crate) struct Key {
    pub(crate) description: String,
    pub(crate) enabled: bool,
    pub(crate) key_usage: String,
    pub(crate) key_spec: String,
    pub(crate) policy: String,
    pub(crate) creation_date: String,
    pub(crate) multi_region: bool,
    /// An AWS managed key (made for an `alias/aws/…` alias).
    pub(crate) aws_managed: bool,
    pub(crate) rotation_enabled: bool,
    pub(crate) rotation_period_in_days: Option<i64>,
    /// Set while the key is pending deletion: when it goes, and the window it was given.
    pub(crate) deletion_date: Option<String>,
    pub(crate) pending_window_in_days: Option<i64>,
    pub(crate) tags: Tags,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub(crate) struct StoredGrant {
    pub(crate) key_id: String,
    pub(crate) name: Option<String>,
    pub(crate) grantee_principal: String,
    pub(crate) retiring_principal: Option<String>,
    pub(crate) operations: Vec<String>,
    pub(crate) constraints: Option<GrantConstraints>,
    pub(crate) token: String,
}

/// The services whose AWS managed key alias (`alias/aws/NAME`) every region lists.
const AWS_MANAGED: [&str; 19] = [
    "acm",
    "backup",
    "dynamodb",
    "ebs",
    "elasticfilesystem",
    "es",
    "fsx",
    "glue",
    "kinesis",
    "kinesisvideo",
    "lambda",
    "rds",
    "redshift",
    "s3",
    "secretsmanager",
    "sns",
    "sqs",
    "ssm",
    "xray",
];

const DEFAULT_WINDOW: i64 = 30;
const DEFAULT_ROTATION: i64 = 365;

fn not_found(op: Op, message: String) -> CloudError {
    op.not_found("NotFoundException", message)
}

fn invalid_state(op: Op, message: String) -> CloudError {
    op.err(ErrorKind::Other, "KMSInvalidStateException", message)
}

fn validation(op: Op, message: impl Into<String>) -> CloudError {
    op.invalid("ValidationException", message)
}

fn malformed_policy(op: Op, message: &str) -> CloudError {
    op.invalid("MalformedPolicyDocumentException", message)
}

/// Whether the managed alias `name` is one every region lists.
fn aws_managed_alias(name: &str) -> bool {
    name.strip_prefix(AWS_ALIAS_PREFIX).is_some_and(|s| AWS_MANAGED.contains(&s))
}

/// `*` and `?` wildcards, case-insensitive (IAM's action matching).
fn wildcard(pattern: &str, text: &str) -> bool {
    let (p, t): (Vec<char>, Vec<char>) =
        (pattern.to_ascii_lowercase().chars().collect(), text.to_ascii_lowercase().chars().collect());
    let (mut pi, mut ti, mut star, mut mark) = (0, 0, None, 0);
    while ti < t.len() {
        if pi < p.len() && (p[pi] == '?' || p[pi] == t[ti]) {
            pi += 1;
            ti += 1;
        } else if pi < p.len() && p[pi] == '*' {
            star = Some(pi);
            mark = ti;
            pi += 1;
        } else if let Some(s) = star {
            pi = s + 1;
            mark += 1;
            ti = mark;
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|c| *c == '*')
}

/// A statement member that may be one string or a list of them.
fn strings(v: Option<&Json>) -> Vec<&str> {
    match v {
        Some(Json::String(s)) => vec![s.as_str()],
        Some(Json::Array(a)) => a.iter().filter_map(Json::as_str).collect(),
        _ => vec![],
    }
}

impl Data {
    fn kms_key_arn(&self, region: &str, id: &str) -> String {
        format!("{}key/{id}", self.arn_prefix("kms", region))
    }

    /// The id of the live key `key` names (id, key ARN, alias name, alias ARN) in `region`; a
    /// key whose deletion date has passed is gone.
    fn kms_resolve(&self, region: &str, key: &str) -> Option<String> {
        let prefix = self.arn_prefix("kms", region);
        let id = if let Some(alias) = key.strip_prefix(&prefix).filter(|a| a.starts_with(ALIAS_PREFIX)) {
            self.region(region).kms.aliases.get(alias)?.clone()
        } else if key.starts_with(ALIAS_PREFIX) {
            self.region(region).kms.aliases.get(key)?.clone()
        } else if key.starts_with("arn:") {
            key.strip_prefix(&prefix)?.strip_prefix("key/")?.to_string()
        } else {
            key_id_of(key)?.to_string()
        };
        let k = self.region(region).kms.keys.get(&id)?;
        let expired = k.deletion_date.as_deref().is_some_and(|d| d <= now_rfc3339().as_str());
        (!expired).then_some(id)
    }

    /// The id of the key `key` names, or KMS's `NotFoundException`.
    fn kms_find(&self, op: Op, region: &str, key: &str) -> CloudResult<String> {
        self.kms_resolve(region, key).ok_or_else(|| {
            let what = if key.contains("alias/") { "Alias" } else { "Key" };
            not_found(op, format!("{what} '{key}' does not exist"))
        })
    }

    /// The key `key` names, refused while it is pending deletion (every use but reading).
    fn kms_usable(&mut self, op: Op, region: &str, key: &str) -> CloudResult<(String, &mut Key)> {
        let id = self.kms_find(op, region, key)?;
        let arn = self.kms_key_arn(region, &id);
        let k = self.region_mut(region).kms.keys.get_mut(&id).ok_or_else(|| not_found(op, format!("Key '{key}'")))?;
        if k.deletion_date.is_some() {
            return Err(invalid_state(op, format!("{arn} is pending deletion.")));
        }
        Ok((id, k))
    }

    fn kms_metadata(&self, region: &str, id: &str, k: &Key) -> KeyMetadata {
        let state = match (&k.deletion_date, k.enabled) {
            (Some(_), _) => "PendingDeletion",
            (None, true) => "Enabled",
            (None, false) => "Disabled",
        };
        KeyMetadata {
            key_id: id.to_string(),
            arn: self.kms_key_arn(region, id),
            aws_account_id: self.account_id.clone(),
            creation_date: k.creation_date.clone(),
            description: k.description.clone(),
            enabled: k.enabled && k.deletion_date.is_none(),
            key_state: state.to_string(),
            key_usage: k.key_usage.clone(),
            key_spec: k.key_spec.clone(),
            origin: "AWS_KMS".into(),
            key_manager: if k.aws_managed { "AWS" } else { "CUSTOMER" }.into(),
            multi_region: k.multi_region,
            multi_region_key_type: k.multi_region.then(|| "PRIMARY".to_string()),
            deletion_date: k.deletion_date.clone(),
            pending_deletion_window_in_days: k.pending_window_in_days,
        }
    }

    /// A key policy as KMS checks it: a JSON object of at most 32 KB whose AWS principals of
    /// this account's roles exist, and, unless `bypass`, that lets the caller (the account's
    /// root in the sandbox) put the key policy again.
    fn kms_check_policy(&self, op: Op, policy: &str, bypass: bool) -> CloudResult<()> {
        let doc = match serde_json::from_str::<Json>(policy) {
            Ok(d @ Json::Object(_)) if policy.len() <= 32_768 => d,
            _ => return Err(malformed_policy(op, "The new key policy is not a valid JSON document of at most 32 KB.")),
        };
        let account = self.account_id.clone();
        let root = format!("arn:aws:iam::{account}:root");
        let own_role = format!("arn:aws:iam::{account}:role/");
        let mut caller_may_put = false;
        for s in crate::policy::statements(&doc) {
            let principal = s.get("Principal");
            let aws = match principal {
                Some(Json::String(p)) => vec![p.as_str()],
                Some(p) => strings(p.get("AWS")),
                None => vec![],
            };
            for arn in &aws {
                let Some(path) = arn.strip_prefix(&own_role) else { continue };
                let name = path.rsplit('/').next().unwrap_or_default();
                if !self.iam.roles.iter().any(|(n, _)| n.eq_ignore_ascii_case(name)) {
                    return Err(malformed_policy(
                        op,
                        "Policy contains a statement with one or more invalid principals.",
                    ));
                }
            }
            let allows = s.get("Effect").and_then(Json::as_str) == Some("Allow");
            let caller = aws.iter().any(|p| *p == "*" || *p == account || *p == root);
            let action = strings(s.get("Action")).iter().any(|a| wildcard(a, "kms:PutKeyPolicy"));
            caller_may_put |= allows && caller && action;
        }
        if !bypass && !caller_may_put {
            return Err(malformed_policy(
                op,
                "The new key policy will not allow you to update the key policy in the future.",
            ));
        }
        Ok(())
    }

    /// Makes the AWS managed key of alias `name` (`alias/aws/SERVICE`) if KMS would.
    fn kms_make_managed(&mut self, region: &str, name: &str) -> Option<String> {
        if !aws_managed_alias(name) || self.kms_resolve(region, name).is_some() {
            return None;
        }
        let id = self.fresh_uuid();
        let service = name.trim_start_matches(AWS_ALIAS_PREFIX);
        let policy = serde_json::json!({
            "Version": "2012-10-17",
            "Id": format!("auto-{service}-1"),
            "Statement": [{
                "Sid": format!("Allow access through {service} for all principals in the account that are authorized"),
                "Effect": "Allow",
                "Principal": { "AWS": "*" },
                "Action": ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"],
                "Resource": "*",
                "Condition": { "StringEquals": {
                    "kms:CallerAccount": self.account_id,
                    "kms:ViaService": format!("{service}.{region}.amazonaws.com")
                } }
            }]
        })
        .to_string();
        let key = Key {
            description: format!("Default key that protects my {service} data when no other key is defined"),
            enabled: true,
            key_usage: "ENCRYPT_DECRYPT".into(),
            key_spec: "SYMMETRIC_DEFAULT".into(),
            policy,
            creation_date: now_rfc3339(),
            aws_managed: true,
            rotation_enabled: true,
            rotation_period_in_days: Some(DEFAULT_ROTATION),
            ..Key::default()
        };
        let kms = &mut self.region_mut(region).kms;
        kms.keys.insert(id.clone(), key);
        kms.aliases.insert(name.to_string(), id.clone());
        Some(id)
    }
}

/// Key spec and usage as KMS pairs them.
fn check_spec(op: Op, spec: &str, usage: &str) -> CloudResult<()> {
    if !KEY_SPECS.contains(&spec) {
        return Err(validation(op, format!("Value '{spec}' at 'keySpec' failed to satisfy constraint")));
    }
    if !KEY_USAGES.contains(&usage) {
        return Err(validation(op, format!("Value '{usage}' at 'keyUsage' failed to satisfy constraint")));
    }
    let allowed: &[&str] = match spec {
        "SYMMETRIC_DEFAULT" => &["ENCRYPT_DECRYPT"],
        s if s.starts_with("RSA_") => &["ENCRYPT_DECRYPT", "SIGN_VERIFY"],
        "ECC_SECG_P256K1" | "ECC_NIST_EDWARDS25519" => &["SIGN_VERIFY"],
        s if s.starts_with("ECC_NIST_") => &["SIGN_VERIFY", "KEY_AGREEMENT"],
        s if s.starts_with("HMAC_") => &["GENERATE_VERIFY_MAC"],
        s if s.starts_with("ML_DSA_") => &["SIGN_VERIFY"],
        s if s.starts_with("ML_KEM_") => &["KEY_ENCAPSULATION"],
        _ => &KEY_USAGES,
    };
    if allowed.contains(&usage) {
        Ok(())
    } else {
        Err(validation(op, format!("KeyUsage {usage} is not compatible with KeySpec {spec}")))
    }
}

/// An alias name a customer may use.
fn check_alias_name(op: Op, name: &str) -> CloudResult<()> {
    let bad = |m: String| op.invalid("InvalidAliasNameException", m);
    let rest = name.strip_prefix(ALIAS_PREFIX).ok_or_else(|| bad(format!("Alias must start with the prefix \"{ALIAS_PREFIX}\". Please see https://docs.aws.amazon.com/kms/latest/developerguide/kms-alias.html")))?;
    if name.starts_with(AWS_ALIAS_PREFIX) {
        return Err(op.err(
            ErrorKind::AccessDenied,
            "NotAuthorizedException",
            format!("{name} is reserved for AWS managed keys"),
        ));
    }
    if rest.is_empty()
        || name.len() > 256
        || !rest.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '/' | '_' | '-'))
    {
        return Err(bad(format!(
            "Alias {name} must be 1 to 256 characters of letters, digits, '/', '_' and '-' after {ALIAS_PREFIX}"
        )));
    }
    Ok(())
}

fn check_tags(op: Op, tags: &Tags) -> CloudResult<()> {
    match tag_problem(tags, 50, 0) {
        Some(p) => Err(op.invalid("TagException", p)),
        None => Ok(()),
    }
}

/// The target of an alias: a customer managed key of this region, named by id or key ARN.
fn alias_target(op: Op, d: &Data, region: &str, target: &str) -> CloudResult<String> {
    if target.starts_with(ALIAS_PREFIX) || target.contains(":alias/") {
        return Err(validation(op, "Aliases must refer to keys. Not aliases"));
    }
    let id = d.kms_find(op, region, target)?;
    let k = d.region(region).kms.keys.get(&id).ok_or_else(|| not_found(op, format!("Key '{target}'")))?;
    if k.aws_managed {
        return Err(op.err(
            ErrorKind::AccessDenied,
            "NotAuthorizedException",
            "An alias may not point to an AWS managed key",
        ));
    }
    if k.deletion_date.is_some() {
        return Err(invalid_state(op, format!("{} is pending deletion.", d.kms_key_arn(region, &id))));
    }
    Ok(id)
}

#[async_trait]
impl Kms for Sandbox {
    async fn create_key(&self, region: &str, input: &CreateKeyInput) -> CloudResult<KeyMetadata> {
        let op = Op("kms", "CreateKey");
        self.write(op, |d| {
            check_spec(op, &input.key_spec, &input.key_usage)?;
            let description = input.description.clone().unwrap_or_default();
            if description.len() > 8192 {
                return Err(validation(op, "Description must be at most 8192 characters"));
            }
            check_tags(op, &input.tags)?;
            let policy = match &input.policy {
                Some(p) => {
                    d.kms_check_policy(op, p, input.bypass_policy_lockout_safety_check)?;
                    p.clone()
                }
                None => default_key_policy(partition(region), &d.account_id),
            };
            let id = d.fresh_uuid();
            let key = Key {
                description,
                enabled: true,
                key_usage: input.key_usage.clone(),
                key_spec: input.key_spec.clone(),
                policy,
                creation_date: now_rfc3339(),
                multi_region: input.multi_region,
                tags: input.tags.clone(),
                ..Key::default()
            };
            let meta = d.kms_metadata(region, &id, &key);
            d.region_mut(region).kms.keys.insert(id, key);
            Ok(meta)
        })
    }

    async fn describe_key(&self, region: &str, key: &str) -> CloudResult<Option<KeyMetadata>> {
        let op = Op("kms", "DescribeKey");
        let read = |d: &Data| {
            let Some(id) = d.kms_resolve(region, key) else { return Ok(None) };
            Ok(d.region(region).kms.keys.get(&id).map(|k| d.kms_metadata(region, &id, k)))
        };
        if !aws_managed_alias(key) {
            return self.read(op, read);
        }
        // KMS makes an AWS managed key the first time its alias is used.
        self.write(op, |d| {
            d.kms_make_managed(region, key);
            read(d)
        })
    }

    async fn get_key_policy(&self, region: &str, key: &str) -> CloudResult<String> {
        let op = Op("kms", "GetKeyPolicy");
        self.read(op, |d| {
            let id = d.kms_find(op, region, key)?;
            Ok(d.region(region).kms.keys.get(&id).map(|k| k.policy.clone()).unwrap_or_default())
        })
    }

    async fn put_key_policy(&self, region: &str, key: &str, policy: &str, bypass: bool) -> CloudResult<()> {
        let op = Op("kms", "PutKeyPolicy");
        self.write(op, |d| {
            d.kms_check_policy(op, policy, bypass)?;
            let (_, k) = d.kms_usable(op, region, key)?;
            k.policy = policy.to_string();
            Ok(())
        })
    }

    async fn get_key_rotation_status(&self, region: &str, key: &str) -> CloudResult<(bool, Option<i64>)> {
        let op = Op("kms", "GetKeyRotationStatus");
        self.read(op, |d| {
            let id = d.kms_find(op, region, key)?;
            let k = d.region(region).kms.keys.get(&id).ok_or_else(|| not_found(op, format!("Key '{key}'")))?;
            Ok((k.rotation_enabled, k.rotation_period_in_days.filter(|_| k.rotation_enabled)))
        })
    }

    async fn enable_key_rotation(&self, region: &str, key: &str, period_days: Option<i64>) -> CloudResult<()> {
        let op = Op("kms", "EnableKeyRotation");
        self.write(op, |d| {
            if let Some(p) = period_days.filter(|p| !(90..=2560).contains(p)) {
                return Err(validation(
                    op,
                    format!("Value '{p}' at 'rotationPeriodInDays' failed to satisfy constraint: between 90 and 2560"),
                ));
            }
            let (id, k) = d.kms_usable(op, region, key)?;
            if !k.enabled {
                return Err(op.err(ErrorKind::Other, "DisabledException", format!("{id} is disabled.")));
            }
            if k.key_spec != "SYMMETRIC_DEFAULT" || k.aws_managed {
                return Err(op.invalid(
                    "UnsupportedOperationException",
                    format!("{id} does not support automatic rotation: only symmetric customer managed keys do"),
                ));
            }
            k.rotation_enabled = true;
            k.rotation_period_in_days = Some(period_days.or(k.rotation_period_in_days).unwrap_or(DEFAULT_ROTATION));
            Ok(())
        })
    }

    async fn disable_key_rotation(&self, region: &str, key: &str) -> CloudResult<()> {
        let op = Op("kms", "DisableKeyRotation");
        self.write(op, |d| {
            let (id, k) = d.kms_usable(op, region, key)?;
            if !k.enabled {
                return Err(op.err(ErrorKind::Other, "DisabledException", format!("{id} is disabled.")));
            }
            k.rotation_enabled = false;
            Ok(())
        })
    }

    async fn set_key_enabled(&self, region: &str, key: &str, enabled: bool) -> CloudResult<()> {
        let op = if enabled { Op("kms", "EnableKey") } else { Op("kms", "DisableKey") };
        self.write(op, |d| {
            let (_, k) = d.kms_usable(op, region, key)?;
            k.enabled = enabled;
            Ok(())
        })
    }

    async fn update_key_description(&self, region: &str, key: &str, description: &str) -> CloudResult<()> {
        let op = Op("kms", "UpdateKeyDescription");
        self.write(op, |d| {
            if description.len() > 8192 {
                return Err(validation(op, "Description must be at most 8192 characters"));
            }
            let (_, k) = d.kms_usable(op, region, key)?;
            k.description = description.to_string();
            Ok(())
        })
    }

    async fn schedule_key_deletion(&self, region: &str, key: &str, window_days: Option<i64>) -> CloudResult<String> {
        let op = Op("kms", "ScheduleKeyDeletion");
        self.write(op, |d| {
            let days = window_days.unwrap_or(DEFAULT_WINDOW);
            if !(7..=30).contains(&days) {
                return Err(validation(
                    op,
                    format!("Value '{days}' at 'pendingWindowInDays' failed to satisfy constraint: between 7 and 30"),
                ));
            }
            let (id, k) = d.kms_usable(op, region, key)?;
            if k.aws_managed {
                return Err(op.err(
                    ErrorKind::AccessDenied,
                    "NotAuthorizedException",
                    format!("{id} is an AWS managed key, which cannot be deleted"),
                ));
            }
            let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default();
            // `days` is 7 to 30 here, so the product cannot overflow.
            let date = rfc3339(now.as_secs() + days.unsigned_abs() * 86_400);
            k.deletion_date = Some(date.clone());
            k.pending_window_in_days = Some(days);
            k.enabled = false;
            Ok(date)
        })
    }

    async fn list_resource_tags(&self, region: &str, key: &str) -> CloudResult<Tags> {
        let op = Op("kms", "ListResourceTags");
        self.read(op, |d| {
            let id = d.kms_find(op, region, key)?;
            Ok(d.region(region).kms.keys.get(&id).map(|k| k.tags.clone()).unwrap_or_default())
        })
    }

    async fn tag_resource(&self, region: &str, key: &str, tags: &Tags) -> CloudResult<()> {
        let op = Op("kms", "TagResource");
        self.write(op, |d| {
            let (_, k) = d.kms_usable(op, region, key)?;
            k.tags.extend(tags.iter().map(|(k, v)| (k.clone(), v.clone())));
            let all = k.tags.clone();
            check_tags(op, &all)
        })
    }

    async fn untag_resource(&self, region: &str, key: &str, keys: &[String]) -> CloudResult<()> {
        let op = Op("kms", "UntagResource");
        self.write(op, |d| {
            let (_, k) = d.kms_usable(op, region, key)?;
            k.tags.retain(|t, _| !keys.contains(t));
            Ok(())
        })
    }

    async fn create_alias(&self, region: &str, name: &str, target: &str) -> CloudResult<()> {
        let op = Op("kms", "CreateAlias");
        self.write(op, |d| {
            check_alias_name(op, name)?;
            let id = alias_target(op, d, region, target)?;
            let aliases = &mut d.region_mut(region).kms.aliases;
            if aliases.contains_key(name) {
                let arn = format!("{}{name}", d.arn_prefix("kms", region));
                return Err(op.err(
                    ErrorKind::AlreadyExists,
                    "AlreadyExistsException",
                    format!("An alias with the name {arn} already exists"),
                ));
            }
            aliases.insert(name.to_string(), id);
            Ok(())
        })
    }

    async fn update_alias(&self, region: &str, name: &str, target: &str) -> CloudResult<()> {
        let op = Op("kms", "UpdateAlias");
        self.write(op, |d| {
            let id = alias_target(op, d, region, target)?;
            let arn = format!("{}{name}", d.arn_prefix("kms", region));
            let current = d.region(region).kms.aliases.get(name).cloned();
            let Some(current) = current else { return Err(not_found(op, format!("Alias {arn} is not found."))) };
            // The new key must be of the same type and usage as the old one.
            let (old, new) = (d.region(region).kms.keys.get(&current), d.region(region).kms.keys.get(&id));
            if let (Some(o), Some(n)) = (old, new) {
                if o.key_spec != n.key_spec || o.key_usage != n.key_usage {
                    return Err(validation(op, "The new key must have the same key spec and usage as the old one"));
                }
            }
            d.region_mut(region).kms.aliases.insert(name.to_string(), id);
            Ok(())
        })
    }

    async fn delete_alias(&self, region: &str, name: &str) -> CloudResult<()> {
        let op = Op("kms", "DeleteAlias");
        self.write(op, |d| {
            if name.starts_with(AWS_ALIAS_PREFIX) {
                return Err(op.err(
                    ErrorKind::AccessDenied,
                    "NotAuthorizedException",
                    format!("{name} is an AWS managed alias"),
                ));
            }
            let arn = format!("{}{name}", d.arn_prefix("kms", region));
            match d.region_mut(region).kms.aliases.remove(name) {
                Some(_) => Ok(()),
                None => Err(not_found(op, format!("Alias {arn} is not found."))),
            }
        })
    }

    async fn list_aliases(&self, region: &str, key: Option<&str>) -> CloudResult<Vec<Alias>> {
        let op = Op("kms", "ListAliases");
        self.read(op, |d| {
            let only = match key {
                Some(k) => Some(d.kms_find(op, region, k)?),
                None => None,
            };
            let prefix = d.arn_prefix("kms", region);
            let kms = &d.region(region).kms;
            let mut out: Vec<Alias> = kms
                .aliases
                .iter()
                .filter(|(_, id)| only.as_ref().is_none_or(|o| o == *id))
                .map(|(name, id)| Alias {
                    name: name.clone(),
                    arn: format!("{prefix}{name}"),
                    target_key_id: Some(id.clone()),
                })
                .collect();
            if only.is_none() {
                // AWS managed aliases are listed before their key is made, without a target.
                for s in AWS_MANAGED {
                    let name = format!("{AWS_ALIAS_PREFIX}{s}");
                    if !kms.aliases.contains_key(&name) {
                        out.push(Alias { arn: format!("{prefix}{name}"), name, target_key_id: None });
                    }
                }
                out.sort_by(|a, b| a.name.cmp(&b.name));
            }
            Ok(out)
        })
    }

    async fn create_grant(&self, region: &str, input: &CreateGrantInput) -> CloudResult<(String, String)> {
        let op = Op("kms", "CreateGrant");
        self.write(op, |d| {
            if input.operations.is_empty() {
                return Err(validation(op, "A grant needs at least one operation"));
            }
            if let Some(bad) = input.operations.iter().find(|o| !GRANT_OPERATIONS.contains(&o.as_str())) {
                return Err(validation(op, format!("Value '{bad}' at 'operations' failed to satisfy constraint")));
            }
            if let Some(n) = input.name.as_deref().filter(|n| {
                n.is_empty()
                    || n.len() > 256
                    || !n.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, ':' | '/' | '_' | '-'))
            }) {
                return Err(validation(op, format!("Value '{n}' at 'name' failed to satisfy constraint")));
            }
            for p in std::iter::once(&input.grantee_principal).chain(input.retiring_principal.iter()) {
                let own_role = format!("arn:aws:iam::{}:role/", d.account_id);
                let missing_role = p.strip_prefix(&own_role).is_some_and(|path| {
                    let name = path.rsplit('/').next().unwrap_or_default();
                    !d.iam.roles.iter().any(|(n, _)| n.eq_ignore_ascii_case(name))
                });
                if missing_role || !(p.starts_with("arn:") || p.ends_with(".amazonaws.com")) {
                    return Err(op.invalid("InvalidArnException", format!("ARN {p} is not valid")));
                }
            }
            let (id, _) = d.kms_usable(op, region, &input.key_id)?;
            let grant = StoredGrant {
                key_id: id.clone(),
                name: input.name.clone(),
                grantee_principal: input.grantee_principal.clone(),
                retiring_principal: input.retiring_principal.clone(),
                operations: input.operations.clone(),
                constraints: input.constraints.clone(),
                token: String::new(),
            };
            // A named grant made again with the same settings is the same grant (KMS's
            // idempotent CreateGrant).
            let same = d
                .region(region)
                .kms
                .grants
                .iter()
                .find(|(_, g)| g.name.is_some() && StoredGrant { token: String::new(), ..(*g).clone() } == grant);
            if let Some((gid, g)) = same {
                return Ok((gid.clone(), g.token.clone()));
            }
            let gid = d.fresh_id(HEX_ALPHABET, 64);
            let token = d.fresh_id(INSPECTOR_ALPHABET, 128);
            d.region_mut(region).kms.grants.insert(gid.clone(), StoredGrant { token: token.clone(), ..grant });
            Ok((gid, token))
        })
    }

    async fn list_grants(&self, region: &str, key: &str) -> CloudResult<Vec<Grant>> {
        let op = Op("kms", "ListGrants");
        self.read(op, |d| {
            let id = d.kms_find(op, region, key)?;
            Ok(d.region(region)
                .kms
                .grants
                .iter()
                .filter(|(_, g)| g.key_id == id)
                .map(|(gid, g)| Grant {
                    grant_id: gid.clone(),
                    key_id: d.kms_key_arn(region, &g.key_id),
                    name: g.name.clone(),
                    grantee_principal: g.grantee_principal.clone(),
                    retiring_principal: g.retiring_principal.clone(),
                    operations: g.operations.clone(),
                    constraints: g.constraints.clone(),
                })
                .collect())
        })
    }

    async fn retire_grant(&self, region: &str, key: &str, grant_id: &str) -> CloudResult<()> {
        self.remove_grant(Op("kms", "RetireGrant"), region, key, grant_id)
    }

    async fn revoke_grant(&self, region: &str, key: &str, grant_id: &str) -> CloudResult<()> {
        self.remove_grant(Op("kms", "RevokeGrant"), region, key, grant_id)
    }
}

impl Sandbox {
    /// Retiring and revoking a grant both end it; a key pending deletion refuses both.
    fn remove_grant(&self, op: Op, region: &str, key: &str, grant_id: &str) -> CloudResult<()> {
        self.write(op, |d| {
            let (id, _) = d.kms_usable(op, region, key)?;
            let grants = &mut d.region_mut(region).kms.grants;
            match grants.get(grant_id) {
                Some(g) if g.key_id == id => {
                    grants.remove(grant_id);
                    Ok(())
                }
                _ => Err(not_found(op, format!("Grant ID {grant_id} not found"))),
            }
        })
    }
}

#[cfg(test)]
mod wildcard_tests {
    use super::wildcard;

    #[test]
    fn actions_match_as_iam_matches_them() {
        assert!(wildcard("kms:*", "kms:PutKeyPolicy"));
        assert!(wildcard("*", "kms:PutKeyPolicy"));
        assert!(wildcard("KMS:put*", "kms:PutKeyPolicy"));
        assert!(wildcard("kms:Put?eyPolicy", "kms:PutKeyPolicy"));
        assert!(!wildcard("kms:Get*", "kms:PutKeyPolicy"));
        assert!(!wildcard("kms:PutKey", "kms:PutKeyPolicy"));
    }
}
