//! The embedded sandbox: a simulated AWS account kept in one JSON file.
//!
//! [`Sandbox`] implements every service's API (see `crate::services`, each service's
//! `sandbox.rs`) over a local file so that baseline can be tried and tested
//! without credentials. It mirrors what a user would notice of AWS (names, ARNs, validation,
//! error codes and messages, dependency errors), not every API detail.
//!
//! # File format
//!
//! One pretty-printed JSON document with keys in sorted order, so the same account always
//! serialises to the same bytes. Each mutating call appends what it changed to `FILE.log`
//! beside it before returning (`log.rs`; its cost is what the call changed, not the size of the
//! account); the whole file is rewritten atomically when the log outgrows it and when the
//! sandbox is closed, and a log left by a killed run is taken in when the account is next
//! opened. Between runs, edit the file by hand to simulate changes made outside baseline; every
//! field may be left out (it takes its default), so a partial file such as
//! `{"iam": {"roles": {"Ops": {}}}}` loads.
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
//! `BASELINE_SANDBOX_FAIL` (read by the command layer) or [`Sandbox::with_faults`] lists AWS
//! operations as `service:Operation`, comma separated, e.g. `events:PutTargets,iam:CreateRole`.
//! Every call of a listed operation fails with kind [`ErrorKind::Other`], code `InjectedFault`,
//! before changing anything; a name ending in `@after` (`iam:CreateRole@after`) makes the call
//! take effect and then fail with code `InternalFailure`, as when its response is lost; and
//! `lose:0.1` makes a tenth of all mutating calls (picked by a hash of the call count and the
//! process id) do the same. Trait methods that stand for several AWS calls fail at the listed
//! one: `Events::put_rule` on a new rule with tags is `PutRule` then `TagResource`, so faulting
//! `events:TagResource` leaves the rule created untagged, like a real partial failure;
//! `Events::set_tags` is `UntagResource` and/or `TagResource` depending on the change;
//! `Iam::set_permissions_boundary` is `PutRolePermissionsBoundary` or
//! `DeleteRolePermissionsBoundary`; `Events::describe_rule` also answers to
//! `events:ListTagsForResource` when it reads tags.
//! `Inspector2::set_tags` is, like `Events::set_tags`, `inspector2:UntagResource` and/or
//! `inspector2:TagResource`; the other `Inspector2` methods are one call each.
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

use std::collections::BTreeMap;
use std::fmt::Display;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::{LazyLock, Mutex, MutexGuard};
use std::time::{SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;

use super::{CloudError, CloudResult, ErrorKind, Tags};
use crate::services::events::sandbox::EventsState;
use crate::services::iam::sandbox::IamState;
use crate::services::inspector::sandbox::InspectorState;
use crate::services::inspector2::sandbox::Inspector2State;
use crate::services::organizations::sandbox::OrganizationState;
use crate::services::sns::sandbox::SnsState;

/// The error code of a request that breaks the API's constraints (most services).
pub(crate) const VALIDATION: &str = "ValidationException";
/// Account id of a new sandbox account.
pub const ACCOUNT_ID: &str = "123456789012";
/// Environment variable listing operations that fail (see the module documentation).
pub const FAULT_ENV: &str = "BASELINE_SANDBOX_FAIL";

pub(crate) const IAM_ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
pub(crate) const INSPECTOR_ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
pub(crate) const HEX_ALPHABET: &[u8] = b"0123456789abcdef";

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
pub(crate) struct Doc(pub(crate) String);

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

pub(crate) fn default_path() -> String {
    "/".into()
}
pub(crate) fn default_session() -> i64 {
    3600
}
pub(crate) fn default_state() -> String {
    "ENABLED".into()
}
pub(crate) fn default_filter_action() -> String {
    "NONE".into()
}

// Missing fields take their defaults: `#[serde(default)]` on a struct uses its `Default`, on a
// field the named function (used where the type's `Default` is not AWS's default).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub(crate) struct Data {
    pub(crate) account_id: String,
    pub(crate) next_id: u64,
    /// Global services' state, one field per service that keeps some.
    pub(crate) iam: IamState,
    /// The organization this account manages (`None`: the sandbox's default one).
    pub(crate) organization: Option<OrganizationState>,
    pub(crate) regions: BTreeMap<String, Region>,
}

