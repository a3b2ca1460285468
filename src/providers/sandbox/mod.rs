//! The embedded sandbox: a simulated AWS account kept in one JSON file.
//!
//! [`Sandbox`] implements [`Cloud`] over a local file so that baseline can be tried and tested
//! without credentials. It mirrors what a user would notice of AWS (names, ARNs, validation,
//! error codes and messages, dependency errors), not every API detail.
//!
//! # File format
//!
//! One pretty-printed JSON document, rewritten atomically after every mutating call with keys
//! in sorted order, so the same account always serialises to the same bytes. Edit it by hand to
//! simulate changes made outside baseline; every field may be left out (it takes its default),
//! so a partial file such as `{"iam": {"roles": {"Ops": {}}}}` loads.
//!
//! ```json
//! { "account_id": "123456789012",
//!   "next_id": 3,
//!   "iam": { "roles": { "Auditor": {
//!       "path": "/", "role_id": "AROA…", "create_date": "2026-11-29T09:00:00Z",
//!       "assume_role_policy_document": "{\"Version\":\"2012-10-17\",\"Statement\":[]}",
//!       "description": null, "max_session_duration": 3600, "permissions_boundary": null,
//!       "tags": { "team": "sec" }, "inline_policies": { "read": "{…}" } } } },
//!   "regions": { "us-east-1": {
//!       "events": { "rules": { "nightly": {
//!           "schedule_expression": "cron(0 3 * * ? *)", "event_pattern": null,
//!           "description": null, "role_arn": null, "state": "ENABLED", "tags": {},
//!           "targets": { "scan": { "arn": "…", "role_arn": "…", "input": null,
//!                                  "input_path": null } } } } },
//!       "inspector": {
//!           "resource_groups": { "arn:…:resourcegroup/0-AbCd1234": { "Env": "prod" } },
//!           "assessment_targets": { "arn:…:target/0-AbCd1234":
//!               { "name": "prod", "resource_group_arn": null } },
//!           "assessment_templates": { "arn:…:target/0-AbCd1234/template/0-EfGh5678":
//!               { "name": "weekly", "duration_in_seconds": 3600, "rules_package_arns": [] } },
//!           "event_subscriptions": { "arn:…": [ { "event": "FINDING_REPORTED",
//!                                                 "topic_arn": "arn:aws:sns:…" } ] },
//!           "tags": { "arn:…": { "Owner": "sec" } } },
//!       "inspector2": {
//!           "accounts": { "123456789012": [ "EC2", "ECR" ] },
//!           "delegated_admin": "123456789012",
//!           "auto_enable": { "ec2": true, "ecr": true, "lambda": false, "lambdaCode": false },
//!           "members": { "210987654321": { "relationship_status": "ENABLED",
//!               "delegated_admin_account_id": "123456789012",
//!               "updated_at": "2026-11-29T09:00:00Z" } },
//!           "filters": { "arn:aws:inspector2:us-east-1:123456789012:owner/123456789012/filter/0a1b…": {
//!               "name": "suppress-low", "action": "SUPPRESS", "description": null,
//!               "reason": null, "tags": {},
//!               "criteria": { "severity": [ { "comparison": "EQUALS", "value": "LOW" } ] } } },
//!           "cis_scan_configurations": {
//!             "arn:aws:inspector2:…:owner/123456789012/cis-configuration/1f2e…-…": {
//!               "scan_name": "weekly", "security_level": "LEVEL_1", "tags": {},
//!               "schedule": { "weekly": { "days": [ "MON" ], "startTime":
//!                   { "timeOfDay": "09:00", "timezone": "UTC" } } },
//!               "targets": { "accountIds": [ "SELF" ], "targetResourceTags": {} } } } } } } }
//! ```
//!
//! * Roles are keyed by name; the ARN is derived from `path` and name. A hand-added role without
//!   `role_id` gets one derived from its name; one without `create_date` gets the load time.
//! * Policy documents, event patterns and target inputs are JSON text (AWS returns the text it
//!   was given); a hand-edited file may also write them as plain JSON objects.
//! * Only the `default` event bus exists, so rules are keyed by name; targets are keyed (and
//!   listed) by id.
//! * Inspector objects are keyed by ARN; a template's target is its ARN before `/template/`.
//!   `tags` holds `SetTagsForResource` tags (a resource group's own map is its instance-selection
//!   tags). Regions with nothing in them are dropped from the file.
//! * Amazon Inspector (v2) state is per region, as in AWS. `accounts` lists the scan types
//!   enabled per account (an account that is not listed, or lists none, is `DISABLED`);
//!   `auto_enable` is the organization configuration (a missing key is `false`). Filters and CIS
//!   scan configurations are keyed by ARN and keep their tags with them; filter criteria, CIS
//!   schedules and targets are the API's camelCase JSON shapes, kept as given.
//! * `next_id` counts generated ids: each id is the counter fed through splitmix64 and rendered
//!   in the AWS alphabet, so the same calls on the same file always give the same ARNs.
//!
//! # Fault injection
//!
//! `BASELINE_SANDBOX_FAIL` (read by [`Sandbox::open`]) or [`Sandbox::with_faults`] lists AWS
//! operations as `service:Operation`, comma separated, e.g. `events:PutTargets,iam:CreateRole`.
//! Every call of a listed operation fails with kind [`ErrorKind::Other`], code `InjectedFault`,
//! before changing anything. Trait methods that stand for several AWS calls fail at the listed
//! one: `events_put_rule` on a new rule with tags is `PutRule` then `TagResource`, so faulting
//! `events:TagResource` leaves the rule created untagged, like a real partial failure;
//! `events_set_tags` is `UntagResource` and/or `TagResource` depending on the change;
//! `iam_set_permissions_boundary` is `PutRolePermissionsBoundary` or
//! `DeleteRolePermissionsBoundary`; `events_describe_rule` also answers to
//! `events:ListTagsForResource`, `inspector_rules_packages` to `inspector:DescribeRulesPackages`.
//! `inspector2_set_tags` is, like `events_set_tags`, `inspector2:UntagResource` and/or
//! `inspector2:TagResource`; the other `inspector2_*` methods are one call each.
//!
//! # Behaviour notes
//!
//! * `CreateServiceLinkedRole` knows the real role names for `inspector`, `inspector2`, `events`,
//!   `guardduty`, `config` and `securityhub`; for another `X.amazonaws.com` it is
//!   `AWSServiceRoleFor` + `X` in CamelCase (split at `.` and `-`). As in AWS, service-linked
//!   roles are protected (`UnmodifiableEntity`) except for their description and tags.
//! * As AWS documents, `CreateAssessmentTarget`/`CreateAssessmentTemplate` create
//!   `AWSServiceRoleForAmazonInspector` if it does not exist yet.
//! * `PutRule` applies tags only when it creates the rule; on an existing rule they are ignored
//!   (use `events_set_tags`). An empty `state` means `ENABLED`, an empty bus name `default`
//!   (and an empty role path `/`), as when AWS is not sent the optional field.
//!   `DeleteRule` of a missing rule succeeds, as in AWS.
//! * `DeleteAssessmentTarget` also deletes the target's templates (the Inspector Classic user
//!   guide says so), with their subscriptions and tags.
//! * Amazon Inspector (v2): the account starts with every scan type `DISABLED`. `Enable` and
//!   `Disable` without account ids act on the caller, and `Disable` without resource types
//!   disables every type; `BatchGetAccountStatus` also reports accounts never enabled (as
//!   `DISABLED`). The sandbox account is its organization's management account: it may
//!   designate itself or any 12-digit account as delegated administrator (one per region; another
//!   one is a `ConflictException`), and organization configuration and member calls need it to
//!   be that administrator (`AccessDeniedException` otherwise). Disabling the administrator
//!   disassociates its members. Filter names are unique per region (`BadRequestException`,
//!   kind `AlreadyExists`); filter criteria are checked member by member (known `FilterCriteria`
//!   members, 1 to 10 filters each, string comparisons `EQUALS`/`PREFIX`/`NOT_EQUALS`). CIS
//!   schedules need exactly one of `oneTime`, `daily`, `weekly`, `monthly`, with `startTime`
//!   (`timeOfDay` `H:MM`/`HH:MM`, 00:00 to 23:59) for the last three; targets need `accountIds`
//!   (12 digits, `SELF` or `ALL_ACCOUNTS`) and `targetResourceTags`. `UpdateFilter` and
//!   `UpdateCisScanConfiguration` replace everything but the tags; `UpdateOrganizationConfiguration`
//!   needs `ec2` and `ecr`, and keeps the setting of an optional key it is not given.
//! * Inspector Classic exists only in the regions of `rules-packages.json`. Regional ARNs use
//!   the region's partition (`aws-us-gov` for `us-gov-*`); IAM ARNs use `aws`.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Display;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard, OnceLock};
use std::time::{SystemTime, UNIX_EPOCH};

use async_trait::async_trait;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;

use super::{
    AssessmentTarget, AssessmentTemplate, CisScanConfig, Cloud, CloudError, CloudResult, CreateRoleInput, ErrorKind,
    EventRule, EventSubscription, EventTarget, IamRole, Inspector2AccountStatus, Inspector2Filter, Inspector2Member,
    PutRuleInput, ResourceGroup, RulesPackage, Tags,
};

/// Account id of a new sandbox account.
pub const ACCOUNT_ID: &str = "123456789012";
/// Environment variable listing operations that fail (see the module documentation).
pub const FAULT_ENV: &str = "BASELINE_SANDBOX_FAIL";

const IAM_ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
const INSPECTOR_ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
const HEX_ALPHABET: &[u8] = b"0123456789abcdef";
const IAM_NAME_CHARS: &str = "_+=,.@-";
const EVENTS_NAME_CHARS: &str = ".-_";
const SLR_PATH_PREFIX: &str = "/aws-service-role/";
const RULE_STATES: [&str; 3] = ["ENABLED", "DISABLED", "ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS"];
const INSPECTOR_EVENTS: [&str; 5] =
    ["ASSESSMENT_RUN_STARTED", "ASSESSMENT_RUN_COMPLETED", "ASSESSMENT_RUN_STATE_CHANGED", "FINDING_REPORTED", "OTHER"];
const MAX_TARGETS_PER_RULE: usize = 5;
/// Real names of common service-linked roles, after `AWSServiceRoleFor`.
const KNOWN_SLRS: [(&str, &str); 6] = [
    ("inspector.amazonaws.com", "AmazonInspector"),
    ("inspector2.amazonaws.com", "AmazonInspector2"),
    ("events.amazonaws.com", "CloudWatchEvents"),
    ("guardduty.amazonaws.com", "AmazonGuardDuty"),
    ("config.amazonaws.com", "Config"),
    ("securityhub.amazonaws.com", "SecurityHub"),
];

/// Failure to load the sandbox account file.
#[derive(Debug, thiserror::Error)]
pub enum SandboxError {
    /// The file exists but cannot be read.
    #[error("cannot read sandbox account {}: {source}", path.display())]
    Io {
        /// The account file.
        path: PathBuf,
        /// The underlying error.
        source: io::Error,
    },
    /// The file is not a valid sandbox account.
    #[error("sandbox account {} is not valid: {source}", path.display())]
    Parse {
        /// The account file.
        path: PathBuf,
        /// The underlying error.
        source: serde_json::Error,
    },
}

// ---- File format ----

/// JSON text (policy document, pattern, input), kept verbatim because AWS hands back the text
/// it was given; loading also accepts a plain JSON value for hand-edited files.
#[derive(Debug, Clone, Default, PartialEq)]
struct Doc(String);

impl Serialize for Doc {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Doc {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(Doc(match Value::deserialize(d)? {
            Value::String(s) => s,
            other => other.to_string(),
        }))
    }
}

fn default_path() -> String {
    "/".into()
}
fn default_session() -> i64 {
    3600
}
fn default_state() -> String {
    "ENABLED".into()
}
fn default_filter_action() -> String {
    "NONE".into()
}

