//! Amazon Inspector v2 in the sandbox: per-region account enablement, the organization's
//! delegated administrator and members, filters and CIS scan configurations, with the API's
//! validation of filter criteria, schedules and targets.

use std::collections::{BTreeMap, BTreeSet};

use async_trait::async_trait;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::cloud::sandbox::table::Table;
use crate::cloud::{CloudError, CloudResult, ErrorKind, Tags};
use crate::services::sandbox::*;

use super::criteria::{self, Kind, PACKAGE_STRING_MEMBERS};
use super::{
    api_json, CisScanConfig, FilterCriteria, Inspector2, Inspector2AccountStatus, Inspector2Filter, Inspector2Member,
};

/// Inspector v2's part of a region of the account file.
/// Amazon Inspector (v2) in one region, as seen from the sandbox account.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub(crate) struct Inspector2State {
    /// Account id -> the scan types (`EC2`, `ECR`, …) enabled for it; accounts with none are
    /// left out (they report `DISABLED`).
    pub(crate) accounts: Table<BTreeSet<String>>,
    /// The organization's delegated administrator account, if one is designated.
    pub(crate) delegated_admin: Option<String>,
    /// `UpdateOrganizationConfiguration` flags (`ec2`, `ecr`, `lambda`, `lambdaCode`); a
    /// missing key is `false`.
    pub(crate) auto_enable: BTreeMap<String, bool>,
    /// Member account id -> its association.
    pub(crate) members: Table<Inspector2MemberEntry>,
    /// Filter ARN -> filter.
    pub(crate) filters: Table<FindingsFilter>,
    /// CIS scan configuration ARN -> configuration.
    pub(crate) cis_scan_configurations: Table<CisScanEntry>,
    /// How long enabling or disabling a scan type takes, in milliseconds (0: at once). While
    /// it lasts the type reports `ENABLING` or `DISABLING`, as in AWS, where it takes minutes.
    #[serde(skip_serializing_if = "is_zero")]
    pub(crate) transition_ms: u64,
    /// `ACCOUNT/TYPE` -> when its transition ends (milliseconds since the epoch).
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub(crate) changing: BTreeMap<String, u64>,
}

crate::sandbox_tables!(Inspector2State: accounts, members, filters, cis_scan_configurations);

fn is_zero(n: &u64) -> bool {
    *n == 0
}

fn now_ms() -> u64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_millis() as u64)
}

impl Inspector2State {
    /// Starts the transition of `types` in `account` (nothing when transitions are instant).
    fn transition(&mut self, account: &str, types: impl IntoIterator<Item = String>) {
        if self.transition_ms == 0 {
            return;
        }
        let until = now_ms() + self.transition_ms;
        let now = now_ms();
        self.changing.retain(|_, end| *end > now);
        for t in types {
            self.changing.insert(format!("{account}/{t}"), until);
        }
    }