impl Default for Data {
    fn default() -> Self {
        Data {
            account_id: ACCOUNT_ID.into(),
            next_id: 0,
            iam: IamState::default(),
            organization: None,
            regions: BTreeMap::new(),
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub(crate) struct Region {
    // Regional services' state, one field per service that keeps some.
    pub(crate) events: EventsState,
    pub(crate) inspector: InspectorState,
    pub(crate) inspector2: Inspector2State,
    pub(crate) sns: SnsState,
}

impl table::Tables for Data {
    fn tables(&mut self, _: &str, f: &mut dyn FnMut(&str, &mut dyn table::AnyTable)) {
        self.iam.tables("iam", f);
        for (name, r) in &mut self.regions {
            r.tables(&format!("regions/{name}"), f);
        }
    }
}

impl table::Tables for Region {
    fn tables(&mut self, path: &str, f: &mut dyn FnMut(&str, &mut dyn table::AnyTable)) {
        self.events.tables(&format!("{path}/events"), f);
        self.inspector.tables(&format!("{path}/inspector"), f);
        self.inspector2.tables(&format!("{path}/inspector2"), f);
        self.sns.tables(&format!("{path}/sns"), f);
    }
}

/// What reads of a region that was never written see.
pub(crate) static EMPTY_REGION: LazyLock<Region> = LazyLock::new(Region::default);

// ---- Ids, time, partitions ----

pub(crate) fn splitmix64(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

pub(crate) fn render_id(seed: u64, alphabet: &[u8], len: usize) -> String {
    let mut state = seed;
    let n = alphabet.len() as u64;
    (0..len).map(|_| char::from(alphabet[(splitmix64(&mut state) % n) as usize])).collect()
}

/// FNV-1a, to give hand-added roles a stable id without consuming `next_id`.
pub(crate) fn fnv1a(s: &str) -> u64 {
    s.bytes().fold(0xCBF2_9CE4_8422_2325, |h, b| (h ^ u64::from(b)).wrapping_mul(0x100_0000_01B3))
}

/// Seconds since the Unix epoch as RFC 3339 UTC (civil-from-days after H. Hinnant).
pub(crate) fn rfc3339(secs: u64) -> String {
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

pub(crate) fn now_rfc3339() -> String {
    // A clock before 1970 is not worth an error; it renders as the epoch.
    rfc3339(SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0))
}

pub(crate) fn partition(region: &str) -> &'static str {
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
    pub(crate) fn fresh_id(&mut self, alphabet: &[u8], len: usize) -> String {
        let seed = self.next_id;
        self.next_id = seed.wrapping_add(1); // a hand-edited counter may be anything
        render_id(seed, alphabet, len)
    }

    /// Next deterministic id shaped like a UUID (8-4-4-4-12 lowercase hex).
    pub(crate) fn fresh_uuid(&mut self) -> String {
        let h = self.fresh_id(HEX_ALPHABET, 32);
        format!("{}-{}-{}-{}-{}", &h[..8], &h[8..12], &h[12..16], &h[16..20], &h[20..])
    }

    /// Fills fields a hand-edited file may lack; persisted with the next write.
    pub(crate) fn normalised(mut self) -> Self {
        for (name, role) in self.iam.roles.iter_mut() {
            if role.role_id.is_empty() {
                role.role_id = format!("AROA{}", render_id(fnv1a(name), IAM_ALPHABET, 17));
            }
            if role.create_date.is_empty() {
                role.create_date = now_rfc3339();
            }
        }
        self
    }

    pub(crate) fn region(&self, region: &str) -> &Region {
        self.regions.get(region).unwrap_or(&EMPTY_REGION)
    }

    pub(crate) fn region_mut(&mut self, region: &str) -> &mut Region {
        self.regions.entry(region.to_string()).or_default()
    }

    pub(crate) fn arn_prefix(&self, service: &str, region: &str) -> String {
        format!("arn:{}:{service}:{region}:{}:", partition(region), self.account_id)
    }
}

// ---- Errors and validation ----

/// One AWS operation (`service`, `Operation`): names faults and errors.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Op(pub(crate) &'static str, pub(crate) &'static str);

impl Op {
    pub(crate) fn err(self, kind: ErrorKind, code: &str, message: impl Into<String>) -> CloudError {
        CloudError::new(self.0, self.1, kind, code, message)
    }
    pub(crate) fn invalid(self, code: &str, message: impl Into<String>) -> CloudError {
        self.err(ErrorKind::Invalid, code, message)
    }
    pub(crate) fn not_found(self, code: &str, message: impl Into<String>) -> CloudError {
        self.err(ErrorKind::NotFound, code, message)
    }
    /// Inspector errors carry a sub-code (`errorCode`); it goes into the message.
    pub(crate) fn inspector(self, kind: ErrorKind, exception: &str, sub: &str, msg: impl Display) -> CloudError {
        self.err(kind, exception, format!("{msg} (errorCode: {sub})"))
    }
    pub(crate) fn bad_input(self, sub: &str, msg: impl Display) -> CloudError {
        self.inspector(ErrorKind::Invalid, "InvalidInputException", sub, msg)
    }
    pub(crate) fn matches(self, fault: &str) -> bool {
        fault.split_once(':').is_some_and(|(service, operation)| {
            service.eq_ignore_ascii_case(self.0) && operation.eq_ignore_ascii_case(self.1)
        })
    }
}

/// AWS's usual wording for a request-field violation.
pub(crate) fn constraint(op: Op, code: &str, field: &str, value: &str, rule: &str) -> CloudError {
    let msg = format!("1 validation error detected: Value '{value}' at '{field}' failed to satisfy constraint: {rule}");
    op.invalid(code, msg)
}

/// Checks a name of 1..=`max` ASCII letters, digits and `extra` characters.
pub(crate) fn check_name(op: Op, code: &str, field: &str, value: &str, max: usize, extra: &str) -> CloudResult<()> {
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

pub(crate) fn check_len(op: Op, code: &str, field: &str, value: &str, max: usize) -> CloudResult<()> {
    if value.chars().count() > max {
        let rule = format!("Member must have length less than or equal to {max}");
        return Err(constraint(op, code, field, value, &rule));
    }
    Ok(())
}

pub(crate) fn is_json_object(text: &str) -> bool {
    matches!(serde_json::from_str::<Value>(text), Ok(Value::Object(_)))
}

/// What is wrong with a tag set, if anything.
pub(crate) fn tag_problem(tags: &Tags, max_count: usize, min_value: usize) -> Option<String> {
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

/// Splits `arn:partition:service:region:account:resource`.
pub(crate) fn arn_parts(arn: &str) -> Option<[&str; 6]> {
    let mut it = arn.splitn(6, ':');
    let parts = [it.next()?, it.next()?, it.next()?, it.next()?, it.next()?, it.next()?];
    (parts[0] == "arn").then_some(parts)
}

pub(crate) fn is_account_id(id: &str) -> bool {
    id.len() == 12 && id.bytes().all(|b| b.is_ascii_digit())
}

/// A request member that is missing or of the wrong JSON type.
pub(crate) fn malformed(op: Op, field: &str, rule: &str) -> CloudError {
    let msg = format!("1 validation error detected: Value at '{field}' failed to satisfy constraint: {rule}");
    op.invalid(VALIDATION, msg)
}

pub(crate) fn enum_value(op: Op, field: &str, value: &str, allowed: &[&str]) -> CloudResult<()> {
    if allowed.contains(&value) {
        return Ok(());
    }
    let rule = format!("Member must satisfy enum value set: [{}]", allowed.join(", "));
    Err(constraint(op, VALIDATION, field, value, &rule))
}

pub(crate) fn length(op: Op, field: &str, value: &str, min: usize, max: usize) -> CloudResult<()> {
    if (min..=max).contains(&value.chars().count()) {
        return Ok(());
    }
    let rule = format!("Member must have length between {min} and {max}");
    Err(constraint(op, VALIDATION, field, value, &rule))
}

pub(crate) fn count(op: Op, field: &str, n: usize, min: usize, max: usize) -> CloudResult<()> {
    if (min..=max).contains(&n) {
        return Ok(());
    }
    let rule = format!("Member must have between {min} and {max} items");
    Err(constraint(op, VALIDATION, field, &n.to_string(), &rule))
}

pub(crate) fn account_ids(op: Op, field: &str, ids: &[String]) -> CloudResult<()> {
    match ids.iter().find(|id| !is_account_id(id)) {
        Some(bad) => {
            Err(constraint(op, VALIDATION, field, bad, "Member must satisfy regular expression pattern: \\d{12}"))
        }
        None => Ok(()),
    }
}

/// The members of JSON object `v` at `field`, none outside `allowed`.
pub(crate) fn object<'a>(
    op: Op,
    field: &str,
    v: &'a Value,
    allowed: &[&str],
) -> CloudResult<&'a serde_json::Map<String, Value>> {
    let map = v.as_object().ok_or_else(|| malformed(op, field, "Member must be a structure"))?;
    if let Some(unknown) = map.keys().find(|k| !allowed.contains(&k.as_str())) {
        let msg = format!("Unknown member '{unknown}' at '{field}'; expected one of: {}", allowed.join(", "));
        return Err(op.invalid(VALIDATION, msg));
    }
    Ok(map)
}

pub(crate) fn required<'a>(
    op: Op,
    map: &'a serde_json::Map<String, Value>,
    field: &str,
    key: &str,
) -> CloudResult<&'a Value> {
    map.get(key).ok_or_else(|| malformed(op, &format!("{field}.{key}"), "Member must not be null"))
}

pub(crate) fn string<'a>(op: Op, field: &str, v: &'a Value) -> CloudResult<&'a str> {
    v.as_str().ok_or_else(|| malformed(op, field, "Member must be a string"))
}