// Missing fields take their defaults: `#[serde(default)]` on a struct uses its `Default`, on a
// field the named function (used where the type's `Default` is not AWS's default).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
struct Data {
    account_id: String,
    next_id: u64,
    iam: Iam,
    regions: BTreeMap<String, Region>,
}

impl Default for Data {
    fn default() -> Self {
        Data { account_id: ACCOUNT_ID.into(), next_id: 0, iam: Iam::default(), regions: BTreeMap::new() }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
struct Iam {
    roles: BTreeMap<String, Role>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
struct Role {
    #[serde(default = "default_path")]
    path: String,
    #[serde(default)]
    role_id: String,
    #[serde(default)]
    create_date: String,
    #[serde(default)]
    assume_role_policy_document: Doc,
    #[serde(default)]
    description: Option<String>,
    #[serde(default = "default_session")]
    max_session_duration: i64,
    #[serde(default)]
    permissions_boundary: Option<String>,
    #[serde(default)]
    tags: Tags,
    #[serde(default)]
    inline_policies: BTreeMap<String, Doc>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
struct Region {
    events: Events,
    inspector: Inspector,
    inspector2: Inspector2,
}

/// What reads of a region that was never written see (`BTreeMap::new` is `const`).
static EMPTY_REGION: Region = Region {
    events: Events { rules: BTreeMap::new() },
    inspector: Inspector {
        resource_groups: BTreeMap::new(),
        assessment_targets: BTreeMap::new(),
        assessment_templates: BTreeMap::new(),
        event_subscriptions: BTreeMap::new(),
        tags: BTreeMap::new(),
    },
    inspector2: Inspector2 {
        accounts: BTreeMap::new(),
        delegated_admin: None,
        auto_enable: BTreeMap::new(),
        members: BTreeMap::new(),
        filters: BTreeMap::new(),
        cis_scan_configurations: BTreeMap::new(),
    },
};

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
struct Events {
    rules: BTreeMap<String, Rule>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
struct Rule {
    #[serde(default)]
    schedule_expression: Option<String>,
    #[serde(default)]
    event_pattern: Option<Doc>,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    role_arn: Option<String>,
    #[serde(default = "default_state")]
    state: String,
    #[serde(default)]
    tags: Tags,
    #[serde(default)]
    targets: BTreeMap<String, Target>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
struct Target {
    arn: String,
    role_arn: Option<String>,
    input: Option<Doc>,
    input_path: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
struct Inspector {
    /// Resource group ARN -> the tags that select its instances.
    resource_groups: BTreeMap<String, Tags>,
    assessment_targets: BTreeMap<String, InspectorTarget>,
    assessment_templates: BTreeMap<String, InspectorTemplate>,
    event_subscriptions: BTreeMap<String, BTreeSet<EventSubscription>>,
    tags: BTreeMap<String, Tags>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
struct InspectorTarget {
    name: String,
    resource_group_arn: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
struct InspectorTemplate {
    #[serde(default)]
    name: String,
    #[serde(default = "default_session")]
    duration_in_seconds: i64,
    #[serde(default)]
    rules_package_arns: Vec<String>,
}

impl Inspector {
    fn contains(&self, arn: &str) -> bool {
        self.assessment_templates.contains_key(arn)
            || self.assessment_targets.contains_key(arn)
            || self.resource_groups.contains_key(arn)
    }

    /// Drops what hangs off a deleted resource.
    fn forget(&mut self, arn: &str) {
        self.event_subscriptions.remove(arn);
        self.tags.remove(arn);
    }
}

/// Amazon Inspector (v2) in one region, as seen from the sandbox account.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
struct Inspector2 {
    /// Account id -> the scan types (`EC2`, `ECR`, …) enabled for it; accounts with none are
    /// left out (they report `DISABLED`).
    accounts: BTreeMap<String, BTreeSet<String>>,
    /// The organization's delegated administrator account, if one is designated.
    delegated_admin: Option<String>,
    /// `UpdateOrganizationConfiguration` flags (`ec2`, `ecr`, `lambda`, `lambdaCode`); a
    /// missing key is `false`.
    auto_enable: BTreeMap<String, bool>,
    /// Member account id -> its association.
    members: BTreeMap<String, Inspector2MemberEntry>,
    /// Filter ARN -> filter.
    filters: BTreeMap<String, FindingsFilter>,
    /// CIS scan configuration ARN -> configuration.
    cis_scan_configurations: BTreeMap<String, CisScanEntry>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
struct Inspector2MemberEntry {
    #[serde(default = "default_state")]
    relationship_status: String,
    #[serde(default)]
    delegated_admin_account_id: Option<String>,
    #[serde(default)]
    updated_at: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct FindingsFilter {
    #[serde(default)]
    name: String,
    #[serde(default = "default_filter_action")]
    action: String,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    reason: Option<String>,
    /// `FilterCriteria` in the API's JSON shape.
    #[serde(default)]
    criteria: Value,
    #[serde(default)]
    tags: Tags,
}

/// A CIS scan configuration; `schedule` and `targets` in the API's JSON shapes.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
struct CisScanEntry {
    scan_name: String,
    security_level: String,
    schedule: Value,
    targets: Value,
    tags: Tags,
}

impl Inspector2 {
    /// The tags of the filter or CIS scan configuration `arn`.
    fn tags_mut(&mut self, arn: &str) -> Option<&mut Tags> {
        match self.filters.get_mut(arn) {
            Some(filter) => Some(&mut filter.tags),
            None => self.cis_scan_configurations.get_mut(arn).map(|c| &mut c.tags),
        }
    }
}

// ---- Ids, time, partitions ----

fn splitmix64(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

fn render_id(seed: u64, alphabet: &[u8], len: usize) -> String {
    let mut state = seed;
    let n = alphabet.len() as u64;
    (0..len).map(|_| char::from(alphabet[(splitmix64(&mut state) % n) as usize])).collect()
}

/// FNV-1a, to give hand-added roles a stable id without consuming `next_id`.
fn fnv1a(s: &str) -> u64 {
    s.bytes().fold(0xCBF2_9CE4_8422_2325, |h, b| (h ^ u64::from(b)).wrapping_mul(0x100_0000_01B3))
}

/// Seconds since the Unix epoch as RFC 3339 UTC (civil-from-days after H. Hinnant).
fn rfc3339(secs: u64) -> String {
    let (days, rem) = ((secs / 86_400) as i64, secs % 86_400);
    let z = days + 719_468;
    let (era, doe) = (z.div_euclid(146_097), z.rem_euclid(146_097));
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    let (h, m, s) = (rem / 3600, rem % 3600 / 60, rem % 60);
    format!("{year:04}-{month:02}-{day:02}T{h:02}:{m:02}:{s:02}Z")
}

fn now_rfc3339() -> String {
    // A clock before 1970 is not worth an error; it renders as the epoch.
    rfc3339(SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0))
}

fn partition(region: &str) -> &'static str {
    if region.starts_with("us-gov-") {
        "aws-us-gov"
    } else if region.starts_with("cn-") {
        "aws-cn"
    } else {
        "aws"
    }
}

impl Data {
    /// Next deterministic id: the counter through splitmix64, in `alphabet`.
    fn fresh_id(&mut self, alphabet: &[u8], len: usize) -> String {
        let seed = self.next_id;
        self.next_id = seed.wrapping_add(1); // a hand-edited counter may be anything
        render_id(seed, alphabet, len)
    }

    /// Next deterministic id shaped like a UUID (8-4-4-4-12 lowercase hex).
    fn fresh_uuid(&mut self) -> String {
        let h = self.fresh_id(HEX_ALPHABET, 32);
        format!("{}-{}-{}-{}-{}", &h[..8], &h[8..12], &h[12..16], &h[16..20], &h[20..])
    }

    /// Fills fields a hand-edited file may lack; persisted with the next write.
    fn normalised(mut self) -> Self {
        for (name, role) in &mut self.iam.roles {
            if role.role_id.is_empty() {
                role.role_id = format!("AROA{}", render_id(fnv1a(name), IAM_ALPHABET, 17));
            }
            if role.create_date.is_empty() {
                role.create_date = now_rfc3339();
            }
        }
        self
    }

    fn region(&self, region: &str) -> &Region {
        self.regions.get(region).unwrap_or(&EMPTY_REGION)
    }

    fn region_mut(&mut self, region: &str) -> &mut Region {
        self.regions.entry(region.to_string()).or_default()
    }

    /// IAM names are unique, and looked up, without regard to case.
    fn role_key(&self, name: &str) -> Option<String> {
        self.iam.roles.keys().find(|k| k.eq_ignore_ascii_case(name)).cloned()
    }

    fn role(&self, name: &str) -> Option<&Role> {
        self.role_key(name).and_then(|k| self.iam.roles.get(&k))
    }

    fn role_mut(&mut self, op: Op, name: &str) -> CloudResult<(String, &mut Role)> {
        let key = self.role_key(name).ok_or_else(|| no_such_role(op, name))?;
        let role = self.iam.roles.get_mut(&key).ok_or_else(|| no_such_role(op, name))?;
        Ok((key, role))
    }

    fn describe_role(&self, name: &str, role: &Role) -> IamRole {
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

    fn insert_role(&mut self, name: &str, mut role: Role) -> IamRole {
        role.role_id = format!("AROA{}", self.fresh_id(IAM_ALPHABET, 17));
        role.create_date = now_rfc3339();
        let out = self.describe_role(name, &role);
        self.iam.roles.insert(name.to_string(), role);
        out
    }

    fn insert_service_linked_role(&mut self, service: &str, name: &str, desc: Option<&str>) -> IamRole {
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
    fn ensure_inspector_slr(&mut self) {
        let (service, suffix) = KNOWN_SLRS[0];
        let name = format!("AWSServiceRoleFor{suffix}");
        if self.role_key(&name).is_none() {
            self.insert_service_linked_role(service, &name, None);
        }
    }

    fn arn_prefix(&self, service: &str, region: &str) -> String {
        format!("arn:{}:{service}:{region}:{}:", partition(region), self.account_id)
    }
}

// ---- Errors and validation ----

/// One AWS operation (`service`, `Operation`): names faults and errors.
#[derive(Debug, Clone, Copy)]
struct Op(&'static str, &'static str);

impl Op {
    fn err(self, kind: ErrorKind, code: &str, message: impl Into<String>) -> CloudError {
        CloudError::new(self.0, self.1, kind, code, message)
    }
    fn invalid(self, code: &str, message: impl Into<String>) -> CloudError {
        self.err(ErrorKind::Invalid, code, message)
    }
    fn not_found(self, code: &str, message: impl Into<String>) -> CloudError {
        self.err(ErrorKind::NotFound, code, message)
    }
    /// Inspector errors carry a sub-code (`errorCode`); it goes into the message.
    fn inspector(self, kind: ErrorKind, exception: &str, sub: &str, msg: impl Display) -> CloudError {
        self.err(kind, exception, format!("{msg} (errorCode: {sub})"))
    }
    fn bad_input(self, sub: &str, msg: impl Display) -> CloudError {
        self.inspector(ErrorKind::Invalid, "InvalidInputException", sub, msg)
    }
    fn matches(self, fault: &str) -> bool {
        fault.split_once(':').is_some_and(|(service, operation)| {
            service.eq_ignore_ascii_case(self.0) && operation.eq_ignore_ascii_case(self.1)
        })
    }
}

fn no_such_role(op: Op, name: &str) -> CloudError {
    op.not_found("NoSuchEntity", format!("The role with name {name} cannot be found."))
}

fn rule_not_found(op: Op, name: &str) -> CloudError {
    let msg = format!("Rule {name} does not exist on EventBus default.");
    op.not_found("ResourceNotFoundException", msg)
}

/// AWS's usual wording for a request-field violation.
fn constraint(op: Op, code: &str, field: &str, value: &str, rule: &str) -> CloudError {
    let msg = format!("1 validation error detected: Value '{value}' at '{field}' failed to satisfy constraint: {rule}");
    op.invalid(code, msg)
}

/// Checks a name of 1..=`max` ASCII letters, digits and `extra` characters.
fn check_name(op: Op, code: &str, field: &str, value: &str, max: usize, extra: &str) -> CloudResult<()> {
    let len = value.chars().count();
    if len == 0 || len > max {
        let rule = format!("Member must have length between 1 and {max}");
        return Err(constraint(op, code, field, value, &rule));
    }
    if !value.chars().all(|c| c.is_ascii_alphanumeric() || extra.contains(c)) {
        let rule = format!("Member must consist of letters, digits and {extra}");
        return Err(constraint(op, code, field, value, &rule));
    }
    Ok(())
}

fn check_len(op: Op, code: &str, field: &str, value: &str, max: usize) -> CloudResult<()> {
    if value.chars().count() > max {
        let rule = format!("Member must have length less than or equal to {max}");
        return Err(constraint(op, code, field, value, &rule));
    }
    Ok(())
}

fn is_json_object(text: &str) -> bool {
    matches!(serde_json::from_str::<Value>(text), Ok(Value::Object(_)))
}

fn check_policy(op: Op, document: &str) -> CloudResult<()> {
    if is_json_object(document) {
        Ok(())
    } else {
        Err(op.invalid("MalformedPolicyDocument", "This policy contains invalid Json"))
    }
}

/// What is wrong with a tag set, if anything.
fn tag_problem(tags: &Tags, max_count: usize, min_value: usize) -> Option<String> {
    if tags.len() > max_count {
        return Some(format!("at most {max_count} tags are allowed, got {}", tags.len()));
    }
    tags.iter().find_map(|(k, v)| {
        let (klen, vlen) = (k.chars().count(), v.chars().count());
        if klen == 0 || klen > 128 {
            Some(format!("tag key '{k}' must have 1 to 128 characters"))
        } else if vlen < min_value || vlen > 256 {
            Some(format!("value of tag '{k}' must have {min_value} to 256 characters"))
        } else {
            None
        }
    })
}

fn check_iam_tags(op: Op, tags: &Tags) -> CloudResult<()> {
    match tag_problem(tags, 50, 0) {
        Some(p) if tags.len() > 50 => Err(op.invalid("LimitExceeded", p)),
        Some(p) => Err(op.invalid("ValidationError", p)),
        None => Ok(()),
    }
}

fn ensure_modifiable(op: Op, name: &str, role: &Role) -> CloudResult<()> {
    if role.path.starts_with(SLR_PATH_PREFIX) {
        let msg = format!(
            "Cannot perform the operation on the protected role '{name}' - this role is only modifiable by AWS"
        );
        return Err(op.invalid("UnmodifiableEntity", msg));
    }
    Ok(())
}

fn check_iam_path(op: Op, path: &str) -> CloudResult<()> {
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

fn check_session_duration(op: Op, seconds: i64) -> CloudResult<()> {
    if !(3600..=43_200).contains(&seconds) {
        let rule = "Member must have value between 3600 and 43200";
        return Err(constraint(op, "ValidationError", "maxSessionDuration", &seconds.to_string(), rule));
    }
    Ok(())
}

fn check_boundary(op: Op, arn: &str) -> CloudResult<()> {
    match arn_parts(arn) {
        Some([_, _, "iam", "", _, res]) if res.starts_with("policy/") => Ok(()),
        _ => Err(op.invalid("InvalidInput", format!("ARN {arn} is not valid."))),
    }
}

/// `AWSServiceRoleFor…` for a service principal, or `None` if it is not one.
fn service_linked_role_name(service: &str) -> Option<String> {
    let prefix = service.strip_suffix(".amazonaws.com")?;
    let word_ok = |w: &str| !w.is_empty() && w.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit());
    if !prefix.split(['.', '-']).all(word_ok) {
        return None;
    }
    if let Some((_, known)) = KNOWN_SLRS.iter().find(|(s, _)| *s == service) {
        return Some(format!("AWSServiceRoleFor{known}"));
    }
    let camel: String = prefix
        .split(['.', '-'])
        .map(|w| w[..1].to_ascii_uppercase() + &w[1..]) // words are non-empty ASCII, checked above
        .collect();
    Some(format!("AWSServiceRoleFor{camel}"))
}

fn check_bus(op: Op, bus: &str) -> CloudResult<()> {
    let default_arn = bus.starts_with("arn:") && bus.ends_with(":event-bus/default");
    if bus.is_empty() || bus == "default" || default_arn {
        return Ok(());
    }
    Err(op.not_found("ResourceNotFoundException", format!("Event bus {bus} does not exist.")))
}

/// Splits `arn:partition:service:region:account:resource`.
fn arn_parts(arn: &str) -> Option<[&str; 6]> {
    let mut it = arn.splitn(6, ':');
    let parts = [it.next()?, it.next()?, it.next()?, it.next()?, it.next()?, it.next()?];
    (parts[0] == "arn").then_some(parts)
}

/// PutTargets checks of one target (AWS reports them per entry; the trait has one result).
fn check_target(op: Op, d: &Data, t: &EventTarget) -> CloudResult<()> {
    check_name(op, "ValidationException", "Targets.Id", &t.id, 64, EVENTS_NAME_CHARS)?;
    let Some(parts) = arn_parts(&t.arn) else {
        let msg = format!("Parameter {} is not valid. Reason: Provided Arn is not in correct format.", t.arn);
        return Err(op.invalid("ValidationException", msg));
    };
    if t.input.is_some() && t.input_path.is_some() {
        let msg = "Only one of Input, InputPath, or InputTransformer must be provided.";
        return Err(op.invalid("ValidationException", msg));
    }
    if t.input.as_ref().is_some_and(|i| serde_json::from_str::<Value>(i).is_err()) {
        let msg = format!("Input for target {} is not valid JSON text.", t.id);
        return Err(op.invalid("ValidationException", msg));
    }
    if parts[2] == "inspector" && parts[5].contains("/template/") {
        let Some(role_arn) = t.role_arn.as_deref() else {
            let msg = format!("RoleArn is required for target {}.", t.arn);
            return Err(op.invalid("ValidationException", msg));
        };
        // The sandbox checks only that the role exists, not that it trusts EventBridge.
        let role_name = match arn_parts(role_arn) {
            Some([_, _, "iam", _, _, res]) => res.strip_prefix("role/").and_then(|r| r.rsplit('/').next()),
            _ => None,
        };
        if role_name.is_none_or(|n| d.role_key(n).is_none()) {
            let msg = format!("Role {role_arn} cannot be assumed by principal events.amazonaws.com.");
            return Err(op.invalid("ValidationException", msg));
        }
    }
    Ok(())
}

#[derive(Deserialize)]
struct PackageTable {
    regions: BTreeMap<String, Vec<PackageEntry>>,
}

#[derive(Deserialize)]
struct PackageEntry {
    name: String,
    arn: String,
}

/// Inspector Classic rules packages per region, from public AWS documentation.
fn rules_table() -> &'static BTreeMap<String, Vec<PackageEntry>> {
    static TABLE: OnceLock<BTreeMap<String, Vec<PackageEntry>>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let table: PackageTable = serde_json::from_str(include_str!("rules-packages.json"))
            // Compiled in, and the test `rules_packages_cover_every_region` parses it.
            .expect("embedded rules-packages.json is valid");
        table.regions
    })
}

fn inspector_packages(op: Op, region: &str) -> CloudResult<&'static [PackageEntry]> {
    rules_table().get(region).map(Vec::as_slice).ok_or_else(|| {
        let msg = format!("Amazon Inspector Classic is not available in region {region}.");
        op.err(ErrorKind::Other, "UnsupportedRegion", msg)
    })
}

fn missing_inspector_entity(op: Op, arn: &str) -> CloudError {
    let sub = if arn.contains("/template/") {
        "ASSESSMENT_TEMPLATE_DOES_NOT_EXIST"
    } else if arn.contains(":target/") {
        "ASSESSMENT_TARGET_DOES_NOT_EXIST"
    } else if arn.contains(":resourcegroup/") {
        "RESOURCE_GROUP_DOES_NOT_EXIST"
    } else {
        return op.bad_input("INVALID_RESOURCE_ARN", format!("Invalid ARN {arn}."));
    };
    op.inspector(ErrorKind::NotFound, "NoSuchEntityException", sub, format!("{arn} does not exist."))
}

fn check_inspector_name(op: Op, name: &str, sub: &str) -> CloudResult<()> {
    match name.chars().count() {
        1..=140 => Ok(()),
        _ => Err(op.bad_input(sub, "The name must have 1 to 140 characters.")),
    }
}

fn check_target_update(
    op: Op,
    insp: &Inspector,
    name: &str,
    group: Option<&str>,
    arn: Option<&str>,
) -> CloudResult<()> {
    check_inspector_name(op, name, "INVALID_ASSESSMENT_TARGET_NAME")?;
    if let Some(group) = group.filter(|g| !insp.resource_groups.contains_key(*g)) {
        return Err(missing_inspector_entity(op, group));
    }
    if insp.assessment_targets.iter().any(|(a, t)| t.name == name && Some(a.as_str()) != arn) {
        let msg = format!("The assessment target name {name} is already taken.");
        let sub = "ASSESSMENT_TARGET_NAME_ALREADY_TAKEN";
        return Err(op.inspector(ErrorKind::AlreadyExists, "InvalidInputException", sub, msg));
    }
    Ok(())
}

fn check_subscription(op: Op, sub: &EventSubscription) -> CloudResult<()> {
    if !INSPECTOR_EVENTS.contains(&sub.event.as_str()) {
        return Err(op.bad_input("INVALID_EVENT", format!("Invalid event {}.", sub.event)));
    }
    let topic_ok = matches!(arn_parts(&sub.topic_arn),
        Some([_, _, "sns", r, a, t]) if !r.is_empty() && !a.is_empty() && !t.is_empty());
    if !topic_ok {
        return Err(op.bad_input("INVALID_SNS_TOPIC_ARN", format!("Invalid SNS topic ARN {}.", sub.topic_arn)));
    }
    Ok(())
}

// ---- Amazon Inspector (v2) validation ----

/// `FilterCriteria` members taking string filters (`{"comparison", "value"}`).
const STRING_CRITERIA: [&str; 53] = [
    "awsAccountId",
    "findingArn",
    "findingStatus",
    "findingType",
    "severity",
    "title",
    "resourceType",
    "resourceId",
    "ec2InstanceImageId",
    "ec2InstanceVpcId",
    "ec2InstanceSubnetId",
    "ecrImageArchitecture",
    "ecrImageRegistry",
    "ecrImageRepositoryName",
    "ecrImageTags",
    "ecrImageHash",
    "networkProtocol",
    "componentId",
    "componentType",
    "vulnerabilityId",
    "vulnerabilitySource",
    "vendorSeverity",
    "relatedVulnerabilities",
    "fixAvailable",
    "lambdaFunctionName",
    "lambdaFunctionLayers",
    "lambdaFunctionRuntime",
    "lambdaFunctionExecutionRoleArn",
    "exploitAvailable",
    "codeVulnerabilityDetectorName",
    "codeVulnerabilityDetectorTags",
    "codeVulnerabilityFilePath",
    "codeRepositoryProjectName",
    "codeRepositoryProviderType",
    "machineImageId",
    "machineImageName",
    "machineImageOwnerAccountId",
    "machineImagePlatform",
    "cloudProvider",
    "cloudProviderRegion",
    "cloudProviderAccountId",
    "cloudProviderOrgId",
    "cloudVmImageReference",
    "cloudVmNetworkId",
    "cloudVmSubnetIds",
    "cloudImageRepositoryName",
    "cloudImageRegistry",
    "cloudImageDigest",
    "cloudImageTags",
    "cloudImageArchitecture",
    "cloudServerlessFunctionName",
    "cloudServerlessFunctionRuntime",
    "cloudServerlessFunctionExecutionRole",
];
/// `FilterCriteria` members taking date filters (`{"startInclusive", "endInclusive"}`).
const DATE_CRITERIA: [&str; 9] = [
    "firstObservedAt",
    "lastObservedAt",
    "updatedAt",
    "ecrImagePushedAt",
    "ecrImageLastInUseAt",
    "lambdaFunctionLastModifiedAt",
    "cloudImagePushedAt",
    "cloudImageLastInUseAt",
    "cloudServerlessFunctionLastModifiedAt",
];
/// `FilterCriteria` members taking number filters (`{"lowerInclusive", "upperInclusive"}`).
const NUMBER_CRITERIA: [&str; 4] = ["inspectorScore", "ecrImageInUseCount", "epssScore", "cloudImageInUseCount"];
const STRING_COMPARISONS: [&str; 3] = ["EQUALS", "PREFIX", "NOT_EQUALS"];
/// `PackageFilter` members; all are string filters except `epoch`, a number filter.
const PACKAGE_MEMBERS: [&str; 8] =
    ["name", "version", "epoch", "release", "architecture", "sourceLayerHash", "sourceLambdaLayerArn", "filePath"];
const SCAN_TYPES: [&str; 4] = ["EC2", "ECR", "LAMBDA", "LAMBDA_CODE"];
const AUTO_ENABLE_KEYS: [&str; 4] = ["ec2", "ecr", "lambda", "lambdaCode"];
const FILTER_ACTIONS: [&str; 2] = ["NONE", "SUPPRESS"];
const CIS_LEVELS: [&str; 2] = ["LEVEL_1", "LEVEL_2"];
const DAYS: [&str; 7] = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];
const SCHEDULE_KINDS: [&str; 4] = ["oneTime", "daily", "weekly", "monthly"];
const VALIDATION: &str = "ValidationException";

/// The kinds of filter a `FilterCriteria` member holds.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Criterion {
    Text,
    Date,
    Number,
    Map,
    Port,
    Package,
}

fn criterion(key: &str) -> Option<Criterion> {
    match key {
        "resourceTags" => Some(Criterion::Map),
        "portRange" => Some(Criterion::Port),
        "vulnerablePackages" => Some(Criterion::Package),
        k if STRING_CRITERIA.contains(&k) => Some(Criterion::Text),
        k if DATE_CRITERIA.contains(&k) => Some(Criterion::Date),
        k if NUMBER_CRITERIA.contains(&k) => Some(Criterion::Number),
        _ => None,
    }
}

fn is_account_id(id: &str) -> bool {
    id.len() == 12 && id.bytes().all(|b| b.is_ascii_digit())
}

/// A request member that is missing or of the wrong JSON type.
fn malformed(op: Op, field: &str, rule: &str) -> CloudError {
    let msg = format!("1 validation error detected: Value at '{field}' failed to satisfy constraint: {rule}");
    op.invalid(VALIDATION, msg)
}

fn enum_value(op: Op, field: &str, value: &str, allowed: &[&str]) -> CloudResult<()> {
    if allowed.contains(&value) {
        return Ok(());
    }
    let rule = format!("Member must satisfy enum value set: [{}]", allowed.join(", "));
    Err(constraint(op, VALIDATION, field, value, &rule))
}

fn length(op: Op, field: &str, value: &str, min: usize, max: usize) -> CloudResult<()> {
    if (min..=max).contains(&value.chars().count()) {
        return Ok(());
    }
    let rule = format!("Member must have length between {min} and {max}");
    Err(constraint(op, VALIDATION, field, value, &rule))
}

fn count(op: Op, field: &str, n: usize, min: usize, max: usize) -> CloudResult<()> {
    if (min..=max).contains(&n) {
        return Ok(());
    }
    let rule = format!("Member must have between {min} and {max} items");
    Err(constraint(op, VALIDATION, field, &n.to_string(), &rule))
}

fn account_ids(op: Op, field: &str, ids: &[String]) -> CloudResult<()> {
    match ids.iter().find(|id| !is_account_id(id)) {
        Some(bad) => {
            Err(constraint(op, VALIDATION, field, bad, "Member must satisfy regular expression pattern: \\d{12}"))
        }
        None => Ok(()),
    }
}

/// `account_ids`, or the caller when none are given (as the API treats an omitted list).
fn accounts_or_caller(op: Op, d: &Data, ids: &[String]) -> CloudResult<Vec<String>> {
    account_ids(op, "accountIds", ids)?;
    if ids.is_empty() {
        return Ok(vec![d.account_id.clone()]);
    }
    Ok(crate::providers::unique(ids))
}

fn scan_types(op: Op, types: &[String]) -> CloudResult<()> {
    types.iter().try_for_each(|t| enum_value(op, "resourceTypes", t, &SCAN_TYPES))
}

/// The members of JSON object `v` at `field`, none outside `allowed`.
fn object<'a>(op: Op, field: &str, v: &'a Value, allowed: &[&str]) -> CloudResult<&'a serde_json::Map<String, Value>> {
    let map = v.as_object().ok_or_else(|| malformed(op, field, "Member must be a structure"))?;
    if let Some(unknown) = map.keys().find(|k| !allowed.contains(&k.as_str())) {
        let msg = format!("Unknown member '{unknown}' at '{field}'; expected one of: {}", allowed.join(", "));
        return Err(op.invalid(VALIDATION, msg));
    }
    Ok(map)
}

fn required<'a>(op: Op, map: &'a serde_json::Map<String, Value>, field: &str, key: &str) -> CloudResult<&'a Value> {
    map.get(key).ok_or_else(|| malformed(op, &format!("{field}.{key}"), "Member must not be null"))
}

fn string<'a>(op: Op, field: &str, v: &'a Value) -> CloudResult<&'a str> {
    v.as_str().ok_or_else(|| malformed(op, field, "Member must be a string"))
}