    /// True while `type` of `account` is still being enabled or disabled.
    fn in_transition(&self, account: &str, ty: &str) -> bool {
        self.changing.get(&format!("{account}/{ty}")).is_some_and(|end| *end > now_ms())
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub(crate) struct Inspector2MemberEntry {
    #[serde(default = "default_state")]
    pub(crate) relationship_status: String,
    #[serde(default)]
    pub(crate) delegated_admin_account_id: Option<String>,
    #[serde(default)]
    pub(crate) updated_at: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct FindingsFilter {
    #[serde(default)]
    pub(crate) name: String,
    #[serde(default = "default_filter_action")]
    pub(crate) action: String,
    #[serde(default)]
    pub(crate) description: Option<String>,
    #[serde(default)]
    pub(crate) reason: Option<String>,
    /// `FilterCriteria` in the API's JSON shape.
    #[serde(default)]
    pub(crate) criteria: Value,
    #[serde(default)]
    pub(crate) tags: Tags,
}

/// A CIS scan configuration; `schedule` and `targets` in the API's JSON shapes.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub(crate) struct CisScanEntry {
    pub(crate) scan_name: String,
    pub(crate) security_level: String,
    pub(crate) schedule: Value,
    pub(crate) targets: Value,
    pub(crate) tags: Tags,
}

impl Inspector2State {
    /// The tags of the filter or CIS scan configuration `arn`.
    pub(crate) fn tags_mut(&mut self, arn: &str) -> Option<&mut Tags> {
        match self.filters.get_mut(arn) {
            Some(filter) => Some(&mut filter.tags),
            None => self.cis_scan_configurations.get_mut(arn).map(|c| &mut c.tags),
        }
    }
}

// ---- Amazon Inspector (v2) validation ----

pub(crate) const STRING_COMPARISONS: [&str; 3] = ["EQUALS", "PREFIX", "NOT_EQUALS"];
/// The scan types `Enable` takes, in the order the API lists them in its errors.
pub(crate) const SCAN_TYPES: [&str; 5] = ["EC2", "ECR", "LAMBDA", "LAMBDA_CODE", "CODE_REPOSITORY"];
pub(crate) const FILTER_ACTIONS: [&str; 2] = ["NONE", "SUPPRESS"];
pub(crate) const CIS_LEVELS: [&str; 2] = ["LEVEL_1", "LEVEL_2"];
pub(crate) const DAYS: [&str; 7] = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];
pub(crate) const SCHEDULE_KINDS: [&str; 4] = ["oneTime", "daily", "weekly", "monthly"];

/// `account_ids`, or the caller when none are given (as the API treats an omitted list).
pub(crate) fn accounts_or_caller(op: Op, d: &Data, ids: &[String]) -> CloudResult<Vec<String>> {
    account_ids(op, "accountIds", ids)?;
    if ids.is_empty() {
        return Ok(vec![d.account_id.clone()]);
    }
    Ok(crate::cloud::unique(ids))
}

pub(crate) fn scan_types(op: Op, types: &[String]) -> CloudResult<()> {
    types.iter().try_for_each(|t| enum_value(op, "resourceTypes", t, &SCAN_TYPES))
}

pub(crate) fn string_filter(op: Op, field: &str, v: &Value) -> CloudResult<()> {
    let map = object(op, field, v, &["comparison", "value"])?;
    let comparison = string(op, &format!("{field}.comparison"), required(op, map, field, "comparison")?)?;
    enum_value(op, &format!("{field}.comparison"), comparison, &STRING_COMPARISONS)?;
    let value = string(op, &format!("{field}.value"), required(op, map, field, "value")?)?;
    length(op, &format!("{field}.value"), value, 1, 1024)
}

pub(crate) fn range_filter(op: Op, field: &str, v: &Value, kind: Kind) -> CloudResult<()> {
    let bounds = match kind {
        Kind::Date => ["startInclusive", "endInclusive"],
        Kind::Port => ["beginInclusive", "endInclusive"],
        _ => ["lowerInclusive", "upperInclusive"],
    };
    for (key, bound) in object(op, field, v, &bounds)? {
        let field = format!("{field}.{key}");
        // Dates are epoch seconds on the wire; a timestamp string is accepted too.
        if kind == Kind::Date && bound.is_string() {
            continue;
        }
        let n = number(op, &field, bound)?;
        if kind == Kind::Port && !(n.fract() == 0.0 && (0.0..=65_535.0).contains(&n)) {
            return Err(constraint(op, VALIDATION, &field, &bound.to_string(), "Member must be a port (0 to 65535)"));
        }
    }
    Ok(())
}

pub(crate) fn map_filter(op: Op, field: &str, v: &Value) -> CloudResult<()> {
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

pub(crate) fn package_filter(op: Op, field: &str, v: &Value) -> CloudResult<()> {
    let mut members = PACKAGE_STRING_MEMBERS.to_vec();
    members.push("epoch");
    for (key, filter) in object(op, field, v, &members)? {
        let field = format!("{field}.{key}");
        if key == "epoch" {
            range_filter(op, &field, filter, Kind::Number)?;
        } else {
            string_filter(op, &field, filter)?;
        }
    }
    Ok(())
}

/// Checks `FilterCriteria` JSON: known members, each a list of 1 to 10 filters of its kind.
/// A typed value from the account file's JSON; a hand-edit that does not fit is an error
/// naming the object.
pub(crate) fn stored<T: serde::de::DeserializeOwned>(op: Op, arn: &str, v: &Value) -> CloudResult<T> {
    T::deserialize(v).map_err(|e| {
        let msg = format!("the sandbox account file holds an invalid {arn}: {e}");
        op.err(ErrorKind::Other, "SandboxInvalidFile", msg)
    })
}

pub(crate) fn check_filter_criteria(op: Op, criteria: &Value) -> CloudResult<()> {
    let map = criteria.as_object().ok_or_else(|| malformed(op, "filterCriteria", "Member must be a structure"))?;
    if map.is_empty() {
        return Err(op.invalid(VALIDATION, "filterCriteria must have at least one filter."));
    }
    for (key, list) in map {
        let field = format!("filterCriteria.{key}");
        let Some(kind) = criteria::by_api_name(key).map(|c| c.kind) else {
            return Err(op.invalid(VALIDATION, format!("'{key}' is not a member of FilterCriteria.")));
        };
        let entries = list.as_array().ok_or_else(|| malformed(op, &field, "Member must be a list"))?;
        count(op, &field, entries.len(), 1, 10)?;
        for (i, entry) in entries.iter().enumerate() {
            let field = format!("{field}.{}.member", i + 1);
            match kind {
                Kind::String => string_filter(op, &field, entry)?,
                Kind::Date | Kind::Number | Kind::Port => range_filter(op, &field, entry, kind)?,
                Kind::Map => map_filter(op, &field, entry)?,
                Kind::Package => package_filter(op, &field, entry)?,
            }
        }
    }
    Ok(())
}

pub(crate) fn check_v2_tags(op: Op, tags: &Tags) -> CloudResult<()> {
    match tag_problem(tags, 50, 0) {
        Some(p) => Err(op.invalid(VALIDATION, p)),
        None => Ok(()),
    }
}

/// CreateFilter/UpdateFilter checks of everything but tags.
pub(crate) fn check_filter(op: Op, f: &Inspector2Filter) -> CloudResult<()> {
    length(op, "name", &f.name, 1, 128)?;
    enum_value(op, "action", &f.action, &FILTER_ACTIONS)?;
    if let Some(description) = &f.description {
        length(op, "description", description, 1, 512)?;
    }
    if let Some(reason) = &f.reason {
        length(op, "reason", reason, 1, 512)?;
    }
    check_filter_criteria(op, &f.criteria.to_json())
}

pub(crate) fn filter_name_taken(op: Op, insp: &Inspector2State, name: &str, arn: Option<&str>) -> CloudResult<()> {
    if insp.filters.iter().any(|(a, f)| f.name == name && Some(a.as_str()) != arn) {
        let msg = format!("A filter with the name {name} already exists.");
        return Err(op.err(ErrorKind::AlreadyExists, "BadRequestException", msg));
    }
    Ok(())
}

pub(crate) fn v2_not_found(op: Op, what: &str, id: &str) -> CloudError {
    op.not_found("ResourceNotFoundException", format!("{what} {id} was not found."))
}

/// `HH:MM` on a 24-hour clock (the hour may have one digit), as the API's `timeOfDay` pattern.
pub(crate) fn is_time_of_day(s: &str) -> bool {
    let Some((h, m)) = s.split_once(':') else { return false };
    let digits = |x: &str| !x.is_empty() && x.bytes().all(|b| b.is_ascii_digit());
    let below = |x: &str, limit: u8| x.parse::<u8>().is_ok_and(|n| n < limit);
    digits(h) && h.len() <= 2 && digits(m) && m.len() == 2 && below(h, 24) && below(m, 60)
}

pub(crate) fn check_start_time(op: Op, field: &str, map: &serde_json::Map<String, Value>) -> CloudResult<()> {
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

pub(crate) fn check_day(op: Op, field: &str, v: &Value) -> CloudResult<()> {
    enum_value(op, field, string(op, field, v)?, &DAYS)
}

/// A `Schedule` union: exactly one of `oneTime`, `daily`, `weekly`, `monthly`.
pub(crate) fn check_schedule(op: Op, schedule: &Value) -> CloudResult<()> {
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
pub(crate) fn check_cis_targets(op: Op, targets: &Value) -> CloudResult<()> {
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

pub(crate) fn check_cis_config(op: Op, c: &CisScanConfig) -> CloudResult<()> {
    length(op, "scanName", &c.scan_name, 1, 128)?;
    enum_value(op, "securityLevel", &c.security_level, &CIS_LEVELS)?;
    check_schedule(op, &api_json(&c.schedule))?;
    check_cis_targets(op, &api_json(&c.targets))
}

/// Organization configuration and member calls need the caller to be the delegated admin.
/// `org_admin` is the delegated admin the organization's management account designated
/// (another account's file), when this account is a member of that organization.
pub(crate) fn require_delegated_admin(
    op: Op,
    d: &Data,
    region: &str,
    action: &str,
    org_admin: Option<&str>,
) -> CloudResult<()> {
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

impl Sandbox {
    /// The delegated admin the organization's management account designated in `region`.
    pub(crate) fn org_admin(&self, region: &str) -> Option<String> {
        // The management account's file and its log: its calls of this run are in the log.
        let (data, _) = log::load::<Data>(self.organization.as_ref()?).ok()?;
        data.regions.get(region)?.inspector2.delegated_admin.clone()
    }
}

/// A stored filter as `ListFilters` describes it.
fn described(op: Op, arn: &str, f: &FindingsFilter) -> CloudResult<Inspector2Filter> {
    // A hand-written filter may leave its criteria out: none.
    let criteria = if f.criteria.is_null() { Ok(FilterCriteria::default()) } else { stored(op, arn, &f.criteria) };
    criteria.map(|criteria| Inspector2Filter {
        arn: arn.to_string(),
        name: f.name.clone(),
        action: f.action.clone(),
        description: f.description.clone(),
        reason: f.reason.clone(),
        criteria,
        tags: f.tags.clone(),
    })
}

#[async_trait]
impl Inspector2 for Sandbox {
    async fn enable(&self, region: &str, account_ids: &[String], resource_types: &[String]) -> CloudResult<()> {
        let op = Op("inspector2", "Enable");
        self.write(op, |d| {
            let ids = accounts_or_caller(op, d, account_ids)?;
            count(op, "resourceTypes", resource_types.len(), 1, SCAN_TYPES.len())?;
            scan_types(op, resource_types)?;
            let insp = &mut d.region_mut(region).inspector2;
            for id in ids {
                let enabled = insp.accounts.entry_or_default(&id);
                let new: Vec<String> = resource_types.iter().filter(|t| !enabled.contains(*t)).cloned().collect();
                enabled.extend(new.iter().cloned());
                insp.transition(&id, new);
            }
            Ok(())
        })
    }

    async fn disable(&self, region: &str, account_ids: &[String], resource_types: &[String]) -> CloudResult<()> {
        let op = Op("inspector2", "Disable");
        self.write(op, |d| {
            let ids = accounts_or_caller(op, d, account_ids)?;
            scan_types(op, resource_types)?;
            let insp = &mut d.region_mut(region).inspector2;
            for id in ids {
                let Some(enabled) = insp.accounts.get_mut(&id) else { continue };
                // No resource types disables every scan type, and so Inspector itself.
                let gone: Vec<String> = enabled
                    .iter()
                    .filter(|t| resource_types.is_empty() || resource_types.contains(t))
                    .cloned()
                    .collect();
                enabled.retain(|t| !gone.contains(t));
                if enabled.is_empty() {
                    insp.accounts.remove(&id);
                }
                insp.transition(&id, gone);
            }
            Ok(())
        })
    }

    async fn account_status(&self, region: &str, account_ids: &[String]) -> CloudResult<Vec<Inspector2AccountStatus>> {
        let op = Op("inspector2", "BatchGetAccountStatus");
        self.read(op, |d| {
            let ids = accounts_or_caller(op, d, account_ids)?;
            let insp = &d.region(region).inspector2;
            let accounts = &insp.accounts;
            let status = |on: bool| if on { "ENABLED" } else { "DISABLED" }.to_string();
            let report = |id: String| {
                let enabled = accounts.get(&id);
                let on = |t: &str| enabled.is_some_and(|e| e.contains(t));
                let type_status = |t: &str| match (on(t), insp.in_transition(&id, t)) {
                    (true, true) => "ENABLING".to_string(),
                    (false, true) => "DISABLING".to_string(),
                    (on, false) => status(on),
                };
                let resource_status = SCAN_TYPES.iter().map(|t| (t.to_string(), type_status(t))).collect();
                Inspector2AccountStatus {
                    status: status(enabled.is_some_and(|e| !e.is_empty())),
                    account_id: id,
                    resource_status,
                }
            };
            Ok(ids.into_iter().map(report).collect())
        })
    }

    async fn create_filter(&self, region: &str, filter: &Inspector2Filter) -> CloudResult<String> {
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
                criteria: filter.criteria.to_json(),
                tags: filter.tags.clone(),
            };
            d.region_mut(region).inspector2.filters.insert(arn.clone(), entry);
            Ok(arn)
        })
    }

    async fn update_filter(&self, region: &str, filter: &Inspector2Filter) -> CloudResult<()> {
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
            entry.criteria = filter.criteria.to_json();
            Ok(())
        })
    }

    async fn list_filters(&self, region: &str, arns: &[String]) -> CloudResult<Vec<Inspector2Filter>> {
        let op = Op("inspector2", "ListFilters");
        self.read(op, |d| {
            let filters = &d.region(region).inspector2.filters;
            // Each is listed once, in the order asked for.
            crate::cloud::unique(arns).iter().filter_map(|arn| Some(described(op, arn, filters.get(arn)?))).collect()
        })
    }

    async fn filters_named(&self, region: &str, name: &str) -> CloudResult<Vec<Inspector2Filter>> {
        let op = Op("inspector2", "ListFilters");
        self.read(op, |d| {
            d.region(region)
                .inspector2
                .filters
                .iter()
                .filter(|(_, f)| f.name == name)
                .map(|(arn, f)| described(op, arn, f))
                .collect()
        })
    }

    async fn delete_filter(&self, region: &str, arn: &str) -> CloudResult<()> {
        let op = Op("inspector2", "DeleteFilter");
        self.write(op, |d| match d.region_mut(region).inspector2.filters.remove(arn) {
            Some(_) => Ok(()),
            None => Err(v2_not_found(op, "Filter", arn)),
        })
    }

    async fn set_tags(&self, region: &str, arn: &str, have: &Tags, want: &Tags) -> CloudResult<()> {
        let (tag_op, untag_op) = (Op("inspector2", "TagResource"), Op("inspector2", "UntagResource"));
        let (remove, add) = crate::cloud::tag_delta(have, want);
        self.apply(tag_op, |d| {
            let live =
                d.region_mut(region).inspector2.tags_mut(arn).ok_or_else(|| v2_not_found(tag_op, "Resource", arn))?;
            // As an AWS client does: one UntagResource and one TagResource call, each faultable.
            if !remove.is_empty() {
                self.check_fault(untag_op)?;
                live.retain(|k, _| !remove.contains(k));
            }
            if !add.is_empty() {
                self.check_fault(tag_op)?;
                live.extend(add.clone());
            }
            check_v2_tags(tag_op, live)?;
            Ok(())
        })
    }

    async fn describe_org_config(&self, region: &str) -> CloudResult<BTreeMap<String, bool>> {
        let org_admin = self.org_admin(region);
        let op = Op("inspector2", "DescribeOrganizationConfiguration");
        self.read(op, |d| {
            require_delegated_admin(op, d, region, "describe the organization configuration", org_admin.as_deref())?;
            let stored = &d.region(region).inspector2.auto_enable;
            let mut flags: BTreeMap<String, bool> = super::AUTO_ENABLE_KEYS
                .iter()
                .map(|k| (k.to_string(), stored.get(*k).copied().unwrap_or(false)))
                .collect();
            // The sandbox's organisation never reaches Inspector's member limit.
            flags.insert(super::MAX_ACCOUNT_LIMIT_REACHED.to_string(), false);
            Ok(flags)
        })
    }

    async fn update_org_config(&self, region: &str, auto_enable: &BTreeMap<String, bool>) -> CloudResult<()> {
        let org_admin = self.org_admin(region);
        let op = Op("inspector2", "UpdateOrganizationConfiguration");
        self.write(op, |d| {
            for key in ["ec2", "ecr"] {
                if !auto_enable.contains_key(key) {
                    return Err(malformed(op, &format!("autoEnable.{key}"), "Member must not be null"));
                }
            }
            if let Some(unknown) = auto_enable.keys().find(|k| !super::AUTO_ENABLE_KEYS.contains(&k.as_str())) {
                let msg =
                    format!("'{unknown}' is not a member of AutoEnable ({}).", super::AUTO_ENABLE_KEYS.join(", "));
                return Err(op.invalid(VALIDATION, msg));
            }
            require_delegated_admin(op, d, region, "update the organization configuration", org_admin.as_deref())?;
            // Keys left out (lambda, lambdaCode are optional) keep their setting.
            let stored = &mut d.region_mut(region).inspector2.auto_enable;
            stored.extend(auto_enable.iter().map(|(k, v)| (k.clone(), *v)));
            Ok(())
        })
    }

    async fn enable_delegated_admin(&self, region: &str, account_id: &str) -> CloudResult<()> {
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

    async fn list_delegated_admins(&self, region: &str) -> CloudResult<Vec<(String, String)>> {
        self.read(Op("inspector2", "ListDelegatedAdminAccounts"), |d| {
            let admin = d.region(region).inspector2.delegated_admin.clone();
            Ok(admin.into_iter().map(|a| (a, "ENABLED".to_string())).collect())
        })
    }

    async fn disable_delegated_admin(&self, region: &str, account_id: &str) -> CloudResult<()> {
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

    async fn associate_member(&self, region: &str, account_id: &str) -> CloudResult<()> {
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
            if !members.contains_key(account_id) {
                let entry = Inspector2MemberEntry {
                    relationship_status: "ENABLED".into(),
                    delegated_admin_account_id: Some(caller),
                    updated_at: Some(now_rfc3339()),
                };
                members.insert(account_id.to_string(), entry);
            }
            Ok(())
        })
    }

    async fn get_member(&self, region: &str, account_id: &str) -> CloudResult<Option<Inspector2Member>> {
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

    async fn disassociate_member(&self, region: &str, account_id: &str) -> CloudResult<()> {
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

    async fn create_cis_scan(&self, region: &str, config: &CisScanConfig) -> CloudResult<String> {
        let op = Op("inspector2", "CreateCisScanConfiguration");
        self.write(op, |d| {
            check_cis_config(op, config)?;
            check_v2_tags(op, &config.tags)?;
            let id = d.fresh_uuid();
            let arn = format!("{}owner/{}/cis-configuration/{id}", d.arn_prefix("inspector2", region), d.account_id);
            let entry = CisScanEntry {
                scan_name: config.scan_name.clone(),
                security_level: config.security_level.clone(),
                schedule: api_json(&config.schedule),
                targets: api_json(&config.targets),
                tags: config.tags.clone(),
            };
            d.region_mut(region).inspector2.cis_scan_configurations.insert(arn.clone(), entry);
            Ok(arn)
        })
    }

    async fn update_cis_scan(&self, region: &str, config: &CisScanConfig) -> CloudResult<()> {
        let op = Op("inspector2", "UpdateCisScanConfiguration");
        self.write(op, |d| {
            check_cis_config(op, config)?;
            let configs = &mut d.region_mut(region).inspector2.cis_scan_configurations;
            let entry =
                configs.get_mut(&config.arn).ok_or_else(|| v2_not_found(op, "CIS scan configuration", &config.arn))?;
            // Everything but the tags is replaced.
            entry.scan_name.clone_from(&config.scan_name);
            entry.security_level.clone_from(&config.security_level);
            entry.schedule = api_json(&config.schedule);
            entry.targets = api_json(&config.targets);
            Ok(())
        })
    }

    async fn list_cis_scans(&self, region: &str, arns: &[String]) -> CloudResult<Vec<CisScanConfig>> {
        let op = Op("inspector2", "ListCisScanConfigurations");
        self.read(op, |d| {
            let configs = &d.region(region).inspector2.cis_scan_configurations;
            let describe = |arn: &String| -> Option<CloudResult<CisScanConfig>> {
                let c = configs.get(arn)?;
                let typed = || -> CloudResult<CisScanConfig> {
                    Ok(CisScanConfig {
                        arn: arn.clone(),
                        scan_name: c.scan_name.clone(),
                        security_level: c.security_level.clone(),
                        schedule: stored(op, arn, &c.schedule)?,
                        targets: stored(op, arn, &c.targets)?,
                        tags: c.tags.clone(),
                    })
                };
                Some(typed())
            };
            crate::cloud::unique(arns).iter().filter_map(describe).collect()
        })
    }

    async fn delete_cis_scan(&self, region: &str, arn: &str) -> CloudResult<()> {
        let op = Op("inspector2", "DeleteCisScanConfiguration");
        self.write(op, |d| match d.region_mut(region).inspector2.cis_scan_configurations.remove(arn) {
            Some(_) => Ok(()),
            None => Err(v2_not_found(op, "CIS scan configuration", arn)),
        })
    }
}

#[cfg(test)]
#[path = "sandbox_tests.rs"]
mod tests;