pub(crate) fn number(op: Op, field: &str, v: &Value) -> CloudResult<f64> {
    v.as_f64().ok_or_else(|| malformed(op, field, "Member must be a number"))
}

/// Writes the whole account to `path` (atomically), dropping regions with nothing in them.
pub(crate) fn persist(path: &Path, data: &mut Data) -> io::Result<()> {
    data.regions.retain(|_, r| *r != Region::default());
    let mut bytes = serde_json::to_vec_pretty(data).map_err(io::Error::other)?;
    bytes.push(b'\n');
    crate::fsutil::write_atomic(path, &bytes)
}

/// The log outgrows the whole file (so it is compacted) at this many bytes, or at the size
/// the whole file had when last written if that is larger: rewriting stays amortised O(1)
/// per call.
const LOG_COMPACT_BYTES: u64 = 4 << 20;

// ---- The sandbox ----

/// A simulated AWS account stored in a JSON file; see the module documentation.
#[derive(Debug)]
pub struct Sandbox {
    pub(crate) path: PathBuf,
    /// The organization's management account file, for a member account opened with
    /// `open_account`: its delegated-admin designation holds organization-wide.
    pub(crate) organization: Option<PathBuf>,
    pub(crate) data: Mutex<Data>,
    pub(crate) faults: Vec<String>,
    /// Operations whose calls take effect and then fail, as if the response were lost.
    pub(crate) lost: Vec<String>,
    /// The share of all mutating calls that take effect and then fail (`lose:RATE`), picked
    /// by a hash of the call count and the process id.
    pub(crate) lose_rate: f64,
    /// Simulated API calls made, as AWS would count them (one per operation).
    pub(crate) calls: std::sync::atomic::AtomicU64,
    /// The account file's change log (locked after `data`, never before).
    log: Mutex<log::Log>,
    /// The whole file's size when last written.
    whole_bytes: std::sync::atomic::AtomicU64,
    /// The log is compacted once it holds more than this and `whole_bytes`.
    compact_at: u64,
}