fn number(op: Op, field: &str, v: &Value) -> CloudResult<f64> {
    v.as_f64().ok_or_else(|| malformed(op, field, "Member must be a number"))
}

fn string_filter(op: Op, field: &str, v: &Value) -> CloudResult<()> {
    let map = object(op, field, v, &["comparison", "value"])?;
    let comparison = string(op, &format!("{field}.comparison"), required(op, map, field, "comparison")?)?;
    enum_value(op, &format!("{field}.comparison"), comparison, &STRING_COMPARISONS)?;
    let value = string(op, &format!("{field}.value"), required(op, map, field, "value")?)?;
    length(op, &format!("{field}.value"), value, 1, 1024)
}

fn range_filter(op: Op, field: &str, v: &Value, kind: Criterion) -> CloudResult<()> {
    let bounds = match kind {
        Criterion::Date => ["startInclusive", "endInclusive"],
        Criterion::Port => ["beginInclusive", "endInclusive"],
        _ => ["lowerInclusive", "upperInclusive"],
    };
    for (key, bound) in object(op, field, v, &bounds)? {
        let field = format!("{field}.{key}");
        // Dates are epoch seconds on the wire; a timestamp string is accepted too.
        if kind == Criterion::Date && bound.is_string() {
            continue;
        }
        let n = number(op, &field, bound)?;
        if kind == Criterion::Port && !(n.fract() == 0.0 && (0.0..=65_535.0).contains(&n)) {
            return Err(constraint(op, VALIDATION, &field, &bound.to_string(), "Member must be a port (0 to 65535)"));
        }
    }
    Ok(())
}