impl Sandbox {
    /// Loads the account at `path`, or starts an empty one if the file does not exist (it is
    /// created by the first mutating call). No faults are injected (see [`Sandbox::with_faults`]).
    pub fn open(path: &Path) -> Result<Sandbox, SandboxError> {
        crate::fsutil::remove_stale_temps(path);
        let (mut data, replayed) = log::load(path)?;
        if replayed {
            // A killed run's calls: into the whole file, so it alone is the account again.
            let io = |source| SandboxError::Io { path: path.to_path_buf(), source };
            persist(path, &mut data).map_err(io)?;
            log::Log::default().clear(path).map_err(io)?;
        }
        let whole = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
        Ok(Sandbox {
            organization: None,
            path: path.to_path_buf(),
            data: Mutex::new(data.normalised()),
            faults: vec![],
            lost: vec![],
            lose_rate: 0.0,
            calls: std::sync::atomic::AtomicU64::new(0),
            log: Mutex::new(log::Log::default()),
            whole_bytes: std::sync::atomic::AtomicU64::new(whole),
            compact_at: LOG_COMPACT_BYTES,
        })
    }

    /// Opens the account `account_id` kept at `path`; a new file starts as that account (an
    /// `assume_role` into another account of the simulated organization).
    pub fn open_account(path: &Path, account_id: &str) -> Result<Sandbox, SandboxError> {
        let fresh = !path.exists();
        let sandbox = Sandbox::open(path)?;
        if fresh {
            // Through a call, so the log records it.
            sandbox
                .apply(Op("sandbox", "OpenAccount"), |d| {
                    d.account_id = account_id.to_string();
                    Ok(())
                })
                .map_err(|e| SandboxError::Io { path: path.to_path_buf(), source: io::Error::other(e.to_string()) })?;
        }
        Ok(sandbox)
    }