fn map_filter(op: Op, field: &str, v: &Value) -> CloudResult<()> {
    let map = object(op, field, v, &["comparison", "key", "value"])?;
    let comparison = string(op, &format!("{field}.comparison"), required(op, map, field, "comparison")?)?;
    enum_value(op, &format!("{field}.comparison"), comparison, &["EQUALS"])?;
    let key = string(op, &format!("{field}.key"), required(op, map, field, "key")?)?;
    length(op, &format!("{field}.key"), key, 1, 128)?;
    match map.get("value") {
        Some(value) => length(op, &format!("{field}.value"), string(op, &format!("{field}.value"), value)?, 0, 256),
        None => Ok(()),
    }
}

fn package_filter(op: Op, field: &str, v: &Value) -> CloudResult<()> {
    for (key, filter) in object(op, field, v, &PACKAGE_MEMBERS)? {
        let field = format!("{field}.{key}");
        if key == "epoch" {
            range_filter(op, &field, filter, Criterion::Number)?;
        } else {
            string_filter(op, &field, filter)?;
        }
    }
    Ok(())
}

/// Checks `FilterCriteria` JSON: known members, each a list of 1 to 10 filters of its kind.
fn check_filter_criteria(op: Op, criteria: &Value) -> CloudResult<()> {
    let map = criteria.as_object().ok_or_else(|| malformed(op, "filterCriteria", "Member must be a structure"))?;
    if map.is_empty() {
        return Err(op.invalid(VALIDATION, "filterCriteria must have at least one filter."));
    }
    for (key, list) in map {
        let field = format!("filterCriteria.{key}");
        let Some(kind) = criterion(key) else {
            return Err(op.invalid(VALIDATION, format!("'{key}' is not a member of FilterCriteria.")));
        };
        let entries = list.as_array().ok_or_else(|| malformed(op, &field, "Member must be a list"))?;
        count(op, &field, entries.len(), 1, 10)?;
        for (i, entry) in entries.iter().enumerate() {
            let field = format!("{field}.{}.member", i + 1);
            match kind {
                Criterion::Text => string_filter(op, &field, entry)?,
                Criterion::Date | Criterion::Number | Criterion::Port => range_filter(op, &field, entry, kind)?,
                Criterion::Map => map_filter(op, &field, entry)?,
                Criterion::Package => package_filter(op, &field, entry)?,
            }
        }
    }
    Ok(())
}

fn check_v2_tags(op: Op, tags: &Tags) -> CloudResult<()> {
    match tag_problem(tags, 50, 0) {
        Some(p) => Err(op.invalid(VALIDATION, p)),
        None => Ok(()),
    }
}

/// CreateFilter/UpdateFilter checks of everything but tags.
fn check_filter(op: Op, f: &Inspector2Filter) -> CloudResult<()> {
    length(op, "name", &f.name, 1, 128)?;
    enum_value(op, "action", &f.action, &FILTER_ACTIONS)?;
    if let Some(description) = &f.description {
        length(op, "description", description, 1, 512)?;
    }
    if let Some(reason) = &f.reason {
        length(op, "reason", reason, 1, 512)?;
    }
    check_filter_criteria(op, &f.criteria)
}

fn filter_name_taken(op: Op, insp: &Inspector2, name: &str, arn: Option<&str>) -> CloudResult<()> {
    if insp.filters.iter().any(|(a, f)| f.name == name && Some(a.as_str()) != arn) {
        let msg = format!("A filter with the name {name} already exists.");
        return Err(op.err(ErrorKind::AlreadyExists, "BadRequestException", msg));
    }
    Ok(())
}

fn v2_not_found(op: Op, what: &str, id: &str) -> CloudError {
    op.not_found("ResourceNotFoundException", format!("{what} {id} was not found."))
}

/// `HH:MM` on a 24-hour clock (the hour may have one digit), as the API's `timeOfDay` pattern.
fn is_time_of_day(s: &str) -> bool {
    let Some((h, m)) = s.split_once(':') else { return false };
    let digits = |x: &str| !x.is_empty() && x.bytes().all(|b| b.is_ascii_digit());
    let below = |x: &str, limit: u8| x.parse::<u8>().is_ok_and(|n| n < limit);
    digits(h) && h.len() <= 2 && digits(m) && m.len() == 2 && below(h, 24) && below(m, 60)
}

fn check_start_time(op: Op, field: &str, map: &serde_json::Map<String, Value>) -> CloudResult<()> {
    let start = required(op, map, field, "startTime")?;
    let field = format!("{field}.startTime");
    let time = object(op, &field, start, &["timeOfDay", "timezone"])?;
    let tod = string(op, &format!("{field}.timeOfDay"), required(op, time, &field, "timeOfDay")?)?;
    if !is_time_of_day(tod) {
        let rule = "Member must satisfy regular expression pattern: ([0-1]?[0-9]|2[0-3]):[0-5][0-9]";
        return Err(constraint(op, VALIDATION, &format!("{field}.timeOfDay"), tod, rule));
    }
    let zone = string(op, &format!("{field}.timezone"), required(op, time, &field, "timezone")?)?;
    length(op, &format!("{field}.timezone"), zone, 1, 50)
}