    /// Makes this account a member of the organization whose management account is kept at
    /// `management`.
    pub fn in_organization(mut self, management: &Path) -> Sandbox {
        self.organization = Some(management.to_path_buf());
        self
    }

    /// Replaces the injected faults (`service:Operation` names), ignoring the environment. A
    /// name ending in `@after` makes its calls take effect and then fail, as when a response
    /// is lost (`iam:CreateRole@after`).
    pub fn with_faults(mut self, faults: Vec<String>) -> Self {
        let names: Vec<String> = faults.iter().map(|f| f.trim().to_string()).filter(|f| !f.is_empty()).collect();
        self.lost = names.iter().filter_map(|f| f.strip_suffix("@after").map(str::to_string)).collect();
        self.lose_rate = names
            .iter()
            .rev()
            .find_map(|f| f.strip_prefix("lose:")?.parse::<f64>().ok())
            .unwrap_or(0.0)
            .clamp(0.0, 1.0);
        self.faults = names.into_iter().filter(|f| !f.ends_with("@after") && !f.starts_with("lose:")).collect();
        self
    }

    /// Simulated API calls made so far, as AWS would count them (one per operation).
    pub fn api_calls(&self) -> u64 {
        self.calls.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// The account file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    pub(crate) fn lock(&self) -> MutexGuard<'_, Data> {
        // Poisoned only by a panic inside a call (a bug, which ends the run): the data is
        // what that call left, and nothing of it was logged.
        self.data.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    pub(crate) fn check_fault(&self, op: Op) -> CloudResult<()> {
        self.calls.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        if self.faults.iter().any(|f| op.matches(f)) {
            let msg = format!("{}:{} failed by fault injection ({FAULT_ENV})", op.0, op.1);
            return Err(op.err(ErrorKind::Other, "InjectedFault", msg));
        }
        Ok(())
    }

    pub(crate) fn read<T>(&self, op: Op, f: impl FnOnce(&Data) -> CloudResult<T>) -> CloudResult<T> {
        self.check_fault(op)?;
        f(&self.lock())
    }

    pub(crate) fn write<T>(&self, op: Op, f: impl FnOnce(&mut Data) -> CloudResult<T>) -> CloudResult<T> {
        self.check_fault(op)?;
        let out = self.apply(op, f)?;
        let n = self.calls.load(std::sync::atomic::Ordering::Relaxed);
        // The process id in the mix: each run loses other calls, as real losses are.
        let draw = (splitmix64(&mut (n ^ (u64::from(std::process::id()) << 32))) >> 11) as f64 / ((1u64 << 53) as f64);
        let unlucky = self.lose_rate > 0.0 && draw < self.lose_rate;
        if unlucky || self.lost.iter().any(|l| op.matches(l)) {
            let msg = format!("{}:{} took effect, but its response was lost ({FAULT_ENV} @after)", op.0, op.1);
            return Err(op.err(ErrorKind::Other, "InternalFailure", msg));
        }
        Ok(out)
    }

    /// Runs `f` on the account and keeps its changes (in memory and in the file's log) only
    /// if both `f` and the log write succeed, so a failed call never leaves half its changes
    /// behind. Costs what `f` changed, not the size of the account (see `table.rs`).
    pub(crate) fn apply<T>(&self, op: Op, f: impl FnOnce(&mut Data) -> CloudResult<T>) -> CloudResult<T> {
        let mut guard = self.lock();
        let rest_before = table::rest(&*guard);
        let result = f(&mut guard).and_then(|out| {
            let record = log::pending(&mut guard, &rest_before);
            if !record.is_empty() {
                self.write_log(&mut guard, &record).map_err(|e| {
                    let msg = format!("cannot write sandbox account {}: {e}", self.path.display());
                    op.err(ErrorKind::Other, "SandboxIoError", msg)
                })?;
            }
            log::each_table(&mut guard, &mut |_, t| t.forget());
            // Cheap (maps compare their lengths first); the file leaves them out too.
            guard.regions.retain(|_, r| *r != Region::default());
            Ok(out)
        });
        if result.is_err() {
            log::each_table(&mut guard, &mut |_, t| t.undo());
            if table::rest(&*guard) != rest_before {
                // The rest was serialised from this very type, so it reads back.
                let _ = log::reload_rest(&mut guard, rest_before);
            }
        }
        result
    }

    /// Appends `record` to the log, and rewrites the whole file when the log outgrew it.
    fn write_log(&self, data: &mut Data, record: &log::Record) -> io::Result<()> {
        let mut log = self.log.lock().unwrap_or_else(|p| p.into_inner());
        log.append(&self.path, record)?;
        let whole = self.whole_bytes.load(std::sync::atomic::Ordering::Relaxed);
        if log.bytes > self.compact_at.max(whole) {
            // The call is already on record in the log; a failure here only delays the rewrite.
            let _ = self.write_whole(data, &mut log);
        }
        Ok(())
    }

    /// Writes the whole account file and drops the log it now holds.
    fn write_whole(&self, data: &mut Data, log: &mut log::Log) -> io::Result<()> {
        persist(&self.path, data)?;
        let len = std::fs::metadata(&self.path).map(|m| m.len()).unwrap_or(0);
        self.whole_bytes.store(len, std::sync::atomic::Ordering::Relaxed);
        log.clear(&self.path)
    }

    /// Writes everything the log holds into the whole file (also done when the sandbox is
    /// dropped; a failure then leaves the log, which the next open replays).
    pub fn flush(&self) -> io::Result<()> {
        let mut data = self.lock();
        let mut log = self.log.lock().unwrap_or_else(|p| p.into_inner());
        if log.bytes == 0 {
            return Ok(());
        }
        self.write_whole(&mut data, &mut log)
    }
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        let _ = self.flush();
    }
}

pub(crate) mod log;
pub(crate) mod table;

/// Shared test helpers of the sandbox (used by each service's sandbox tests) and the tests of
/// the account file itself.
#[cfg(test)]
pub(crate) mod tests;