fn check_day(op: Op, field: &str, v: &Value) -> CloudResult<()> {
    enum_value(op, field, string(op, field, v)?, &DAYS)
}

/// A `Schedule` union: exactly one of `oneTime`, `daily`, `weekly`, `monthly`.
fn check_schedule(op: Op, schedule: &Value) -> CloudResult<()> {
    let map = object(op, "schedule", schedule, &SCHEDULE_KINDS)?;
    let mut kinds = map.iter();
    let (Some((kind, body)), None) = (kinds.next(), kinds.next()) else {
        let msg = "schedule must have exactly one of oneTime, daily, weekly or monthly.";
        return Err(op.invalid(VALIDATION, msg));
    };
    let field = format!("schedule.{kind}");
    match kind.as_str() {
        "oneTime" => object(op, &field, body, &[]).map(|_| ()),
        "daily" => check_start_time(op, &field, object(op, &field, body, &["startTime"])?),
        "weekly" => {
            let map = object(op, &field, body, &["startTime", "days"])?;
            check_start_time(op, &field, map)?;
            let days_field = format!("{field}.days");
            let days = required(op, map, &field, "days")?;
            let days = days.as_array().ok_or_else(|| malformed(op, &days_field, "Member must be a list"))?;
            count(op, &days_field, days.len(), 1, 7)?;
            days.iter().try_for_each(|day| check_day(op, &days_field, day))
        }
        _ => {
            let map = object(op, &field, body, &["startTime", "day"])?;
            check_start_time(op, &field, map)?;
            check_day(op, &format!("{field}.day"), required(op, map, &field, "day")?)
        }
    }
}

/// `CreateCisTargets`: account ids (12 digits, `SELF` or `ALL_ACCOUNTS`) and resource tags.
fn check_cis_targets(op: Op, targets: &Value) -> CloudResult<()> {
    let map = object(op, "targets", targets, &["accountIds", "targetResourceTags"])?;
    let ids = required(op, map, "targets", "accountIds")?;
    let ids = ids.as_array().ok_or_else(|| malformed(op, "targets.accountIds", "Member must be a list"))?;
    count(op, "targets.accountIds", ids.len(), 1, 10_000)?;
    for id in ids {
        let id = string(op, "targets.accountIds", id)?;
        if !(is_account_id(id) || id == "SELF" || id == "ALL_ACCOUNTS") {
            let rule = "Member must satisfy regular expression pattern: \\d{12}|ALL_ACCOUNTS|SELF";
            return Err(constraint(op, VALIDATION, "targets.accountIds", id, rule));
        }
    }
    let field = "targets.targetResourceTags";
    let tags = required(op, map, "targets", "targetResourceTags")?;
    let tags = tags.as_object().ok_or_else(|| malformed(op, field, "Member must be a map"))?;
    count(op, field, tags.len(), 0, 5)?;
    let key_char = |c: char| c.is_alphanumeric() || (c.is_whitespace() && !c.is_control()) || "_.:/=-@".contains(c);
    for (key, values) in tags {
        length(op, field, key, 1, 128)?;
        if !key.chars().all(key_char) {
            let rule = "Member must satisfy regular expression pattern: [\\p{L}\\p{Z}\\p{N}_.:/=\\-@]*";
            return Err(constraint(op, VALIDATION, field, key, rule));
        }
        let field = format!("{field}.{key}");
        let values = values.as_array().ok_or_else(|| malformed(op, &field, "Member must be a list"))?;
        count(op, &field, values.len(), 1, 5)?;
        values.iter().try_for_each(|v| length(op, &field, string(op, &field, v)?, 1, 256))?;
    }
    Ok(())
}

fn check_cis_config(op: Op, c: &CisScanConfig) -> CloudResult<()> {
    length(op, "scanName", &c.scan_name, 1, 128)?;
    enum_value(op, "securityLevel", &c.security_level, &CIS_LEVELS)?;
    check_schedule(op, &c.schedule)?;
    check_cis_targets(op, &c.targets)
}

/// Organization configuration and member calls need the caller to be the delegated admin.
/// `org_admin` is the delegated admin the organization's management account designated
/// (another account's file), when this account is a member of that organization.
fn require_delegated_admin(op: Op, d: &Data, region: &str, action: &str, org_admin: Option<&str>) -> CloudResult<()> {
    let admin = d.region(region).inspector2.delegated_admin.as_deref().or(org_admin);
    if admin == Some(d.account_id.as_str()) {
        return Ok(());
    }
    let admin = admin.map_or("none is designated".to_string(), |a| format!("it is {a}"));
    let msg = format!(
        "Invoking account does not have access to {action}. Only the Amazon Inspector delegated administrator \
         of the organization can ({admin} in {region}, not {}).",
        d.account_id
    );
    Err(op.err(ErrorKind::AccessDenied, "AccessDeniedException", msg))
}

fn persist(path: &Path, data: &Data) -> io::Result<()> {
    let mut bytes = serde_json::to_vec_pretty(data).map_err(io::Error::other)?;
    bytes.push(b'\n');
    crate::fsutil::write_atomic(path, &bytes)
}

// ---- The sandbox ----

/// A simulated AWS account stored in a JSON file; see the module documentation.
#[derive(Debug)]
pub struct Sandbox {
    path: PathBuf,
    /// The organization's management account file, for a member account opened with
    /// `open_account`: its delegated-admin designation holds organization-wide.
    organization: Option<PathBuf>,
    data: Mutex<Data>,
    faults: Vec<String>,
    /// Simulated API calls made, as AWS would count them (one per operation).
    calls: std::sync::atomic::AtomicU64,
}

impl Sandbox {
    /// Loads the account at `path`, or starts an empty one if the file does not exist (it is
    /// created by the first mutating call). Reads `BASELINE_SANDBOX_FAIL` for fault injection.
    pub fn open(path: &Path) -> Result<Sandbox, SandboxError> {
        let data = match std::fs::read_to_string(path) {
            Ok(text) if text.trim().is_empty() => Data::default(),
            Ok(text) => serde_json::from_str(&text)
                .map_err(|source| SandboxError::Parse { path: path.to_path_buf(), source })?,
            Err(e) if e.kind() == io::ErrorKind::NotFound => Data::default(),
            Err(source) => return Err(SandboxError::Io { path: path.to_path_buf(), source }),
        };
        let env = std::env::var(FAULT_ENV).unwrap_or_default();
        let sandbox = Sandbox {
            organization: None,
            path: path.to_path_buf(),
            data: Mutex::new(data.normalised()),
            faults: vec![],
            calls: std::sync::atomic::AtomicU64::new(0),
        };
        Ok(sandbox.with_faults(env.split(',').map(str::to_string).collect()))
    }

    /// Opens the account `account_id` kept at `path`; a new file starts as that account (an
    /// `assume_role` into another account of the simulated organization).
    pub fn open_account(path: &Path, account_id: &str) -> Result<Sandbox, SandboxError> {
        let fresh = !path.exists();
        let sandbox = Sandbox::open(path)?;
        if fresh {
            sandbox.lock().account_id = account_id.to_string();
        }
        Ok(sandbox)
    }

    /// Makes this account a member of the organization whose management account is kept at
    /// `management`.
    pub fn in_organization(mut self, management: &Path) -> Sandbox {
        self.organization = Some(management.to_path_buf());
        self
    }

    /// The delegated admin the organization's management account designated in `region`.
    fn org_admin(&self, region: &str) -> Option<String> {
        let path = self.organization.as_ref()?;
        let text = std::fs::read_to_string(path).ok()?;
        let data: Data = serde_json::from_str(&text).ok()?;
        data.regions.get(region)?.inspector2.delegated_admin.clone()
    }

    /// Replaces the injected faults (`service:Operation` names), ignoring the environment.
    pub fn with_faults(mut self, faults: Vec<String>) -> Self {
        self.faults = faults.iter().map(|f| f.trim().to_string()).filter(|f| !f.is_empty()).collect();
        self
    }

    /// The account file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    fn lock(&self) -> MutexGuard<'_, Data> {
        // Writers swap in a finished copy, so a poisoned lock still guards consistent data.
        self.data.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn check_fault(&self, op: Op) -> CloudResult<()> {
        self.calls.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        if self.faults.iter().any(|f| op.matches(f)) {
            let msg = format!("{}:{} failed by fault injection ({FAULT_ENV})", op.0, op.1);
            return Err(op.err(ErrorKind::Other, "InjectedFault", msg));
        }
        Ok(())
    }

    fn read<T>(&self, op: Op, f: impl FnOnce(&Data) -> CloudResult<T>) -> CloudResult<T> {
        self.check_fault(op)?;
        f(&self.lock())
    }

    fn write<T>(&self, op: Op, f: impl FnOnce(&mut Data) -> CloudResult<T>) -> CloudResult<T> {
        self.check_fault(op)?;
        self.apply(op, f)
    }

    /// Runs `f` on a copy of the account and commits it (memory and file) only if both `f`
    /// and the write succeed, so a failed call never leaves half its changes behind.
    fn apply<T>(&self, op: Op, f: impl FnOnce(&mut Data) -> CloudResult<T>) -> CloudResult<T> {
        let mut guard = self.lock();
        let mut next = guard.clone();
        let out = f(&mut next)?;
        next.regions.retain(|_, r| *r != Region::default());
        persist(&self.path, &next).map_err(|e| {
            let msg = format!("cannot write sandbox account {}: {e}", self.path.display());
            op.err(ErrorKind::Other, "SandboxIoError", msg)
        })?;
        *guard = next;
        Ok(out)
    }
}

#[async_trait]
impl Cloud for Sandbox {
    fn api_calls(&self) -> Option<u64> {
        Some(self.calls.load(std::sync::atomic::Ordering::Relaxed))
    }

    async fn account_id(&self) -> CloudResult<String> {
        self.read(Op("sts", "GetCallerIdentity"), |d| Ok(d.account_id.clone()))
    }

    // ---- IAM ----

    async fn iam_create_service_linked_role(
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

    async fn iam_delete_service_linked_role(&self, role_name: &str) -> CloudResult<String> {
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

    async fn iam_get_role(&self, role_name: &str) -> CloudResult<Option<IamRole>> {
        self.read(Op("iam", "GetRole"), |d| {
            let key = d.role_key(role_name);
            Ok(key.and_then(|k| d.iam.roles.get(&k).map(|r| d.describe_role(&k, r))))
        })
    }

    async fn iam_create_role(&self, input: &CreateRoleInput) -> CloudResult<IamRole> {
        let op = Op("iam", "CreateRole");
        self.write(op, |d| {
            check_name(op, "ValidationError", "roleName", &input.name, 64, IAM_NAME_CHARS)?;
            let path = if input.path.is_empty() { "/" } else { input.path.as_str() };
            check_iam_path(op, path)?;
            check_policy(op, &input.assume_role_policy_document)?;
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
        })
    }

    async fn iam_update_role(&self, name: &str, desc: Option<&str>, max_session: Option<i64>) -> CloudResult<()> {
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

    async fn iam_update_assume_role_policy(&self, name: &str, document: &str) -> CloudResult<()> {
        let op = Op("iam", "UpdateAssumeRolePolicy");
        self.write(op, |d| {
            let (key, role) = d.role_mut(op, name)?;
            ensure_modifiable(op, &key, role)?;
            check_policy(op, document)?;
            role.assume_role_policy_document = Doc(document.to_string());
            Ok(())
        })
    }

    async fn iam_set_permissions_boundary(&self, name: &str, arn: Option<&str>) -> CloudResult<()> {
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

    async fn iam_tag_role(&self, name: &str, tags: &Tags) -> CloudResult<()> {
        let op = Op("iam", "TagRole");
        self.write(op, |d| {
            let (_, role) = d.role_mut(op, name)?;
            role.tags.extend(tags.iter().map(|(k, v)| (k.clone(), v.clone())));
            check_iam_tags(op, &role.tags)
        })
    }

    async fn iam_untag_role(&self, name: &str, keys: &[String]) -> CloudResult<()> {
        let op = Op("iam", "UntagRole");
        self.write(op, |d| {
            d.role_mut(op, name)?.1.tags.retain(|k, _| !keys.contains(k));
            Ok(())
        })
    }

    async fn iam_delete_role(&self, name: &str) -> CloudResult<()> {
        let op = Op("iam", "DeleteRole");
        self.write(op, |d| {
            let (key, role) = d.role_mut(op, name)?;
            ensure_modifiable(op, &key, role)?;
            if !role.inline_policies.is_empty() {
                let msg = "Cannot delete entity, must delete policies first.";
                return Err(op.err(ErrorKind::Conflict, "DeleteConflict", msg));
            }
            d.iam.roles.remove(&key);
            Ok(())
        })
    }

    async fn iam_list_role_policies(&self, name: &str) -> CloudResult<Vec<String>> {
        let op = Op("iam", "ListRolePolicies");
        self.read(op, |d| {
            let role = d.role(name).ok_or_else(|| no_such_role(op, name))?;
            Ok(role.inline_policies.keys().cloned().collect())
        })
    }

    async fn iam_get_role_policy(&self, name: &str, policy: &str) -> CloudResult<Option<String>> {
        self.read(Op("iam", "GetRolePolicy"), |d| {
            Ok(d.role(name).and_then(|r| r.inline_policies.get(policy)).map(|doc| doc.0.clone()))
        })
    }

    async fn iam_put_role_policy(&self, name: &str, policy: &str, document: &str) -> CloudResult<()> {
        let op = Op("iam", "PutRolePolicy");
        self.write(op, |d| {
            check_name(op, "ValidationError", "policyName", policy, 128, IAM_NAME_CHARS)?;
            let (key, role) = d.role_mut(op, name)?;
            ensure_modifiable(op, &key, role)?;
            check_policy(op, document)?;
            role.inline_policies.insert(policy.to_string(), Doc(document.to_string()));
            Ok(())
        })
    }

    async fn iam_delete_role_policy(&self, name: &str, policy: &str) -> CloudResult<()> {
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

    // ---- EventBridge ----

    async fn events_put_rule(&self, region: &str, input: &PutRuleInput) -> CloudResult<String> {
        let op = Op("events", "PutRule");
        let (arn, created) = self.write(op, |d| {
            check_name(op, "ValidationException", "name", &input.name, 64, EVENTS_NAME_CHARS)?;
            check_bus(op, &input.event_bus_name)?;
            let state = if input.state.is_empty() { "ENABLED" } else { input.state.as_str() };
            if !RULE_STATES.contains(&state) {
                let rule = format!("Member must satisfy enum value set: [{}]", RULE_STATES.join(", "));
                return Err(constraint(op, "ValidationException", "state", state, &rule));
            }
            if input.schedule_expression.is_none() && input.event_pattern.is_none() {
                let msg = "Parameter(s) EventPattern or ScheduleExpression must be specified.";
                return Err(op.invalid("ValidationException", msg));
            }
            if input.schedule_expression.as_deref().is_some_and(|e| crate::cron::Schedule::parse(e).is_err()) {
                return Err(op.invalid("ValidationException", "Parameter ScheduleExpression is not valid."));
            }
            if input.event_pattern.as_deref().is_some_and(|p| !is_json_object(p)) {
                let msg = "Event pattern is not valid. Reason: it must be a JSON object.";
                return Err(op.invalid("InvalidEventPatternException", msg));
            }
            check_len(op, "ValidationException", "description", input.description.as_deref().unwrap_or(""), 512)?;
            if let Some(p) = tag_problem(&input.tags, 50, 0) {
                return Err(op.invalid("ValidationException", p));
            }
            let arn = format!("{}rule/{}", d.arn_prefix("events", region), input.name);
            let rules = &mut d.region_mut(region).events.rules;
            let created = !rules.contains_key(&input.name);
            // Settings are replaced; tags and targets are left alone on an update.
            let rule = rules.entry(input.name.clone()).or_default();
            rule.schedule_expression.clone_from(&input.schedule_expression);
            rule.event_pattern = input.event_pattern.clone().map(Doc);
            rule.description.clone_from(&input.description);
            rule.role_arn.clone_from(&input.role_arn);
            rule.state = state.to_string();
            Ok((arn, created))
        })?;
        if created && !input.tags.is_empty() {
            // Tagging a new rule is a second AWS call that can fail on its own.
            self.write(Op("events", "TagResource"), |d| {
                if let Some(rule) = d.region_mut(region).events.rules.get_mut(&input.name) {
                    rule.tags.clone_from(&input.tags);
                }
                Ok(())
            })?;
        }
        Ok(arn)
    }

    async fn events_describe_rule(&self, region: &str, bus: &str, name: &str) -> CloudResult<Option<EventRule>> {
        let op = Op("events", "DescribeRule");
        self.read(op, |d| {
            self.check_fault(Op("events", "ListTagsForResource"))?;
            check_bus(op, bus)?;
            Ok(d.region(region).events.rules.get(name).map(|r| EventRule {
                name: name.to_string(),
                arn: format!("{}rule/{name}", d.arn_prefix("events", region)),
                event_bus_name: "default".into(),
                schedule_expression: r.schedule_expression.clone(),
                event_pattern: r.event_pattern.as_ref().map(|p| p.0.clone()),
                description: r.description.clone(),
                role_arn: r.role_arn.clone(),
                state: r.state.clone(),
                tags: r.tags.clone(),
            }))
        })
    }

    async fn events_set_tags(&self, region: &str, arn: &str, tags: &Tags) -> CloudResult<()> {
        let (tag_op, untag_op) = (Op("events", "TagResource"), Op("events", "UntagResource"));
        self.apply(tag_op, |d| {
            let name = match arn_parts(arn) {
                Some([_, _, "events", r, a, res]) if r == region && a == d.account_id => {
                    res.strip_prefix("rule/").unwrap_or(res)
                }
                _ => {
                    return Err(
                        tag_op.invalid("ValidationException", format!("Parameter ResourceARN {arn} is not valid."))
                    )
                }
            };
            if let Some(p) = tag_problem(tags, 50, 0) {
                return Err(tag_op.invalid("ValidationException", p));
            }
            let rule = d.region_mut(region).events.rules.get_mut(name).ok_or_else(|| rule_not_found(tag_op, name))?;
            // An AWS client untags removed keys and tags new or changed ones: fault each call.
            if rule.tags.keys().any(|k| !tags.contains_key(k)) {
                self.check_fault(untag_op)?;
            }
            if tags.iter().any(|(k, v)| rule.tags.get(k) != Some(v)) {
                self.check_fault(tag_op)?;
            }
            rule.tags.clone_from(tags);
            Ok(())
        })
    }

    async fn events_delete_rule(&self, region: &str, bus: &str, name: &str) -> CloudResult<()> {
        let op = Op("events", "DeleteRule");
        self.write(op, |d| {
            check_bus(op, bus)?;
            let rules = &mut d.region_mut(region).events.rules;
            if rules.get(name).is_some_and(|r| !r.targets.is_empty()) {
                let msg = "Rule can't be deleted since it has targets.";
                return Err(op.err(ErrorKind::Conflict, "ValidationException", msg));
            }
            rules.remove(name); // deleting a missing rule succeeds, as in AWS
            Ok(())
        })
    }

    async fn events_list_targets(&self, region: &str, bus: &str, rule: &str) -> CloudResult<Vec<EventTarget>> {
        let op = Op("events", "ListTargetsByRule");
        self.read(op, |d| {
            check_bus(op, bus)?;
            let found = d.region(region).events.rules.get(rule).ok_or_else(|| rule_not_found(op, rule))?;
            let to_target = |(id, t): (&String, &Target)| EventTarget {
                id: id.clone(),
                arn: t.arn.clone(),
                role_arn: t.role_arn.clone(),
                input: t.input.as_ref().map(|i| i.0.clone()),
                input_path: t.input_path.clone(),
            };
            Ok(found.targets.iter().map(to_target).collect())
        })
    }

    async fn events_put_targets(
        &self,
        region: &str,
        bus: &str,
        rule: &str,
        targets: &[EventTarget],
    ) -> CloudResult<()> {
        let op = Op("events", "PutTargets");
        self.write(op, |d| {
            check_bus(op, bus)?;
            targets.iter().try_for_each(|t| check_target(op, d, t))?;
            let found = d.region_mut(region).events.rules.get_mut(rule).ok_or_else(|| rule_not_found(op, rule))?;
            for t in targets {
                let input = t.input.clone().map(Doc);
                let target = Target { arn: t.arn.clone(), role_arn: t.role_arn.clone(), input, input_path: t.input_path.clone() };
                found.targets.insert(t.id.clone(), target);
            }
            if found.targets.len() > MAX_TARGETS_PER_RULE {
                let msg = format!("The requested resource exceeds the maximum number allowed ({MAX_TARGETS_PER_RULE} targets per rule).");
                return Err(op.invalid("LimitExceededException", msg));
            }
            Ok(())
        })
    }

    async fn events_remove_targets(&self, region: &str, bus: &str, rule: &str, ids: &[String]) -> CloudResult<()> {
        let op = Op("events", "RemoveTargets");
        self.write(op, |d| {
            check_bus(op, bus)?;
            let found = d.region_mut(region).events.rules.get_mut(rule).ok_or_else(|| rule_not_found(op, rule))?;
            found.targets.retain(|id, _| !ids.contains(id));
            Ok(())
        })
    }

    // ---- Inspector Classic ----

    async fn inspector_rules_packages(&self, region: &str) -> CloudResult<Vec<RulesPackage>> {
        let op = Op("inspector", "ListRulesPackages");
        self.read(op, |_| {
            self.check_fault(Op("inspector", "DescribeRulesPackages"))?;
            let to_package = |p: &PackageEntry| RulesPackage {
                arn: p.arn.clone(),
                name: p.name.clone(),
                version: "1.1".into(),
                provider: "Amazon Web Services, Inc.".into(),
            };
            Ok(inspector_packages(op, region)?.iter().map(to_package).collect())
        })
    }

    async fn inspector_create_resource_group(&self, region: &str, tags: &Tags) -> CloudResult<String> {
        let op = Op("inspector", "CreateResourceGroup");
        self.write(op, |d| {
            inspector_packages(op, region)?;
            if tags.is_empty() || tags.len() > 10 {
                let msg = "A resource group needs 1 to 10 tags.";
                return Err(op.bad_input("INVALID_NUMBER_OF_RESOURCE_GROUP_TAGS", msg));
            }
            if let Some(p) = tag_problem(tags, 10, 0) {
                return Err(op.bad_input("INVALID_RESOURCE_GROUP_TAG_KEY", p));
            }
            let arn =
                format!("{}resourcegroup/0-{}", d.arn_prefix("inspector", region), d.fresh_id(INSPECTOR_ALPHABET, 8));
            d.region_mut(region).inspector.resource_groups.insert(arn.clone(), tags.clone());
            Ok(arn)
        })
    }

    async fn inspector_describe_resource_groups(
        &self,
        region: &str,
        arns: &[String],
    ) -> CloudResult<Vec<ResourceGroup>> {
        let op = Op("inspector", "DescribeResourceGroups");
        self.read(op, |d| {
            inspector_packages(op, region)?;
            let groups = &d.region(region).inspector.resource_groups;
            let describe =
                |arn: &String| groups.get(arn).map(|tags| ResourceGroup { arn: arn.clone(), tags: tags.clone() });
            Ok(arns.iter().filter_map(describe).collect())
        })
    }

    async fn inspector_create_assessment_target(
        &self,
        region: &str,
        name: &str,
        group: Option<&str>,
    ) -> CloudResult<String> {
        let op = Op("inspector", "CreateAssessmentTarget");
        self.write(op, |d| {
            inspector_packages(op, region)?;
            check_target_update(op, &d.region(region).inspector, name, group, None)?;
            let arn = format!("{}target/0-{}", d.arn_prefix("inspector", region), d.fresh_id(INSPECTOR_ALPHABET, 8));
            let target = InspectorTarget { name: name.to_string(), resource_group_arn: group.map(str::to_string) };
            d.region_mut(region).inspector.assessment_targets.insert(arn.clone(), target);
            d.ensure_inspector_slr();
            Ok(arn)
        })
    }

    async fn inspector_update_assessment_target(
        &self,
        region: &str,
        arn: &str,
        name: &str,
        group: Option<&str>,
    ) -> CloudResult<()> {
        let op = Op("inspector", "UpdateAssessmentTarget");
        self.write(op, |d| {
            inspector_packages(op, region)?;
            let insp = &mut d.region_mut(region).inspector;
            if !insp.assessment_targets.contains_key(arn) {
                return Err(missing_inspector_entity(op, arn));
            }
            check_target_update(op, insp, name, group, Some(arn))?;
            let target = InspectorTarget { name: name.to_string(), resource_group_arn: group.map(str::to_string) };
            insp.assessment_targets.insert(arn.to_string(), target);
            Ok(())
        })
    }

    async fn inspector_describe_assessment_targets(
        &self,
        region: &str,
        arns: &[String],
    ) -> CloudResult<Vec<AssessmentTarget>> {
        let op = Op("inspector", "DescribeAssessmentTargets");
        self.read(op, |d| {
            inspector_packages(op, region)?;
            let targets = &d.region(region).inspector.assessment_targets;
            let describe = |arn: &String| {
                let t = targets.get(arn)?;
                let resource_group_arn = t.resource_group_arn.clone();
                Some(AssessmentTarget { arn: arn.clone(), name: t.name.clone(), resource_group_arn })
            };
            Ok(arns.iter().filter_map(describe).collect())
        })
    }

    async fn inspector_delete_assessment_target(&self, region: &str, arn: &str) -> CloudResult<()> {
        let op = Op("inspector", "DeleteAssessmentTarget");
        self.write(op, |d| {
            inspector_packages(op, region)?;
            let insp = &mut d.region_mut(region).inspector;
            if insp.assessment_targets.remove(arn).is_none() {
                return Err(missing_inspector_entity(op, arn));
            }
            insp.forget(arn);
            // AWS deletes the target's templates with it (Inspector Classic user guide).
            let prefix = format!("{arn}/template/");
            let templates: Vec<String> =
                insp.assessment_templates.keys().filter(|k| k.starts_with(&prefix)).cloned().collect();
            for template in templates {
                insp.assessment_templates.remove(&template);
                insp.forget(&template);
            }
            Ok(())
        })
    }

    async fn inspector_create_assessment_template(
        &self,
        region: &str,
        target_arn: &str,
        name: &str,
        duration_in_seconds: i64,
        rules_package_arns: &[String],
    ) -> CloudResult<String> {
        let op = Op("inspector", "CreateAssessmentTemplate");
        self.write(op, |d| {
            let packages = inspector_packages(op, region)?;
            check_inspector_name(op, name, "INVALID_ASSESSMENT_TEMPLATE_NAME")?;
            if !(180..=86_400).contains(&duration_in_seconds) {
                let msg = format!("Duration {duration_in_seconds} must be between 180 and 86400 seconds.");
                return Err(op.bad_input("INVALID_ASSESSMENT_TEMPLATE_DURATION", msg));
            }
            if rules_package_arns.len() > 50 {
                return Err(
                    op.bad_input("INVALID_NUMBER_OF_RULES_PACKAGE_ARNS", "At most 50 rules packages are allowed.")
                );
            }
            if let Some(bad) = rules_package_arns.iter().find(|a| !packages.iter().any(|p| &p.arn == *a)) {
                let msg = format!("{bad} is not a rules package of region {region}.");
                return Err(op.bad_input("INVALID_RULES_PACKAGE_ARN", msg));
            }
            let insp = &d.region(region).inspector;
            if !insp.assessment_targets.contains_key(target_arn) {
                return Err(missing_inspector_entity(op, target_arn));
            }
            let prefix = format!("{target_arn}/template/");
            if insp.assessment_templates.iter().any(|(k, t)| k.starts_with(&prefix) && t.name == name) {
                let msg = format!("The assessment template name {name} is already taken for this target.");
                let sub = "ASSESSMENT_TEMPLATE_NAME_ALREADY_TAKEN";
                return Err(op.inspector(ErrorKind::AlreadyExists, "InvalidInputException", sub, msg));
            }
            let arn = format!("{prefix}0-{}", d.fresh_id(INSPECTOR_ALPHABET, 8));
            let rules_package_arns = rules_package_arns.to_vec();
            let template = InspectorTemplate { name: name.to_string(), duration_in_seconds, rules_package_arns };
            d.region_mut(region).inspector.assessment_templates.insert(arn.clone(), template);
            d.ensure_inspector_slr();
            Ok(arn)
        })
    }

    async fn inspector_describe_assessment_templates(
        &self,
        region: &str,
        arns: &[String],
    ) -> CloudResult<Vec<AssessmentTemplate>> {
        let op = Op("inspector", "DescribeAssessmentTemplates");
        self.read(op, |d| {
            inspector_packages(op, region)?;
            let templates = &d.region(region).inspector.assessment_templates;
            let describe = |arn: &String| {
                let t = templates.get(arn)?;
                Some(AssessmentTemplate {
                    arn: arn.clone(),
                    name: t.name.clone(),
                    assessment_target_arn: arn.split_once("/template/")?.0.to_string(),
                    duration_in_seconds: t.duration_in_seconds,
                    rules_package_arns: t.rules_package_arns.clone(),
                })
            };
            Ok(arns.iter().filter_map(describe).collect())
        })
    }

    async fn inspector_delete_assessment_template(&self, region: &str, arn: &str) -> CloudResult<()> {
        let op = Op("inspector", "DeleteAssessmentTemplate");
        self.write(op, |d| {
            inspector_packages(op, region)?;
            let insp = &mut d.region_mut(region).inspector;
            if insp.assessment_templates.remove(arn).is_none() {
                return Err(missing_inspector_entity(op, arn));
            }
            insp.forget(arn);
            Ok(())
        })
    }

    async fn inspector_list_event_subscriptions(&self, region: &str, arn: &str) -> CloudResult<Vec<EventSubscription>> {
        let op = Op("inspector", "ListEventSubscriptions");
        self.read(op, |d| {
            inspector_packages(op, region)?;
            let subs = d.region(region).inspector.event_subscriptions.get(arn);
            Ok(subs.map(|s| s.iter().cloned().collect()).unwrap_or_default())
        })
    }

    async fn inspector_subscribe(&self, region: &str, arn: &str, sub: &EventSubscription) -> CloudResult<()> {
        let op = Op("inspector", "SubscribeToEvent");
        self.write(op, |d| {
            inspector_packages(op, region)?;
            check_subscription(op, sub)?;
            let insp = &mut d.region_mut(region).inspector;
            if !insp.contains(arn) {
                return Err(missing_inspector_entity(op, arn));
            }
            insp.event_subscriptions.entry(arn.to_string()).or_default().insert(sub.clone());
            Ok(())
        })
    }

    async fn inspector_unsubscribe(&self, region: &str, arn: &str, sub: &EventSubscription) -> CloudResult<()> {
        let op = Op("inspector", "UnsubscribeFromEvent");
        self.write(op, |d| {
            inspector_packages(op, region)?;
            check_subscription(op, sub)?;
            let insp = &mut d.region_mut(region).inspector;
            if !insp.contains(arn) {
                return Err(missing_inspector_entity(op, arn));
            }
            if let Some(subs) = insp.event_subscriptions.get_mut(arn) {
                subs.remove(sub);
                if subs.is_empty() {
                    insp.event_subscriptions.remove(arn);
                }
            }
            Ok(())
        })
    }

    async fn inspector_list_tags(&self, region: &str, arn: &str) -> CloudResult<Tags> {
        let op = Op("inspector", "ListTagsForResource");
        self.read(op, |d| {
            inspector_packages(op, region)?;
            let insp = &d.region(region).inspector;
            if !insp.contains(arn) {
                return Err(missing_inspector_entity(op, arn));
            }
            Ok(insp.tags.get(arn).cloned().unwrap_or_default())
        })
    }

    async fn inspector_set_tags(&self, region: &str, arn: &str, tags: &Tags) -> CloudResult<()> {
        let op = Op("inspector", "SetTagsForResource");
        self.write(op, |d| {
            inspector_packages(op, region)?;
            if let Some(p) = tag_problem(tags, 10, 1) {
                let sub = if tags.len() > 10 { "INVALID_NUMBER_OF_TAGS" } else { "INVALID_TAG" };
                return Err(op.bad_input(sub, p));
            }
            let insp = &mut d.region_mut(region).inspector;
            if !insp.contains(arn) {
                return Err(missing_inspector_entity(op, arn));
            }
            if tags.is_empty() {
                insp.tags.remove(arn);
            } else {
                insp.tags.insert(arn.to_string(), tags.clone());
            }
            Ok(())
        })
    }

    // ---- Amazon Inspector (v2) ----

    async fn inspector2_enable(
        &self,
        region: &str,
        account_ids: &[String],
        resource_types: &[String],
    ) -> CloudResult<()> {
        let op = Op("inspector2", "Enable");
        self.write(op, |d| {
            let ids = accounts_or_caller(op, d, account_ids)?;
            count(op, "resourceTypes", resource_types.len(), 1, SCAN_TYPES.len())?;
            scan_types(op, resource_types)?;
            let accounts = &mut d.region_mut(region).inspector2.accounts;
            for id in ids {
                accounts.entry(id).or_default().extend(resource_types.iter().cloned());
            }
            Ok(())
        })
    }

    async fn inspector2_disable(
        &self,
        region: &str,
        account_ids: &[String],
        resource_types: &[String],
    ) -> CloudResult<()> {
        let op = Op("inspector2", "Disable");
        self.write(op, |d| {
            let ids = accounts_or_caller(op, d, account_ids)?;
            scan_types(op, resource_types)?;
            let accounts = &mut d.region_mut(region).inspector2.accounts;
            for id in ids {
                let Some(enabled) = accounts.get_mut(&id) else { continue };
                // No resource types disables every scan type, and so Inspector itself.
                enabled.retain(|t| !resource_types.is_empty() && !resource_types.contains(t));
                if enabled.is_empty() {
                    accounts.remove(&id);
                }
            }
            Ok(())
        })
    }

    async fn inspector2_account_status(
        &self,
        region: &str,
        account_ids: &[String],
    ) -> CloudResult<Vec<Inspector2AccountStatus>> {
        let op = Op("inspector2", "BatchGetAccountStatus");
        self.read(op, |d| {
            let ids = accounts_or_caller(op, d, account_ids)?;
            let accounts = &d.region(region).inspector2.accounts;
            let status = |on: bool| if on { "ENABLED" } else { "DISABLED" }.to_string();
            let report = |id: String| {
                let enabled = accounts.get(&id);
                let on = |t: &str| enabled.is_some_and(|e| e.contains(t));
                let resource_status = SCAN_TYPES.iter().map(|t| (t.to_string(), status(on(t)))).collect();
                Inspector2AccountStatus {
                    status: status(enabled.is_some_and(|e| !e.is_empty())),
                    account_id: id,
                    resource_status,
                }
            };
            Ok(ids.into_iter().map(report).collect())
        })
    }

    async fn inspector2_create_filter(&self, region: &str, filter: &Inspector2Filter) -> CloudResult<String> {
        let op = Op("inspector2", "CreateFilter");
        self.write(op, |d| {
            check_filter(op, filter)?;
            check_v2_tags(op, &filter.tags)?;
            filter_name_taken(op, &d.region(region).inspector2, &filter.name, None)?;
            let id = d.fresh_id(HEX_ALPHABET, 16);
            let arn = format!("{}owner/{}/filter/{id}", d.arn_prefix("inspector2", region), d.account_id);
            let entry = FindingsFilter {
                name: filter.name.clone(),
                action: filter.action.clone(),
                description: filter.description.clone(),
                reason: filter.reason.clone(),
                criteria: filter.criteria.clone(),
                tags: filter.tags.clone(),
            };
            d.region_mut(region).inspector2.filters.insert(arn.clone(), entry);
            Ok(arn)
        })
    }

    async fn inspector2_update_filter(&self, region: &str, filter: &Inspector2Filter) -> CloudResult<()> {
        let op = Op("inspector2", "UpdateFilter");
        self.write(op, |d| {
            check_filter(op, filter)?;
            let insp = &mut d.region_mut(region).inspector2;
            if !insp.filters.contains_key(&filter.arn) {
                return Err(v2_not_found(op, "Filter", &filter.arn));
            }
            filter_name_taken(op, insp, &filter.name, Some(&filter.arn))?;
            let entry = insp.filters.get_mut(&filter.arn).ok_or_else(|| v2_not_found(op, "Filter", &filter.arn))?;
            // Everything but the tags is replaced.
            entry.name.clone_from(&filter.name);
            entry.action.clone_from(&filter.action);
            entry.description.clone_from(&filter.description);
            entry.reason.clone_from(&filter.reason);
            entry.criteria.clone_from(&filter.criteria);
            Ok(())
        })
    }

    async fn inspector2_list_filters(&self, region: &str, arns: &[String]) -> CloudResult<Vec<Inspector2Filter>> {
        let op = Op("inspector2", "ListFilters");
        self.read(op, |d| {
            let filters = &d.region(region).inspector2.filters;
            let describe = |arn: &String| {
                let f = filters.get(arn)?;
                Some(Inspector2Filter {
                    arn: arn.clone(),
                    name: f.name.clone(),
                    action: f.action.clone(),
                    description: f.description.clone(),
                    reason: f.reason.clone(),
                    criteria: f.criteria.clone(),
                    tags: f.tags.clone(),
                })
            };
            // Each is listed once, in the order asked for.
            Ok(crate::providers::unique(arns).iter().filter_map(describe).collect())
        })
    }

    async fn inspector2_delete_filter(&self, region: &str, arn: &str) -> CloudResult<()> {
        let op = Op("inspector2", "DeleteFilter");
        self.write(op, |d| match d.region_mut(region).inspector2.filters.remove(arn) {
            Some(_) => Ok(()),
            None => Err(v2_not_found(op, "Filter", arn)),
        })
    }

    async fn inspector2_set_tags(&self, region: &str, arn: &str, tags: &Tags) -> CloudResult<()> {
        let (tag_op, untag_op) = (Op("inspector2", "TagResource"), Op("inspector2", "UntagResource"));
        self.apply(tag_op, |d| {
            check_v2_tags(tag_op, tags)?;
            let have =
                d.region_mut(region).inspector2.tags_mut(arn).ok_or_else(|| v2_not_found(tag_op, "Resource", arn))?;
            // An AWS client untags removed keys and tags new or changed ones: fault each call.
            if have.keys().any(|k| !tags.contains_key(k)) {
                self.check_fault(untag_op)?;
            }
            if tags.iter().any(|(k, v)| have.get(k) != Some(v)) {
                self.check_fault(tag_op)?;
            }
            have.clone_from(tags);
            Ok(())
        })
    }

    async fn inspector2_describe_org_config(&self, region: &str) -> CloudResult<BTreeMap<String, bool>> {
        let org_admin = self.org_admin(region);
        let op = Op("inspector2", "DescribeOrganizationConfiguration");
        self.read(op, |d| {
            require_delegated_admin(op, d, region, "describe the organization configuration", org_admin.as_deref())?;
            let stored = &d.region(region).inspector2.auto_enable;
            Ok(AUTO_ENABLE_KEYS.iter().map(|k| (k.to_string(), stored.get(*k).copied().unwrap_or(false))).collect())
        })
    }

    async fn inspector2_update_org_config(
        &self,
        region: &str,
        auto_enable: &BTreeMap<String, bool>,
    ) -> CloudResult<()> {
        let org_admin = self.org_admin(region);
        let op = Op("inspector2", "UpdateOrganizationConfiguration");
        self.write(op, |d| {
            for key in ["ec2", "ecr"] {
                if !auto_enable.contains_key(key) {
                    return Err(malformed(op, &format!("autoEnable.{key}"), "Member must not be null"));
                }
            }
            if let Some(unknown) = auto_enable.keys().find(|k| !AUTO_ENABLE_KEYS.contains(&k.as_str())) {
                let msg = format!("'{unknown}' is not a member of AutoEnable ({}).", AUTO_ENABLE_KEYS.join(", "));
                return Err(op.invalid(VALIDATION, msg));
            }
            require_delegated_admin(op, d, region, "update the organization configuration", org_admin.as_deref())?;
            // Keys left out (lambda, lambdaCode are optional) keep their setting.
            let stored = &mut d.region_mut(region).inspector2.auto_enable;
            stored.extend(auto_enable.iter().map(|(k, v)| (k.clone(), *v)));
            Ok(())
        })
    }

    async fn inspector2_enable_delegated_admin(&self, region: &str, account_id: &str) -> CloudResult<()> {
        let op = Op("inspector2", "EnableDelegatedAdminAccount");
        self.write(op, |d| {
            account_ids(op, "delegatedAdminAccountId", &[account_id.to_string()])?;
            let insp = &mut d.region_mut(region).inspector2;
            match insp.delegated_admin.as_deref() {
                Some(admin) if admin == account_id => Ok(()),
                Some(admin) => {
                    let msg = format!(
                        "The organization already has a delegated administrator for Amazon Inspector ({admin}); \
                         disable it before designating {account_id}."
                    );
                    Err(op.err(ErrorKind::Conflict, "ConflictException", msg))
                }
                None => {
                    insp.delegated_admin = Some(account_id.to_string());
                    Ok(())
                }
            }
        })
    }

    async fn inspector2_list_delegated_admins(&self, region: &str) -> CloudResult<Vec<(String, String)>> {
        self.read(Op("inspector2", "ListDelegatedAdminAccounts"), |d| {
            let admin = d.region(region).inspector2.delegated_admin.clone();
            Ok(admin.into_iter().map(|a| (a, "ENABLED".to_string())).collect())
        })
    }

    async fn inspector2_disable_delegated_admin(&self, region: &str, account_id: &str) -> CloudResult<()> {
        let op = Op("inspector2", "DisableDelegatedAdminAccount");
        self.write(op, |d| {
            account_ids(op, "delegatedAdminAccountId", &[account_id.to_string()])?;
            let insp = &mut d.region_mut(region).inspector2;
            if insp.delegated_admin.as_deref() != Some(account_id) {
                return Err(v2_not_found(op, "Delegated administrator", account_id));
            }
            // Members were associated with the administrator; they go with it.
            insp.delegated_admin = None;
            insp.members.clear();
            Ok(())
        })
    }

    async fn inspector2_associate_member(&self, region: &str, account_id: &str) -> CloudResult<()> {
        let org_admin = self.org_admin(region);
        let op = Op("inspector2", "AssociateMember");
        self.write(op, |d| {
            account_ids(op, "accountId", &[account_id.to_string()])?;
            require_delegated_admin(op, d, region, "associate members", org_admin.as_deref())?;
            if account_id == d.account_id {
                let msg = format!("Account {account_id} is the delegated administrator and cannot be its own member.");
                return Err(op.invalid(VALIDATION, msg));
            }
            let caller = d.account_id.clone();
            let members = &mut d.region_mut(region).inspector2.members;
            // Associating a member again changes nothing.
            members.entry(account_id.to_string()).or_insert_with(|| Inspector2MemberEntry {
                relationship_status: "ENABLED".into(),
                delegated_admin_account_id: Some(caller),
                updated_at: Some(now_rfc3339()),
            });
            Ok(())
        })
    }

    async fn inspector2_get_member(&self, region: &str, account_id: &str) -> CloudResult<Option<Inspector2Member>> {
        let org_admin = self.org_admin(region);
        let op = Op("inspector2", "GetMember");
        self.read(op, |d| {
            account_ids(op, "accountId", &[account_id.to_string()])?;
            require_delegated_admin(op, d, region, "get members", org_admin.as_deref())?;
            let insp = &d.region(region).inspector2;
            Ok(insp.members.get(account_id).map(|m| Inspector2Member {
                account_id: account_id.to_string(),
                relationship_status: m.relationship_status.clone(),
                delegated_admin_account_id: m
                    .delegated_admin_account_id
                    .clone()
                    .or_else(|| insp.delegated_admin.clone()),
                updated_at: m.updated_at.clone(),
            }))
        })
    }

    async fn inspector2_disassociate_member(&self, region: &str, account_id: &str) -> CloudResult<()> {
        let org_admin = self.org_admin(region);
        let op = Op("inspector2", "DisassociateMember");
        self.write(op, |d| {
            account_ids(op, "accountId", &[account_id.to_string()])?;
            require_delegated_admin(op, d, region, "disassociate members", org_admin.as_deref())?;
            match d.region_mut(region).inspector2.members.remove(account_id) {
                Some(_) => Ok(()),
                None => Err(v2_not_found(op, "Member account", account_id)),
            }
        })
    }

    async fn inspector2_create_cis_scan(&self, region: &str, config: &CisScanConfig) -> CloudResult<String> {
        let op = Op("inspector2", "CreateCisScanConfiguration");
        self.write(op, |d| {
            check_cis_config(op, config)?;
            check_v2_tags(op, &config.tags)?;
            let id = d.fresh_uuid();
            let arn = format!("{}owner/{}/cis-configuration/{id}", d.arn_prefix("inspector2", region), d.account_id);
            let entry = CisScanEntry {
                scan_name: config.scan_name.clone(),
                security_level: config.security_level.clone(),
                schedule: config.schedule.clone(),
                targets: config.targets.clone(),
                tags: config.tags.clone(),
            };
            d.region_mut(region).inspector2.cis_scan_configurations.insert(arn.clone(), entry);
            Ok(arn)
        })
    }

    async fn inspector2_update_cis_scan(&self, region: &str, config: &CisScanConfig) -> CloudResult<()> {
        let op = Op("inspector2", "UpdateCisScanConfiguration");
        self.write(op, |d| {
            check_cis_config(op, config)?;
            let configs = &mut d.region_mut(region).inspector2.cis_scan_configurations;
            let entry =
                configs.get_mut(&config.arn).ok_or_else(|| v2_not_found(op, "CIS scan configuration", &config.arn))?;
            // Everything but the tags is replaced.
            entry.scan_name.clone_from(&config.scan_name);
            entry.security_level.clone_from(&config.security_level);
            entry.schedule.clone_from(&config.schedule);
            entry.targets.clone_from(&config.targets);
            Ok(())
        })
    }

    async fn inspector2_list_cis_scans(&self, region: &str, arns: &[String]) -> CloudResult<Vec<CisScanConfig>> {
        let op = Op("inspector2", "ListCisScanConfigurations");
        self.read(op, |d| {
            let configs = &d.region(region).inspector2.cis_scan_configurations;
            let describe = |arn: &String| {
                let c = configs.get(arn)?;
                Some(CisScanConfig {
                    arn: arn.clone(),
                    scan_name: c.scan_name.clone(),
                    security_level: c.security_level.clone(),
                    schedule: c.schedule.clone(),
                    targets: c.targets.clone(),
                    tags: c.tags.clone(),
                })
            };
            Ok(crate::providers::unique(arns).iter().filter_map(describe).collect())
        })
    }

    async fn inspector2_delete_cis_scan(&self, region: &str, arn: &str) -> CloudResult<()> {
        let op = Op("inspector2", "DeleteCisScanConfiguration");
        self.write(op, |d| match d.region_mut(region).inspector2.cis_scan_configurations.remove(arn) {
            Some(_) => Ok(()),
            None => Err(v2_not_found(op, "CIS scan configuration", arn)),
        })
    }
}

#[cfg(test)]
mod tests;
