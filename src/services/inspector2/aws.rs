//! Amazon Inspector (v2) calls, and the conversions between the provider interface's JSON
//! values (filter criteria, CIS schedules and targets, with the API's camelCase member names)
//! and the SDK's types.
//!
//! The JSON conversions are strict: an unknown key, a missing required member or a value of
//! the wrong type is an `Invalid` error naming the key's path (`criteria.severity[0].value`),
//! raised before any request is sent. A JSON `null` counts as an absent member. What the SDK
//! types hold converts back to the same JSON, so a value read from AWS compares equal to the
//! one that was written. The canonical forms are: timestamps as RFC 3339 UTC strings
//! (`"2024-01-31T00:00:00Z"`, fractional seconds only when present; offsets and epoch-second
//! numbers are accepted and normalized to that), and numbers as JSON integers when whole.

use std::collections::{BTreeMap, HashMap};

use aws_sdk_inspector2::types::{
    AccountState, AutoEnable, CisScanConfiguration, CisSecurityLevel, CisStringComparison, CisStringFilter, CisTargets,
    CreateCisTargets, DailySchedule, DateFilter, Day, ErrorCode, FailedAccount, Filter, FilterAction, FilterCriteria,
    ListCisScanConfigurationsFilterCriteria, MapComparison, MapFilter, MonthlySchedule, NumberFilter, OneTimeSchedule,
    PackageFilter, PortRangeFilter, ResourceScanType, Schedule, State, StringComparison, StringFilter, Time,
    UpdateCisTargets, WeeklySchedule,
};
use aws_sdk_inspector2::Client as SdkClient;
use aws_smithy_types::date_time::Format;
use aws_smithy_types::DateTime;
use serde_json::{Map, Value};

use crate::providers::aws::cloud_error;
use crate::providers::{tag_delta, CloudError, CloudResult, ErrorKind, Tags};
use std::sync::Arc;

use async_trait::async_trait;

use super::{CisScanConfig, Inspector2, Inspector2AccountStatus, Inspector2Filter, Inspector2Member};
use crate::providers::aws::{Connection, Regional};

const SERVICE: &str = "inspector2";

/// Most account ids `Enable`, `Disable` and `BatchGetAccountStatus` accept in one request.
const ACCOUNT_BATCH: usize = 100;

/// Most ARN filters `ListCisScanConfigurations` accepts in one request.
const CIS_ARN_FILTER_BATCH: usize = 10;

// ---------------------------------------------------------------------------------------------
// JSON shape checking
// ---------------------------------------------------------------------------------------------

/// Where a JSON value departs from the API's shape (`criteria.severity[0].value`), and how.
#[derive(Debug, Clone, PartialEq)]
struct ShapeError {
    path: String,
    problem: String,
}

type Shaped<T> = Result<T, ShapeError>;

impl ShapeError {
    fn new(path: &str, problem: impl Into<String>) -> Self {
        ShapeError { path: path.to_string(), problem: problem.into() }
    }

    /// The error `operation` reports for it: invalid input, found before any request.
    fn into_cloud(self, operation: &'static str) -> CloudError {
        CloudError::new(
            SERVICE,
            operation,
            ErrorKind::Invalid,
            "InvalidShape",
            format!("{}: {}", self.path, self.problem),
        )
    }
}

/// `at.key`, the path of a member.
fn child(at: &str, key: &str) -> String {
    format!("{at}.{key}")
}

/// `at[i]`, the path of a list element.
fn element(at: &str, i: usize) -> String {
    format!("{at}[{i}]")
}

/// How a JSON value is described in messages.
fn kind_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

fn expected(at: &str, what: &str, v: &Value) -> ShapeError {
    ShapeError::new(at, format!("expected {what}, found {}", kind_of(v)))
}

fn object<'a>(v: &'a Value, at: &str) -> Shaped<&'a Map<String, Value>> {
    v.as_object().ok_or_else(|| expected(at, "an object", v))
}

/// Fails on the first key of `obj` that is not in `allowed`, suggesting a near spelling.
fn only_keys(obj: &Map<String, Value>, at: &str, allowed: &[&str]) -> Shaped<()> {
    match obj.keys().find(|k| !allowed.contains(&k.as_str())) {
        None => Ok(()),
        Some(key) => Err(ShapeError::new(&child(at, key), unknown_key_problem(key, allowed))),
    }
}

/// "unknown key", with the closest allowed spelling or, for short lists, all of them.
fn unknown_key_problem(key: &str, allowed: &[&str]) -> String {
    let nearest = allowed
        .iter()
        .map(|a| (strsim::jaro_winkler(&key.to_ascii_lowercase(), &a.to_ascii_lowercase()), *a))
        .filter(|(score, _)| *score > 0.85)
        .max_by(|x, y| x.0.total_cmp(&y.0));
    match nearest {
        Some((_, a)) => format!("unknown key (did you mean `{a}`?)"),
        None if allowed.is_empty() => "unknown key (this object takes no keys)".to_string(),
        None if allowed.len() <= 8 => format!("unknown key (expected one of: {})", allowed.join(", ")),
        None => "unknown key".to_string(),
    }
}

/// The member `key` of `obj`; `null` counts as absent.
fn member<'a>(obj: &'a Map<String, Value>, key: &str) -> Option<&'a Value> {
    obj.get(key).filter(|v| !v.is_null())
}

fn required<'a>(obj: &'a Map<String, Value>, at: &str, key: &str) -> Shaped<&'a Value> {
    member(obj, key).ok_or_else(|| ShapeError::new(&child(at, key), "required key is missing"))
}

fn string(v: &Value, at: &str) -> Shaped<String> {
    v.as_str().map(str::to_string).ok_or_else(|| expected(at, "a string", v))
}

fn required_string(obj: &Map<String, Value>, at: &str, key: &str) -> Shaped<String> {
    string(required(obj, at, key)?, &child(at, key))
}

fn optional_string(obj: &Map<String, Value>, at: &str, key: &str) -> Shaped<Option<String>> {
    member(obj, key).map(|v| string(v, &child(at, key))).transpose()
}

/// A JSON array, each element converted by `item` (which gets the element's path).
fn list<T>(v: &Value, at: &str, item: impl Fn(&Value, &str) -> Shaped<T>) -> Shaped<Vec<T>> {
    let items = v.as_array().ok_or_else(|| expected(at, "an array", v))?;
    items.iter().enumerate().map(|(i, x)| item(x, &element(at, i))).collect()
}

fn strings(v: &Value, at: &str) -> Shaped<Vec<String>> {
    list(v, at, string)
}

fn float(v: &Value, at: &str) -> Shaped<f64> {
    v.as_f64().ok_or_else(|| expected(at, "a number", v))
}

fn optional_float(obj: &Map<String, Value>, at: &str, key: &str) -> Shaped<Option<f64>> {
    member(obj, key).map(|v| float(v, &child(at, key))).transpose()
}

/// A port number: a whole JSON number within the API's 32-bit field.
fn port(v: &Value, at: &str) -> Shaped<i32> {
    v.as_i64().and_then(|n| i32::try_from(n).ok()).ok_or_else(|| match v {
        Value::Number(_) => ShapeError::new(at, format!("expected a whole number within 32 bits, found {v}")),
        _ => expected(at, "a whole number", v),
    })
}

fn optional_port(obj: &Map<String, Value>, at: &str, key: &str) -> Shaped<Option<i32>> {
    member(obj, key).map(|v| port(v, &child(at, key))).transpose()
}

/// A number as JSON: an integer when it is whole and exactly representable, else a float.
fn number_to_json(x: f64) -> Value {
    const EXACT: f64 = 9_007_199_254_740_992.0; // 2^53
    if x.fract() == 0.0 && x.abs() <= EXACT {
        Value::from(x as i64)
    } else {
        serde_json::Number::from_f64(x).map_or(Value::Null, Value::Number)
    }
}

/// A timestamp: an RFC 3339 string (any offset) or a number of epoch seconds.
fn timestamp(v: &Value, at: &str) -> Shaped<DateTime> {
    match v {
        Value::String(s) => DateTime::from_str(s, Format::DateTimeWithOffset)
            .map_err(|e| ShapeError::new(at, format!("`{s}` is not an RFC 3339 date-time: {e}"))),
        Value::Number(n) => match (n.as_i64(), n.as_f64()) {
            (Some(secs), _) => Ok(DateTime::from_secs(secs)),
            (None, Some(secs)) if secs.is_finite() => Ok(DateTime::from_secs_f64(secs)),
            _ => Err(ShapeError::new(at, format!("{n} is out of range for epoch seconds"))),
        },
        _ => Err(expected(at, "an RFC 3339 date-time string", v)),
    }
}

fn optional_timestamp(obj: &Map<String, Value>, at: &str, key: &str) -> Shaped<Option<DateTime>> {
    member(obj, key).map(|v| timestamp(v, &child(at, key))).transpose()
}

/// A timestamp as JSON: RFC 3339 in UTC, or epoch seconds for years RFC 3339 cannot write.
fn timestamp_to_json(t: &DateTime) -> Value {
    t.fmt(Format::DateTime).map(Value::String).unwrap_or_else(|_| number_to_json(t.as_secs_f64()))
}

/// Inserts `key: to_json(value)` when the value is present.
fn put<T>(m: &mut Map<String, Value>, key: &str, value: Option<T>, to_json: impl FnOnce(T) -> Value) {
    if let Some(v) = value {
        m.insert(key.to_string(), to_json(v));
    }
}

// ---------------------------------------------------------------------------------------------
// Filter criteria
// ---------------------------------------------------------------------------------------------

/// One element type of a `FilterCriteria` list, convertible to and from its JSON object.
trait Criterion: Sized {
    fn from_json(v: &Value, at: &str) -> Shaped<Self>;
    fn to_json(&self) -> Value;
}

/// `{"comparison": "EQUALS", "value": "HIGH"}`.
impl Criterion for StringFilter {
    fn from_json(v: &Value, at: &str) -> Shaped<Self> {
        let obj = object(v, at)?;
        only_keys(obj, at, &["comparison", "value"])?;
        StringFilter::builder()
            .comparison(StringComparison::from(required_string(obj, at, "comparison")?.as_str()))
            .value(required_string(obj, at, "value")?)
            .build()
            .map_err(|e| ShapeError::new(at, e.to_string()))
    }

    fn to_json(&self) -> Value {
        serde_json::json!({ "comparison": self.comparison().as_str(), "value": self.value() })
    }
}

/// `{"startInclusive": "2024-01-01T00:00:00Z", "endInclusive": …}`, either end optional.
impl Criterion for DateFilter {
    fn from_json(v: &Value, at: &str) -> Shaped<Self> {
        let obj = object(v, at)?;
        only_keys(obj, at, &["startInclusive", "endInclusive"])?;
        Ok(DateFilter::builder()
            .set_start_inclusive(optional_timestamp(obj, at, "startInclusive")?)
            .set_end_inclusive(optional_timestamp(obj, at, "endInclusive")?)
            .build())
    }

    fn to_json(&self) -> Value {
        let mut m = Map::new();
        put(&mut m, "startInclusive", self.start_inclusive(), timestamp_to_json);
        put(&mut m, "endInclusive", self.end_inclusive(), timestamp_to_json);
        Value::Object(m)
    }
}

/// `{"lowerInclusive": 7, "upperInclusive": 10}`, either bound optional.
impl Criterion for NumberFilter {
    fn from_json(v: &Value, at: &str) -> Shaped<Self> {
        let obj = object(v, at)?;
        only_keys(obj, at, &["lowerInclusive", "upperInclusive"])?;
        Ok(NumberFilter::builder()
            .set_lower_inclusive(optional_float(obj, at, "lowerInclusive")?)
            .set_upper_inclusive(optional_float(obj, at, "upperInclusive")?)
            .build())
    }

    fn to_json(&self) -> Value {
        let mut m = Map::new();
        put(&mut m, "lowerInclusive", self.lower_inclusive(), number_to_json);
        put(&mut m, "upperInclusive", self.upper_inclusive(), number_to_json);
        Value::Object(m)
    }
}

/// `{"comparison": "EQUALS", "key": "Env", "value": "prod"}`, value optional.
impl Criterion for MapFilter {
    fn from_json(v: &Value, at: &str) -> Shaped<Self> {
        let obj = object(v, at)?;
        only_keys(obj, at, &["comparison", "key", "value"])?;
        MapFilter::builder()
            .comparison(MapComparison::from(required_string(obj, at, "comparison")?.as_str()))
            .key(required_string(obj, at, "key")?)
            .set_value(optional_string(obj, at, "value")?)
            .build()
            .map_err(|e| ShapeError::new(at, e.to_string()))
    }

    fn to_json(&self) -> Value {
        let mut m = Map::new();
        m.insert("comparison".into(), Value::from(self.comparison().as_str()));
        m.insert("key".into(), Value::from(self.key()));
        put(&mut m, "value", self.value(), Value::from);
        Value::Object(m)
    }
}

/// `{"beginInclusive": 22, "endInclusive": 22}`, either end optional.
impl Criterion for PortRangeFilter {
    fn from_json(v: &Value, at: &str) -> Shaped<Self> {
        let obj = object(v, at)?;
        only_keys(obj, at, &["beginInclusive", "endInclusive"])?;
        Ok(PortRangeFilter::builder()
            .set_begin_inclusive(optional_port(obj, at, "beginInclusive")?)
            .set_end_inclusive(optional_port(obj, at, "endInclusive")?)
            .build())
    }

    fn to_json(&self) -> Value {
        let mut m = Map::new();
        put(&mut m, "beginInclusive", self.begin_inclusive(), Value::from);
        put(&mut m, "endInclusive", self.end_inclusive(), Value::from);
        Value::Object(m)
    }
}

use super::criteria::PACKAGE_STRING_MEMBERS;

/// `{"name": {string filter}, "epoch": {number filter}, …}`, every member optional.
impl Criterion for PackageFilter {
    fn from_json(v: &Value, at: &str) -> Shaped<Self> {
        let obj = object(v, at)?;
        let mut allowed = PACKAGE_STRING_MEMBERS.to_vec();
        allowed.push("epoch");
        only_keys(obj, at, &allowed)?;
        let s = |key: &str| member(obj, key).map(|v| StringFilter::from_json(v, &child(at, key))).transpose();
        let epoch = member(obj, "epoch").map(|v| NumberFilter::from_json(v, &child(at, "epoch"))).transpose()?;
        Ok(PackageFilter::builder()
            .set_name(s("name")?)
            .set_version(s("version")?)
            .set_epoch(epoch)
            .set_release(s("release")?)
            .set_architecture(s("architecture")?)
            .set_source_layer_hash(s("sourceLayerHash")?)
            .set_source_lambda_layer_arn(s("sourceLambdaLayerArn")?)
            .set_file_path(s("filePath")?)
            .build())
    }

    fn to_json(&self) -> Value {
        let mut m = Map::new();
        let strings = [
            self.name(),
            self.version(),
            self.release(),
            self.architecture(),
            self.source_layer_hash(),
            self.source_lambda_layer_arn(),
            self.file_path(),
        ];
        for (key, filter) in PACKAGE_STRING_MEMBERS.iter().zip(strings) {
            put(&mut m, key, filter, StringFilter::to_json);
        }
        put(&mut m, "epoch", self.epoch(), NumberFilter::to_json);
        Value::Object(m)
    }
}

fn criterion_list_from_json<T: Criterion>(v: &Value, at: &str) -> Shaped<Vec<T>> {
    list(v, at, T::from_json)
}

fn criterion_list_to_json<T: Criterion>(items: &[T]) -> Value {
    Value::Array(items.iter().map(T::to_json).collect())
}

/// Defines the `FilterCriteria` conversions from the criteria table (`super::criteria`). Each
/// field's element type (string, date, number, map, port range or package filter) follows
/// from the field's own type.
macro_rules! filter_criteria_members {
    ($( $field:ident $key:literal $kind:ident $availability:ident, )*) => {
        /// The JSON member names of `FilterCriteria`.
        const CRITERIA_KEYS: &[&str] = &[$($key),*];

        /// `FilterCriteria` from its JSON object (`at` names it in errors). Every member is
        /// an array of filter objects; an empty array is kept as such.
        fn criteria_from_json(v: &Value, at: &str) -> Shaped<FilterCriteria> {
            let obj = object(v, at)?;
            only_keys(obj, at, CRITERIA_KEYS)?;
            // The struct is non-exhaustive, so start from an empty one and fill its fields.
            let mut criteria = FilterCriteria::builder().build();
            $(
                criteria.$field = member(obj, $key)
                    .map(|v| criterion_list_from_json(v, &child(at, $key)))
                    .transpose()?;
            )*
            Ok(criteria)
        }

        /// `FilterCriteria` as JSON: one member per list the criteria hold.
        fn criteria_to_json(criteria: &FilterCriteria) -> Value {
            let mut m = Map::new();
            $( put(&mut m, $key, criteria.$field.as_deref(), criterion_list_to_json); )*
            Value::Object(m)
        }
    };
}

crate::with_filter_criteria!(filter_criteria_members);

// ---------------------------------------------------------------------------------------------
// CIS schedules and targets
// ---------------------------------------------------------------------------------------------

/// The members of the `Schedule` union; exactly one is set.
const SCHEDULE_KINDS: &[&str] = &["oneTime", "daily", "weekly", "monthly"];

/// `{"timeOfDay": "09:00", "timezone": "Asia/Tokyo"}`.
fn time_from_json(v: &Value, at: &str) -> Shaped<Time> {
    let obj = object(v, at)?;
    only_keys(obj, at, &["timeOfDay", "timezone"])?;
    Time::builder()
        .time_of_day(required_string(obj, at, "timeOfDay")?)
        .timezone(required_string(obj, at, "timezone")?)
        .build()
        .map_err(|e| ShapeError::new(at, e.to_string()))
}

fn time_to_json(t: &Time) -> Value {
    serde_json::json!({ "timeOfDay": t.time_of_day(), "timezone": t.timezone() })
}

fn day(v: &Value, at: &str) -> Shaped<Day> {
    string(v, at).map(|s| Day::from(s.as_str()))
}

fn start_time(obj: &Map<String, Value>, at: &str) -> Shaped<Time> {
    time_from_json(required(obj, at, "startTime")?, &child(at, "startTime"))
}

/// A CIS scan `Schedule` from `{"oneTime": {}}`, `{"daily": {"startTime": …}}`,
/// `{"weekly": {"days": ["MON"], "startTime": …}}` or `{"monthly": {"day": "MON",
/// "startTime": …}}`.
fn schedule_from_json(v: &Value, at: &str) -> Shaped<Schedule> {
    let obj = object(v, at)?;
    only_keys(obj, at, SCHEDULE_KINDS)?;
    let set: Vec<&str> = SCHEDULE_KINDS.iter().copied().filter(|k| member(obj, k).is_some()).collect();
    let [kind] = set.as_slice() else {
        return Err(ShapeError::new(
            at,
            format!("exactly one of {} must be set, found {}", SCHEDULE_KINDS.join(", "), set.len()),
        ));
    };
    let (inner, at) = (required(obj, at, kind)?, child(at, kind));
    let body = object(inner, &at)?;
    let build_error = |e: aws_smithy_types::error::operation::BuildError| ShapeError::new(&at, e.to_string());
    match *kind {
        "oneTime" => {
            only_keys(body, &at, &[])?;
            Ok(Schedule::OneTime(OneTimeSchedule::builder().build()))
        }
        "daily" => {
            only_keys(body, &at, &["startTime"])?;
            Ok(Schedule::Daily(DailySchedule::builder().start_time(start_time(body, &at)?).build()))
        }
        "weekly" => {
            only_keys(body, &at, &["days", "startTime"])?;
            let days = list(required(body, &at, "days")?, &child(&at, "days"), day)?;
            let weekly = WeeklySchedule::builder().set_days(Some(days)).start_time(start_time(body, &at)?).build();
            Ok(Schedule::Weekly(weekly.map_err(build_error)?))
        }
        _ => {
            only_keys(body, &at, &["day", "startTime"])?;
            let on = day(required(body, &at, "day")?, &child(&at, "day"))?;
            let monthly = MonthlySchedule::builder().day(on).start_time(start_time(body, &at)?).build();
            Ok(Schedule::Monthly(monthly.map_err(build_error)?))
        }
    }
}

/// A `Schedule` as JSON (see [`schedule_from_json`]); a kind this SDK does not know is `null`.
fn schedule_to_json(s: &Schedule) -> Value {
    let with_start = |mut m: Map<String, Value>, t: Option<&Time>| {
        put(&mut m, "startTime", t, time_to_json);
        Value::Object(m)
    };
    let (kind, body) = match s {
        Schedule::OneTime(_) => ("oneTime", Value::Object(Map::new())),
        Schedule::Daily(d) => ("daily", with_start(Map::new(), d.start_time())),
        Schedule::Weekly(w) => {
            let mut m = Map::new();
            m.insert("days".into(), w.days().iter().map(|d| Value::from(d.as_str())).collect());
            ("weekly", with_start(m, w.start_time()))
        }
        Schedule::Monthly(mo) => {
            let mut m = Map::new();
            m.insert("day".into(), Value::from(mo.day().as_str()));
            ("monthly", with_start(m, mo.start_time()))
        }
        _ => return Value::Null,
    };
    let mut m = Map::new();
    m.insert(kind.into(), body);
    Value::Object(m)
}

/// Target resource tags of CIS targets: each tag key with the values it may have.
type TargetTags = HashMap<String, Vec<String>>;

/// `{"Key": ["value", …]}`: the target resource tags of CIS targets.
fn target_tags_from_json(v: &Value, at: &str) -> Shaped<TargetTags> {
    object(v, at)?.iter().map(|(k, vals)| Ok((k.clone(), strings(vals, &child(at, k))?))).collect()
}

/// The members of a CIS targets object, each optional here.
fn targets_parts(v: &Value, at: &str) -> Shaped<(Option<Vec<String>>, Option<TargetTags>)> {
    let obj = object(v, at)?;
    only_keys(obj, at, &["accountIds", "targetResourceTags"])?;
    let accounts = member(obj, "accountIds").map(|v| strings(v, &child(at, "accountIds"))).transpose()?;
    let tags = member(obj, "targetResourceTags")
        .map(|v| target_tags_from_json(v, &child(at, "targetResourceTags")))
        .transpose()?;
    Ok((accounts, tags))
}

/// `CreateCisTargets` from `{"accountIds": […], "targetResourceTags": {…}}`; both required.
fn create_targets_from_json(v: &Value, at: &str) -> Shaped<CreateCisTargets> {
    let (accounts, tags) = targets_parts(v, at)?;
    let accounts = accounts.ok_or_else(|| ShapeError::new(&child(at, "accountIds"), "required key is missing"))?;
    let tags = tags.ok_or_else(|| ShapeError::new(&child(at, "targetResourceTags"), "required key is missing"))?;
    CreateCisTargets::builder()
        .set_account_ids(Some(accounts))
        .set_target_resource_tags(Some(tags))
        .build()
        .map_err(|e| ShapeError::new(at, e.to_string()))
}

/// `UpdateCisTargets` from the same JSON; members left out are not changed.
fn update_targets_from_json(v: &Value, at: &str) -> Shaped<UpdateCisTargets> {
    let (accounts, tags) = targets_parts(v, at)?;
    Ok(UpdateCisTargets::builder().set_account_ids(accounts).set_target_resource_tags(tags).build())
}

/// `CisTargets` as JSON, tag keys sorted.
fn targets_to_json(t: &CisTargets) -> Value {
    let mut m = Map::new();
    put(&mut m, "accountIds", t.account_ids.as_ref(), |ids| Value::from(ids.clone()));
    put(&mut m, "targetResourceTags", t.target_resource_tags.as_ref(), |tags| {
        let sorted: BTreeMap<_, _> = tags.iter().collect();
        Value::Object(sorted.into_iter().map(|(k, v)| (k.clone(), Value::from(v.clone()))).collect())
    });
    Value::Object(m)
}

// ---------------------------------------------------------------------------------------------
// Small mappings
// ---------------------------------------------------------------------------------------------

/// Tags for a create request: `None` when there are none.
fn tags_to_sdk(tags: &Tags) -> Option<HashMap<String, String>> {
    (!tags.is_empty()).then(|| tags.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
}

fn tags_from_sdk(tags: Option<&HashMap<String, String>>) -> Tags {
    tags.map(|t| t.iter().map(|(k, v)| (k.clone(), v.clone())).collect()).unwrap_or_default()
}

/// The resource types the API calls `EC2`, `ECR`, `LAMBDA` and `LAMBDA_CODE`.
fn scan_types(resource_types: &[String]) -> Vec<ResourceScanType> {
    resource_types.iter().map(|t| ResourceScanType::from(t.as_str())).collect()
}

/// How a per-account failure of `Enable`/`Disable` is classified.
fn failed_account_kind(code: &ErrorCode) -> ErrorKind {
    match code {
        ErrorCode::AccessDenied => ErrorKind::AccessDenied,
        ErrorCode::ResourceNotFound => ErrorKind::NotFound,
        ErrorCode::EnableInProgress | ErrorCode::DisableInProgress | ErrorCode::SuspendInProgress => {
            ErrorKind::Conflict
        }
        _ => ErrorKind::Other,
    }
}

/// Turns an answer's `failedAccounts` into one error naming every failed account with its
/// error code and message; the code and kind are those of the first account (sorted by id).
fn check_failed_accounts(operation: &'static str, failed: &[FailedAccount]) -> CloudResult<()> {
    let mut failed: Vec<&FailedAccount> = failed.iter().collect();
    failed.sort_by(|a, b| a.account_id().cmp(b.account_id()));
    let Some(first) = failed.first() else { return Ok(()) };
    let each: Vec<String> = failed
        .iter()
        .map(|f| {
            let msg = f.error_message();
            let msg = if msg.is_empty() { String::new() } else { format!(" ({msg})") };
            format!("account {}: {}{msg}", f.account_id(), f.error_code().as_str())
        })
        .collect();
    Err(CloudError::new(
        SERVICE,
        operation,
        failed_account_kind(first.error_code()),
        first.error_code().as_str(),
        format!("{operation} failed for {}", each.join("; ")),
    ))
}

fn status_of(state: Option<&State>) -> Option<String> {
    state.map(|s| s.status().as_str().to_string())
}

/// One account of a `BatchGetAccountStatus` answer: the account's status and the status of
/// each scan type it reports, keyed `EC2`, `ECR`, `LAMBDA`, `LAMBDA_CODE`.
fn account_status_from_sdk(a: &AccountState) -> Inspector2AccountStatus {
    let mut resource_status = BTreeMap::new();
    if let Some(r) = a.resource_state() {
        let each = [("EC2", r.ec2()), ("ECR", r.ecr()), ("LAMBDA", r.lambda()), ("LAMBDA_CODE", r.lambda_code())];
        for (key, state) in each {
            if let Some(status) = status_of(state) {
                resource_status.insert(key.to_string(), status);
            }
        }
    }
    Inspector2AccountStatus {
        account_id: a.account_id().to_string(),
        status: status_of(a.state()).unwrap_or_default(),
        resource_status,
    }
}

/// A `Filter` of `ListFilters` in the provider's terms (no criteria reads as `{}`).
fn filter_from_sdk(f: &Filter) -> Inspector2Filter {
    Inspector2Filter {
        arn: f.arn().to_string(),
        name: f.name().to_string(),
        action: f.action().as_str().to_string(),
        description: f.description().map(str::to_string),
        reason: f.reason().map(str::to_string),
        criteria: f.criteria().map_or_else(|| Value::Object(Map::new()), criteria_to_json),
        tags: tags_from_sdk(f.tags.as_ref()),
    }
}

/// A `CisScanConfiguration` in the provider's terms (a missing schedule or targets is `null`).
fn cis_scan_from_sdk(c: &CisScanConfiguration) -> CisScanConfig {
    CisScanConfig {
        arn: c.scan_configuration_arn().to_string(),
        scan_name: c.scan_name().unwrap_or_default().to_string(),
        security_level: c.security_level().map(|l| l.as_str().to_string()).unwrap_or_default(),
        schedule: c.schedule().map_or(Value::Null, schedule_to_json),
        targets: c.targets().map_or(Value::Null, targets_to_json),
        tags: tags_from_sdk(c.tags.as_ref()),
    }
}

/// The auto-enable keys of the organization configuration.
const AUTO_ENABLE_KEYS: &[&str] = &["ec2", "ecr", "lambda", "lambdaCode"];

/// `AutoEnable` as the map `ec2`, `ecr`, and `lambda`/`lambdaCode` when AWS reports them.
fn auto_enable_to_map(a: &AutoEnable) -> BTreeMap<String, bool> {
    let mut m = BTreeMap::from([("ec2".to_string(), a.ec2()), ("ecr".to_string(), a.ecr())]);
    if let Some(b) = a.lambda() {
        m.insert("lambda".into(), b);
    }
    if let Some(b) = a.lambda_code() {
        m.insert("lambdaCode".into(), b);
    }
    m
}

/// `AutoEnable` from that map: `ec2` and `ecr` are required, unknown keys are invalid.
fn auto_enable_from_map(m: &BTreeMap<String, bool>) -> CloudResult<AutoEnable> {
    const OP: &str = "UpdateOrganizationConfiguration";
    let invalid = |path: String, problem: String| ShapeError::new(&path, problem).into_cloud(OP);
    if let Some(k) = m.keys().find(|k| !AUTO_ENABLE_KEYS.contains(&k.as_str())) {
        return Err(invalid(format!("autoEnable.{k}"), unknown_key_problem(k, AUTO_ENABLE_KEYS)));
    }
    for k in ["ec2", "ecr"] {
        if !m.contains_key(k) {
            return Err(invalid(format!("autoEnable.{k}"), "required key is missing".into()));
        }
    }
    AutoEnable::builder()
        .set_ec2(m.get("ec2").copied())
        .set_ecr(m.get("ecr").copied())
        .set_lambda(m.get("lambda").copied())
        .set_lambda_code(m.get("lambdaCode").copied())
        .build()
        .map_err(|e| invalid("autoEnable".into(), e.to_string()))
}

use crate::providers::unique;

/// Keeps the items whose key is in `order` (once each) and sorts them by it.
fn in_request_order<T>(items: Vec<T>, order: &[String], key: impl Fn(&T) -> &str) -> Vec<T> {
    let position: HashMap<&str, usize> = order.iter().enumerate().map(|(i, a)| (a.as_str(), i)).collect();
    let mut kept: Vec<(usize, T)> = items.into_iter().filter_map(|x| Some((*position.get(key(&x))?, x))).collect();
    kept.sort_by_key(|(i, _)| *i);
    kept.dedup_by_key(|(i, _)| *i);
    kept.into_iter().map(|(_, x)| x).collect()
}

// ---------------------------------------------------------------------------------------------
// Account enablement
// ---------------------------------------------------------------------------------------------

/// Splits the account ids into request batches; no ids is one request without `accountIds`,
/// which the API applies to the calling account.
fn account_batches(account_ids: &[String]) -> Vec<Option<Vec<String>>> {
    let ids = unique(account_ids);
    if ids.is_empty() {
        return vec![None];
    }
    ids.chunks(ACCOUNT_BATCH).map(|c| Some(c.to_vec())).collect()
}

/// `Enable` scanning of `resource_types` for the accounts (in batches of 100; none means the
/// caller's account); any account in `failedAccounts` makes it an error naming it and its code.
pub(crate) async fn enable(c: &SdkClient, account_ids: &[String], resource_types: &[String]) -> CloudResult<()> {
    for batch in account_batches(account_ids) {
        let on = batch.as_ref().map(|b| b.join(", "));
        let out = c
            .enable()
            .set_account_ids(batch)
            .set_resource_types(Some(scan_types(resource_types)))
            .send()
            .await
            .map_err(|e| cloud_error(SERVICE, "Enable", on.as_deref(), e))?;
        check_failed_accounts("Enable", out.failed_accounts())?;
    }
    Ok(())
}

/// `Disable` scanning of `resource_types` for the accounts (in batches of 100; none means the
/// caller's account); any account in `failedAccounts` makes it an error naming it and its code.
pub(crate) async fn disable(c: &SdkClient, account_ids: &[String], resource_types: &[String]) -> CloudResult<()> {
    for batch in account_batches(account_ids) {
        let on = batch.as_ref().map(|b| b.join(", "));
        let out = c
            .disable()
            .set_account_ids(batch)
            .set_resource_types(Some(scan_types(resource_types)))
            .send()
            .await
            .map_err(|e| cloud_error(SERVICE, "Disable", on.as_deref(), e))?;
        check_failed_accounts("Disable", out.failed_accounts())?;
    }
    Ok(())
}

/// `BatchGetAccountStatus` in batches of 100 (none means the caller's account): each account's
/// status, sorted by account id; accounts in `failedAccounts` are left out.
pub(crate) async fn account_status(c: &SdkClient, account_ids: &[String]) -> CloudResult<Vec<Inspector2AccountStatus>> {
    let mut statuses = Vec::new();
    for batch in account_batches(account_ids) {
        let on = batch.as_ref().map(|b| b.join(", "));
        let out = c
            .batch_get_account_status()
            .set_account_ids(batch)
            .send()
            .await
            .map_err(|e| cloud_error(SERVICE, "BatchGetAccountStatus", on.as_deref(), e))?;
        statuses.extend(out.accounts().iter().map(account_status_from_sdk));
    }
    statuses.sort_by(|a, b| a.account_id.cmp(&b.account_id));
    statuses.dedup_by(|a, b| a.account_id == b.account_id);
    Ok(statuses)
}

// ---------------------------------------------------------------------------------------------
// Findings filters and tags
// ---------------------------------------------------------------------------------------------

/// `CreateFilter` with the filter's name, action, description, reason, criteria (converted from
/// JSON, invalid shapes rejected before the call) and tags; returns the new filter's ARN.
pub(crate) async fn create_filter(c: &SdkClient, filter: &Inspector2Filter) -> CloudResult<String> {
    let criteria = criteria_from_json(&filter.criteria, "criteria").map_err(|e| e.into_cloud("CreateFilter"))?;
    let out = c
        .create_filter()
        .name(&filter.name)
        .action(FilterAction::from(filter.action.as_str()))
        .set_description(filter.description.clone())
        .set_reason(filter.reason.clone())
        .filter_criteria(criteria)
        .set_tags(tags_to_sdk(&filter.tags))
        .send()
        .await
        .map_err(|e| cloud_error(SERVICE, "CreateFilter", Some(&filter.name), e))?;
    Ok(out.arn().to_string())
}

/// `UpdateFilter` of `filter.arn`: sets name, action, criteria, and description and reason
/// when given (the API leaves omitted members unchanged, so `None` does not clear them).
pub(crate) async fn update_filter(c: &SdkClient, filter: &Inspector2Filter) -> CloudResult<()> {
    let criteria = criteria_from_json(&filter.criteria, "criteria").map_err(|e| e.into_cloud("UpdateFilter"))?;
    c.update_filter()
        .filter_arn(&filter.arn)
        .name(&filter.name)
        .action(FilterAction::from(filter.action.as_str()))
        .set_description(filter.description.clone())
        .set_reason(filter.reason.clone())
        .filter_criteria(criteria)
        .send()
        .await
        .map_err(|e| cloud_error(SERVICE, "UpdateFilter", Some(&filter.arn), e))?;
    Ok(())
}

/// `ListFilters` restricted to `arns` (all pages): the filters in the order asked, missing ones
/// left out; no call for an empty list.
pub(crate) async fn list_filters(c: &SdkClient, arns: &[String]) -> CloudResult<Vec<Inspector2Filter>> {
    let arns = unique(arns);
    if arns.is_empty() {
        return Ok(Vec::new());
    }
    let mut filters = Vec::new();
    let mut pages = c.list_filters().set_arns(Some(arns.clone())).into_paginator().send();
    while let Some(page) = pages.try_next().await.map_err(|e| cloud_error(SERVICE, "ListFilters", None, e))? {
        filters.extend(page.filters().iter().map(filter_from_sdk));
    }
    // The `arns` filter is AWS's to apply; checking keeps anything else from leaking in.
    Ok(in_request_order(filters, &arns, |f| f.arn.as_str()))
}

/// `DeleteFilter`.
pub(crate) async fn delete_filter(c: &SdkClient, arn: &str) -> CloudResult<()> {
    c.delete_filter().arn(arn).send().await.map_err(|e| cloud_error(SERVICE, "DeleteFilter", Some(arn), e))?;
    Ok(())
}

/// `ListTagsForResource`: the tags of any Inspector (v2) resource.
async fn list_tags(c: &SdkClient, arn: &str) -> CloudResult<Tags> {
    let out = c
        .list_tags_for_resource()
        .resource_arn(arn)
        .send()
        .await
        .map_err(|e| cloud_error(SERVICE, "ListTagsForResource", Some(arn), e))?;
    Ok(tags_from_sdk(out.tags.as_ref()))
}

/// `ListTagsForResource`, then `UntagResource`/`TagResource` only for what differs, so that
/// the resource's tags become exactly `tags`.
pub(crate) async fn set_tags(c: &SdkClient, arn: &str, tags: &Tags) -> CloudResult<()> {
    let have = list_tags(c, arn).await?;
    let (remove, add) = tag_delta(&have, tags);
    if !remove.is_empty() {
        c.untag_resource()
            .resource_arn(arn)
            .set_tag_keys(Some(remove))
            .send()
            .await
            .map_err(|e| cloud_error(SERVICE, "UntagResource", Some(arn), e))?;
    }
    if !add.is_empty() {
        c.tag_resource()
            .resource_arn(arn)
            .set_tags(tags_to_sdk(&add))
            .send()
            .await
            .map_err(|e| cloud_error(SERVICE, "TagResource", Some(arn), e))?;
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Organization: configuration, delegated administrator, members
// ---------------------------------------------------------------------------------------------

/// `DescribeOrganizationConfiguration`: the auto-enable flags keyed `ec2`, `ecr`, `lambda`,
/// `lambdaCode` (the last two only when AWS reports them; nothing when it reports none).
pub(crate) async fn describe_org_config(c: &SdkClient) -> CloudResult<BTreeMap<String, bool>> {
    let out = c
        .describe_organization_configuration()
        .send()
        .await
        .map_err(|e| cloud_error(SERVICE, "DescribeOrganizationConfiguration", None, e))?;
    Ok(out.auto_enable().map(auto_enable_to_map).unwrap_or_default())
}

/// `UpdateOrganizationConfiguration` with the same keys (`ec2` and `ecr` required; unknown
/// keys are rejected before the call).
pub(crate) async fn update_org_config(c: &SdkClient, auto_enable: &BTreeMap<String, bool>) -> CloudResult<()> {
    let auto_enable = auto_enable_from_map(auto_enable)?;
    c.update_organization_configuration()
        .auto_enable(auto_enable)
        .send()
        .await
        .map_err(|e| cloud_error(SERVICE, "UpdateOrganizationConfiguration", None, e))?;
    Ok(())
}

/// `EnableDelegatedAdminAccount` for `account_id`.
pub(crate) async fn enable_delegated_admin(c: &SdkClient, account_id: &str) -> CloudResult<()> {
    c.enable_delegated_admin_account()
        .delegated_admin_account_id(account_id)
        .send()
        .await
        .map_err(|e| cloud_error(SERVICE, "EnableDelegatedAdminAccount", Some(account_id), e))?;
    Ok(())
}

/// `ListDelegatedAdminAccounts` (all pages): `(account id, status)` pairs in AWS's order.
pub(crate) async fn list_delegated_admins(c: &SdkClient) -> CloudResult<Vec<(String, String)>> {
    let mut admins = Vec::new();
    let mut pages = c.list_delegated_admin_accounts().into_paginator().send();
    while let Some(page) =
        pages.try_next().await.map_err(|e| cloud_error(SERVICE, "ListDelegatedAdminAccounts", None, e))?
    {
        admins.extend(page.delegated_admin_accounts().iter().map(|a| {
            (
                a.account_id().unwrap_or_default().to_string(),
                a.status().map(|s| s.as_str().to_string()).unwrap_or_default(),
            )
        }));
    }
    Ok(admins)
}

/// `DisableDelegatedAdminAccount` for `account_id`.
pub(crate) async fn disable_delegated_admin(c: &SdkClient, account_id: &str) -> CloudResult<()> {
    c.disable_delegated_admin_account()
        .delegated_admin_account_id(account_id)
        .send()
        .await
        .map_err(|e| cloud_error(SERVICE, "DisableDelegatedAdminAccount", Some(account_id), e))?;
    Ok(())
}

/// `AssociateMember`: makes `account_id` a member of the caller's organization in Inspector.
pub(crate) async fn associate_member(c: &SdkClient, account_id: &str) -> CloudResult<()> {
    c.associate_member()
        .account_id(account_id)
        .send()
        .await
        .map_err(|e| cloud_error(SERVICE, "AssociateMember", Some(account_id), e))?;
    Ok(())
}

/// `GetMember`; `Ok(None)` when AWS answers that the account is not found (any other error,
/// access denied included, is returned).
pub(crate) async fn get_member(c: &SdkClient, account_id: &str) -> CloudResult<Option<Inspector2Member>> {
    let out = match c.get_member().account_id(account_id).send().await {
        Ok(out) => out,
        Err(e) => {
            let err = cloud_error(SERVICE, "GetMember", Some(account_id), e);
            return if err.kind == ErrorKind::NotFound { Ok(None) } else { Err(err) };
        }
    };
    Ok(out.member().map(|m| Inspector2Member {
        account_id: m.account_id().unwrap_or(account_id).to_string(),
        relationship_status: m.relationship_status().map(|s| s.as_str().to_string()).unwrap_or_default(),
        delegated_admin_account_id: m.delegated_admin_account_id().map(str::to_string),
        updated_at: m.updated_at().and_then(|t| t.fmt(Format::DateTime).ok()),
    }))
}

/// `DisassociateMember`.
pub(crate) async fn disassociate_member(c: &SdkClient, account_id: &str) -> CloudResult<()> {
    c.disassociate_member()
        .account_id(account_id)
        .send()
        .await
        .map_err(|e| cloud_error(SERVICE, "DisassociateMember", Some(account_id), e))?;
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// CIS scan configurations
// ---------------------------------------------------------------------------------------------

/// `CreateCisScanConfiguration` with name, level, schedule and targets (converted from JSON;
/// both required, invalid shapes rejected before the call) and tags; returns the new ARN.
pub(crate) async fn create_cis_scan(c: &SdkClient, config: &CisScanConfig) -> CloudResult<String> {
    const OP: &str = "CreateCisScanConfiguration";
    let schedule = schedule_from_json(&config.schedule, "schedule").map_err(|e| e.into_cloud(OP))?;
    let targets = create_targets_from_json(&config.targets, "targets").map_err(|e| e.into_cloud(OP))?;
    let out = c
        .create_cis_scan_configuration()
        .scan_name(&config.scan_name)
        .security_level(CisSecurityLevel::from(config.security_level.as_str()))
        .schedule(schedule)
        .targets(targets)
        .set_tags(tags_to_sdk(&config.tags))
        .send()
        .await
        .map_err(|e| cloud_error(SERVICE, OP, Some(&config.scan_name), e))?;
    out.scan_configuration_arn().map(str::to_string).ok_or_else(|| {
        CloudError::new(SERVICE, OP, ErrorKind::Other, "MissingArn", "AWS answered without the new configuration's ARN")
    })
}

/// `UpdateCisScanConfiguration` of `config.arn`: name, level, and schedule and targets unless
/// they are `null` (targets members left out are unchanged). Tags are not changed by it.
pub(crate) async fn update_cis_scan(c: &SdkClient, config: &CisScanConfig) -> CloudResult<()> {
    const OP: &str = "UpdateCisScanConfiguration";
    let schedule = (!config.schedule.is_null())
        .then(|| schedule_from_json(&config.schedule, "schedule"))
        .transpose()
        .map_err(|e| e.into_cloud(OP))?;
    let targets = (!config.targets.is_null())
        .then(|| update_targets_from_json(&config.targets, "targets"))
        .transpose()
        .map_err(|e| e.into_cloud(OP))?;
    c.update_cis_scan_configuration()
        .scan_configuration_arn(&config.arn)
        .scan_name(&config.scan_name)
        .security_level(CisSecurityLevel::from(config.security_level.as_str()))
        .set_schedule(schedule)
        .set_targets(targets)
        .send()
        .await
        .map_err(|e| cloud_error(SERVICE, OP, Some(&config.arn), e))?;
    Ok(())
}

/// The `ListCisScanConfigurations` filter selecting exactly these ARNs.
fn cis_arn_filter(arns: &[String]) -> CloudResult<ListCisScanConfigurationsFilterCriteria> {
    let filters = arns
        .iter()
        .map(|a| {
            CisStringFilter::builder().comparison(CisStringComparison::Equals).value(a).build().map_err(|e| {
                CloudError::new(SERVICE, "ListCisScanConfigurations", ErrorKind::Invalid, "BuildError", e.to_string())
            })
        })
        .collect::<CloudResult<Vec<_>>>()?;
    Ok(ListCisScanConfigurationsFilterCriteria::builder().set_scan_configuration_arn_filters(Some(filters)).build())
}

/// `ListCisScanConfigurations` filtered by ARN (ten ARNs per request, all pages): the
/// configurations in the order asked, missing ones left out; no call for an empty list.
pub(crate) async fn list_cis_scans(c: &SdkClient, arns: &[String]) -> CloudResult<Vec<CisScanConfig>> {
    let arns = unique(arns);
    let mut scans = Vec::new();
    for batch in arns.chunks(CIS_ARN_FILTER_BATCH) {
        let mut pages =
            c.list_cis_scan_configurations().filter_criteria(cis_arn_filter(batch)?).into_paginator().send();
        while let Some(page) = pages
            .try_next()
            .await
            .map_err(|e| cloud_error(SERVICE, "ListCisScanConfigurations", Some(&batch.join(", ")), e))?
        {
            scans.extend(page.scan_configurations().iter().map(cis_scan_from_sdk));
        }
    }
    Ok(in_request_order(scans, &arns, |s| s.arn.as_str()))
}

/// `DeleteCisScanConfiguration`.
pub(crate) async fn delete_cis_scan(c: &SdkClient, arn: &str) -> CloudResult<()> {
    c.delete_cis_scan_configuration()
        .scan_configuration_arn(arn)
        .send()
        .await
        .map_err(|e| cloud_error(SERVICE, "DeleteCisScanConfiguration", Some(arn), e))?;
    Ok(())
}

/// Amazon Inspector v2 over the SDK (one client per region).
pub struct Client {
    clients: Regional<aws_sdk_inspector2::Client>,
}

impl Client {
    /// Inspector v2 clients of `conn`.
    pub fn new(conn: &Arc<Connection>) -> Client {
        Client { clients: Regional::new(conn, |c, r| crate::sdk_client!(c, aws_sdk_inspector2, "inspector2", Some(r))) }
    }
}

#[async_trait]
impl Inspector2 for Client {
    async fn enable(&self, region: &str, account_ids: &[String], types: &[String]) -> CloudResult<()> {
        enable(&self.clients.get(region), account_ids, types).await
    }
    async fn disable(&self, region: &str, account_ids: &[String], types: &[String]) -> CloudResult<()> {
        disable(&self.clients.get(region), account_ids, types).await
    }
    async fn account_status(&self, region: &str, account_ids: &[String]) -> CloudResult<Vec<Inspector2AccountStatus>> {
        account_status(&self.clients.get(region), account_ids).await
    }
    async fn create_filter(&self, region: &str, filter: &Inspector2Filter) -> CloudResult<String> {
        create_filter(&self.clients.get(region), filter).await
    }
    async fn update_filter(&self, region: &str, filter: &Inspector2Filter) -> CloudResult<()> {
        update_filter(&self.clients.get(region), filter).await
    }
    async fn list_filters(&self, region: &str, arns: &[String]) -> CloudResult<Vec<Inspector2Filter>> {
        list_filters(&self.clients.get(region), arns).await
    }
    async fn delete_filter(&self, region: &str, arn: &str) -> CloudResult<()> {
        delete_filter(&self.clients.get(region), arn).await
    }
    async fn set_tags(&self, region: &str, arn: &str, tags: &Tags) -> CloudResult<()> {
        set_tags(&self.clients.get(region), arn, tags).await
    }
    async fn describe_org_config(&self, region: &str) -> CloudResult<BTreeMap<String, bool>> {
        describe_org_config(&self.clients.get(region)).await
    }
    async fn update_org_config(&self, region: &str, auto_enable: &BTreeMap<String, bool>) -> CloudResult<()> {
        update_org_config(&self.clients.get(region), auto_enable).await
    }
    async fn enable_delegated_admin(&self, region: &str, account_id: &str) -> CloudResult<()> {
        enable_delegated_admin(&self.clients.get(region), account_id).await
    }
    async fn list_delegated_admins(&self, region: &str) -> CloudResult<Vec<(String, String)>> {
        list_delegated_admins(&self.clients.get(region)).await
    }
    async fn disable_delegated_admin(&self, region: &str, account_id: &str) -> CloudResult<()> {
        disable_delegated_admin(&self.clients.get(region), account_id).await
    }
    async fn associate_member(&self, region: &str, account_id: &str) -> CloudResult<()> {
        associate_member(&self.clients.get(region), account_id).await
    }
    async fn get_member(&self, region: &str, account_id: &str) -> CloudResult<Option<Inspector2Member>> {
        get_member(&self.clients.get(region), account_id).await
    }
    async fn disassociate_member(&self, region: &str, account_id: &str) -> CloudResult<()> {
        disassociate_member(&self.clients.get(region), account_id).await
    }
    async fn create_cis_scan(&self, region: &str, config: &CisScanConfig) -> CloudResult<String> {
        create_cis_scan(&self.clients.get(region), config).await
    }
    async fn update_cis_scan(&self, region: &str, config: &CisScanConfig) -> CloudResult<()> {
        update_cis_scan(&self.clients.get(region), config).await
    }
    async fn list_cis_scans(&self, region: &str, arns: &[String]) -> CloudResult<Vec<CisScanConfig>> {
        list_cis_scans(&self.clients.get(region), arns).await
    }
    async fn delete_cis_scan(&self, region: &str, arn: &str) -> CloudResult<()> {
        delete_cis_scan(&self.clients.get(region), arn).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use aws_sdk_inspector2::error::ErrorMetadata;
    use aws_sdk_inspector2::operation::batch_get_account_status::BatchGetAccountStatusOutput;
    use aws_sdk_inspector2::operation::create_cis_scan_configuration::CreateCisScanConfigurationOutput;
    use aws_sdk_inspector2::operation::create_filter::CreateFilterOutput;
    use aws_sdk_inspector2::operation::delete_cis_scan_configuration::DeleteCisScanConfigurationOutput;
    use aws_sdk_inspector2::operation::describe_organization_configuration::DescribeOrganizationConfigurationOutput;
    use aws_sdk_inspector2::operation::disable::DisableOutput;
    use aws_sdk_inspector2::operation::enable::EnableOutput;
    use aws_sdk_inspector2::operation::get_member::{GetMemberError, GetMemberOutput};
    use aws_sdk_inspector2::operation::list_cis_scan_configurations::ListCisScanConfigurationsOutput;
    use aws_sdk_inspector2::operation::list_delegated_admin_accounts::ListDelegatedAdminAccountsOutput;
    use aws_sdk_inspector2::operation::list_filters::ListFiltersOutput;
    use aws_sdk_inspector2::operation::list_tags_for_resource::ListTagsForResourceOutput;
    use aws_sdk_inspector2::operation::tag_resource::TagResourceOutput;
    use aws_sdk_inspector2::operation::untag_resource::UntagResourceOutput;
    use aws_sdk_inspector2::operation::update_cis_scan_configuration::UpdateCisScanConfigurationOutput;
    use aws_sdk_inspector2::operation::update_filter::UpdateFilterOutput;
    use aws_sdk_inspector2::operation::update_organization_configuration::UpdateOrganizationConfigurationOutput;
    use aws_sdk_inspector2::types::error::{AccessDeniedException, ResourceNotFoundException};
    use aws_sdk_inspector2::types::{
        Account, DelegatedAdminAccount, DelegatedAdminStatus, Member, RelationshipStatus, ResourceState, Status,
    };
    use aws_smithy_mocks::{mock, Rule, RuleMode};
    use serde_json::json;

    const ACCOUNT: &str = "123456789012";
    const FILTER: &str = "arn:aws:inspector2:us-east-1:123456789012:owner/123456789012/filter/abc";
    const SCAN: &str = "arn:aws:inspector2:us-east-1:123456789012:owner/123456789012/cis-configuration/s-1";

    /// A client answered only by `rules`; an unmatched request panics instead of reaching the
    /// network. This is what `mock_client!` builds, spelled out because that macro calls
    /// `with_test_defaults_v2`, which aws-sdk-inspector2 only has with its `test-util` feature.
    fn client(mode: RuleMode, rules: &[&Rule]) -> SdkClient {
        crate::mocked_client!(aws_sdk_inspector2, mode, rules)
    }

    fn meta(code: &str, message: &str) -> ErrorMetadata {
        crate::providers::aws::mock_error_meta(code, message)
    }

    fn tags(pairs: &[(&str, &str)]) -> Tags {
        pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    fn strings(items: &[&str]) -> Vec<String> {
        items.iter().map(|s| s.to_string()).collect()
    }

    fn snake_case(camel: &str) -> String {
        camel
            .chars()
            .flat_map(|c| if c.is_ascii_uppercase() { vec!['_', c.to_ascii_lowercase()] } else { vec![c] })
            .collect()
    }

    fn round_trip(criteria: &Value) -> Value {
        criteria_to_json(&criteria_from_json(criteria, "criteria").unwrap())
    }

    /// Criteria using every kind of element: string, date, number, map, port range, package.
    fn every_kind() -> Value {
        json!({
            "severity": [
                {"comparison": "EQUALS", "value": "HIGH"},
                {"comparison": "EQUALS", "value": "CRITICAL"}
            ],
            "awsAccountId": [{"comparison": "NOT_EQUALS", "value": ACCOUNT}],
            "firstObservedAt": [{"startInclusive": "2024-01-01T00:00:00Z", "endInclusive": "2024-01-31T23:59:59.5Z"}],
            "updatedAt": [{"startInclusive": "2024-06-01T12:00:00Z"}],
            "inspectorScore": [{"lowerInclusive": 7, "upperInclusive": 9.5}],
            "epssScore": [{"upperInclusive": 0.25}],
            "resourceTags": [
                {"comparison": "EQUALS", "key": "Env", "value": "prod"},
                {"comparison": "EQUALS", "key": "Bare"}
            ],
            "portRange": [{"beginInclusive": 22, "endInclusive": 22}, {"beginInclusive": 8000}],
            "vulnerablePackages": [{
                "name": {"comparison": "EQUALS", "value": "openssl"},
                "version": {"comparison": "PREFIX", "value": "1.1"},
                "epoch": {"lowerInclusive": 0, "upperInclusive": 2},
                "release": {"comparison": "EQUALS", "value": "1.el8"},
                "architecture": {"comparison": "EQUALS", "value": "x86_64"},
                "sourceLayerHash": {"comparison": "EQUALS", "value": "sha256:abc"},
                "sourceLambdaLayerArn": {"comparison": "EQUALS", "value": "arn:aws:lambda:us-east-1:1:layer:l:1"},
                "filePath": {"comparison": "PREFIX", "value": "/usr/lib"}
            }],
            "findingType": []
        })
    }

    fn weekly() -> Value {
        json!({"weekly": {"days": ["MON", "WED"], "startTime": {"timeOfDay": "09:00", "timezone": "Asia/Tokyo"}}})
    }

    fn targets() -> Value {
        json!({"accountIds": ["SELF"], "targetResourceTags": {"Env": ["prod", "stage"], "Scan": ["cis"]}})
    }

    fn cis(arn: &str, schedule: Value, targets: Value) -> CisScanConfig {
        CisScanConfig {
            arn: arn.to_string(),
            scan_name: "weekly-cis".to_string(),
            security_level: "LEVEL_1".to_string(),
            schedule,
            targets,
            tags: tags(&[("team", "security")]),
        }
    }

    fn inspector2_filter(criteria: Value) -> Inspector2Filter {
        Inspector2Filter {
            arn: FILTER.to_string(),
            name: "suppress-accepted".to_string(),
            action: "SUPPRESS".to_string(),
            description: Some("accepted risks".to_string()),
            reason: Some("reviewed".to_string()),
            criteria,
            tags: tags(&[("team", "security")]),
        }
    }

    // ---- pure conversions ----

    #[test]
    fn criteria_of_every_kind_round_trip_losslessly() {
        let criteria = every_kind();
        assert_eq!(round_trip(&criteria), criteria);
        // And again from the SDK side: JSON -> SDK -> JSON -> SDK gives the same value.
        let sdk = criteria_from_json(&criteria, "criteria").unwrap();
        assert_eq!(criteria_from_json(&criteria_to_json(&sdk), "criteria").unwrap(), sdk);
    }

    #[test]
    fn every_criteria_member_maps_to_its_own_field_and_round_trips() {
        // One sample element per kind; each member accepts exactly one of them.
        let samples = [
            ("string", json!({"comparison": "EQUALS", "value": "x"})),
            ("date", json!({"startInclusive": "2024-01-01T00:00:00Z"})),
            ("number", json!({"lowerInclusive": 1})),
            ("map", json!({"comparison": "EQUALS", "key": "k", "value": "v"})),
            ("port", json!({"beginInclusive": 443})),
            ("package", json!({"name": {"comparison": "EQUALS", "value": "p"}})),
        ];
        let mut kinds: BTreeMap<&str, usize> = BTreeMap::new();
        for key in CRITERIA_KEYS {
            let accepted: Vec<_> = samples
                .iter()
                .filter_map(|(kind, sample)| {
                    let criteria = json!({ *key: [sample] });
                    criteria_from_json(&criteria, "criteria").ok().map(|sdk| (*kind, criteria, sdk))
                })
                .collect();
            assert_eq!(accepted.len(), 1, "{key} accepts {} sample kinds", accepted.len());
            let (kind, criteria, sdk) = &accepted[0];
            *kinds.entry(kind).or_default() += 1;
            assert_eq!(&criteria_to_json(sdk), criteria, "{key}");
            // The member lands in the struct field named after it, and nowhere else.
            let debug = format!("{sdk:?}");
            for other in CRITERIA_KEYS {
                let state = if other == key { "Some(" } else { "None" };
                assert!(debug.contains(&format!(" {}: {state}", snake_case(other))), "{key}: {other} in {debug}");
            }
        }
        let want =
            BTreeMap::from([("date", 9), ("map", 1), ("number", 4), ("package", 1), ("port", 1), ("string", 53)]);
        assert_eq!(kinds, want);
    }

    #[test]
    fn timestamps_and_numbers_are_normalized_to_one_form() {
        let given = json!({
            "firstObservedAt": [{"startInclusive": "2024-01-01T09:00:00+09:00", "endInclusive": 1704067200}],
            "lastObservedAt": [{"startInclusive": 1704067200.25}],
            "inspectorScore": [{"lowerInclusive": 7.0}],
            "updatedAt": [{"startInclusive": null}],
            "title": null
        });
        let want = json!({
            "firstObservedAt": [{"startInclusive": "2024-01-01T00:00:00Z", "endInclusive": "2024-01-01T00:00:00Z"}],
            "lastObservedAt": [{"startInclusive": "2024-01-01T00:00:00.25Z"}],
            "inspectorScore": [{"lowerInclusive": 7}],
            "updatedAt": [{}]
        });
        assert_eq!(round_trip(&given), want);
        assert_eq!(round_trip(&want), want);
    }

    #[test]
    fn bad_criteria_shapes_name_the_key() {
        let err = |v: Value| criteria_from_json(&v, "criteria").unwrap_err();
        let e = err(json!({"severty": []}));
        assert_eq!(e.path, "criteria.severty");
        assert!(e.problem.contains("did you mean `severity`"), "{}", e.problem);
        let e = err(json!({"severity": [{"comparison": "EQUALS"}]}));
        assert_eq!((e.path.as_str(), e.problem.as_str()), ("criteria.severity[0].value", "required key is missing"));
        let e = err(json!({"severity": [{"comparison": "EQUALS", "value": 3}]}));
        assert_eq!(
            (e.path.as_str(), e.problem.as_str()),
            ("criteria.severity[0].value", "expected a string, found a number")
        );
        let e = err(json!({"severity": {"comparison": "EQUALS", "value": "HIGH"}}));
        assert_eq!(e.path, "criteria.severity");
        let e = err(json!({"firstObservedAt": [{"startInclusive": "yesterday"}]}));
        assert_eq!(e.path, "criteria.firstObservedAt[0].startInclusive");
        let e = err(json!({"portRange": [{"beginInclusive": 22.5}]}));
        assert_eq!(e.path, "criteria.portRange[0].beginInclusive");
        let e = err(json!({"portRange": [{"beginInclusive": 4_294_967_296_i64}]}));
        assert_eq!(e.path, "criteria.portRange[0].beginInclusive");
        let e = err(json!({"vulnerablePackages": [{"epoch": {"lower": 1}}]}));
        assert_eq!(e.path, "criteria.vulnerablePackages[0].epoch.lower");
        assert!(e.problem.contains("lowerInclusive"), "{}", e.problem);
        let e = err(json!([]));
        assert_eq!((e.path.as_str(), e.problem.as_str()), ("criteria", "expected an object, found an array"));
        let cloud = err(json!({"nope": []})).into_cloud("CreateFilter");
        assert_eq!((cloud.kind, cloud.service, cloud.operation), (ErrorKind::Invalid, "inspector2", "CreateFilter"));
        assert!(cloud.message.starts_with("criteria.nope: unknown key"), "{}", cloud.message);
    }

    #[test]
    fn schedules_of_every_kind_round_trip_losslessly() {
        let start = json!({"timeOfDay": "23:30", "timezone": "UTC"});
        for schedule in [
            json!({"oneTime": {}}),
            json!({"daily": {"startTime": start}}),
            weekly(),
            json!({"monthly": {"day": "SUN", "startTime": start}}),
        ] {
            let sdk = schedule_from_json(&schedule, "schedule").unwrap();
            assert_eq!(schedule_to_json(&sdk), schedule);
        }
        let sdk = schedule_from_json(&weekly(), "schedule").unwrap();
        let Schedule::Weekly(w) = &sdk else { panic!("{sdk:?}") };
        assert_eq!(w.days(), [Day::Mon, Day::Wed]);
        assert_eq!(w.start_time().map(|t| (t.time_of_day(), t.timezone())), Some(("09:00", "Asia/Tokyo")));
    }

    #[test]
    fn bad_schedules_name_the_key() {
        let err = |v: Value| schedule_from_json(&v, "schedule").unwrap_err();
        let e = err(json!({"oneTime": {}, "daily": {"startTime": {"timeOfDay": "1:00", "timezone": "UTC"}}}));
        assert_eq!(e.path, "schedule");
        assert!(e.problem.contains("exactly one of oneTime, daily, weekly, monthly"), "{}", e.problem);
        assert_eq!(err(json!({})).path, "schedule");
        let e = err(json!({"hourly": {}}));
        assert_eq!(e.path, "schedule.hourly");
        let e = err(json!({"weekly": {"days": ["MON"]}}));
        assert_eq!((e.path.as_str(), e.problem.as_str()), ("schedule.weekly.startTime", "required key is missing"));
        let e = err(json!({"weekly": {"days": "MON", "startTime": {"timeOfDay": "1:00", "timezone": "UTC"}}}));
        assert_eq!(e.path, "schedule.weekly.days");
        let e = err(json!({"monthly": {"day": "MON", "startTime": {"timeOfDay": "1:00", "tz": "UTC"}}}));
        assert_eq!(e.path, "schedule.monthly.startTime.tz");
        let e = err(json!({"oneTime": {"at": 1}}));
        assert_eq!(e.path, "schedule.oneTime.at");
        assert_eq!(err(json!("weekly")).problem, "expected an object, found a string");
    }

    #[test]
    fn targets_round_trip_and_create_requires_both_members() {
        let create = create_targets_from_json(&targets(), "targets").unwrap();
        let read = CisTargets::builder()
            .set_account_ids(Some(create.account_ids().to_vec()))
            .set_target_resource_tags(Some(create.target_resource_tags().clone()))
            .build();
        assert_eq!(targets_to_json(&read), targets());
        let update = update_targets_from_json(&json!({"accountIds": [ACCOUNT]}), "targets").unwrap();
        assert_eq!(update.account_ids(), [ACCOUNT]);
        assert!(update.target_resource_tags.is_none());
        let e = create_targets_from_json(&json!({"accountIds": ["SELF"]}), "targets").unwrap_err();
        assert_eq!(e.path, "targets.targetResourceTags");
        let e = create_targets_from_json(&json!({"accountIds": ["SELF"], "targetResourceTags": {"k": "v"}}), "t");
        assert_eq!(e.unwrap_err().path, "t.targetResourceTags.k");
        let e = update_targets_from_json(&json!({"accounts": []}), "targets").unwrap_err();
        assert_eq!(e.path, "targets.accounts");
    }

    #[test]
    fn auto_enable_maps_both_ways_and_rejects_unknown_keys() {
        let a = AutoEnable::builder().ec2(true).ecr(false).lambda(true).build().unwrap();
        let m = auto_enable_to_map(&a);
        assert_eq!(m, BTreeMap::from([("ec2".into(), true), ("ecr".into(), false), ("lambda".into(), true)]));
        assert_eq!(auto_enable_from_map(&m).unwrap(), a);
        let mut bad = m.clone();
        bad.insert("lambda_code".into(), true);
        let e = auto_enable_from_map(&bad).unwrap_err();
        assert_eq!(e.kind, ErrorKind::Invalid);
        assert!(e.message.contains("autoEnable.lambda_code") && e.message.contains("lambdaCode"), "{}", e.message);
        let e = auto_enable_from_map(&BTreeMap::from([("ec2".into(), true)])).unwrap_err();
        assert!(e.message.starts_with("autoEnable.ecr: required key is missing"), "{}", e.message);
    }

    // ---- requests and answers ----

    #[tokio::test]
    async fn create_filter_sends_converted_criteria_and_settings() {
        let rule = mock!(SdkClient::create_filter)
            .match_requests(|req| {
                let Some(c) = req.filter_criteria() else { return false };
                let severity: Vec<_> = c.severity().iter().map(|f| (f.comparison().clone(), f.value())).collect();
                let date = &c.first_observed_at()[0];
                let score = &c.inspector_score()[0];
                let tags_ok = req.tags().is_some_and(|t| t.len() == 1 && t["team"] == "security");
                req.name() == Some("suppress-accepted")
                    && req.action() == Some(&FilterAction::Suppress)
                    && req.description() == Some("accepted risks")
                    && req.reason() == Some("reviewed")
                    && tags_ok
                    && severity == [(StringComparison::Equals, "HIGH"), (StringComparison::Equals, "CRITICAL")]
                    && date.start_inclusive() == Some(&DateTime::from_secs(1_704_067_200))
                    && date.end_inclusive() == Some(&DateTime::from_fractional_secs(1_706_745_599, 0.5))
                    && score.lower_inclusive() == Some(7.0)
                    && score.upper_inclusive() == Some(9.5)
                    && c.resource_tags()[1].value().is_none()
                    && c.port_range()[1].end_inclusive().is_none()
                    && c.vulnerable_packages()[0].epoch().and_then(|e| e.upper_inclusive()) == Some(2.0)
                    && c.finding_type.as_deref() == Some(&[][..])
                    && c.title.is_none()
            })
            .then_output(|| CreateFilterOutput::builder().arn(FILTER).build().unwrap());
        let c = client(RuleMode::MatchAny, &[&rule]);
        let got = create_filter(&c, &inspector2_filter(every_kind())).await.unwrap();
        assert_eq!(got, FILTER);
        assert_eq!(rule.num_calls(), 1);
    }

    #[tokio::test]
    async fn create_filter_rejects_bad_criteria_without_a_call() {
        // No rules: a request would panic in the interceptor.
        let c = client(RuleMode::MatchAny, &[]);
        let bad = json!({"severity": [{"comparison": "EQUALS", "valeu": "HIGH"}]});
        let err = create_filter(&c, &inspector2_filter(bad.clone())).await.unwrap_err();
        assert_eq!((err.kind, err.operation), (ErrorKind::Invalid, "CreateFilter"));
        assert!(err.message.starts_with("criteria.severity[0].valeu: unknown key"), "{}", err.message);
        let err = update_filter(&c, &inspector2_filter(bad)).await.unwrap_err();
        assert_eq!((err.kind, err.operation), (ErrorKind::Invalid, "UpdateFilter"));
    }

    #[tokio::test]
    async fn update_filter_sends_arn_settings_and_criteria() {
        let rule = mock!(SdkClient::update_filter)
            .match_requests(|req| {
                let severity = req.filter_criteria().map(|c| c.severity().to_vec()).unwrap_or_default();
                req.filter_arn() == Some(FILTER)
                    && req.name() == Some("suppress-accepted")
                    && req.action() == Some(&FilterAction::None)
                    && req.description().is_none()
                    && req.reason() == Some("reviewed")
                    && severity.len() == 1
                    && severity[0].value() == "LOW"
            })
            .then_output(|| UpdateFilterOutput::builder().arn(FILTER).build().unwrap());
        let c = client(RuleMode::MatchAny, &[&rule]);
        let mut f = inspector2_filter(json!({"severity": [{"comparison": "EQUALS", "value": "LOW"}]}));
        f.action = "NONE".to_string();
        f.description = None;
        update_filter(&c, &f).await.unwrap();
        assert_eq!(rule.num_calls(), 1);
    }

    fn sdk_filter(arn: &str, criteria: Option<FilterCriteria>) -> Filter {
        Filter::builder()
            .arn(arn)
            .owner_id(ACCOUNT)
            .name("suppress-accepted")
            .action(FilterAction::Suppress)
            .set_criteria(criteria)
            .created_at(DateTime::from_secs(0))
            .updated_at(DateTime::from_secs(0))
            .reason("reviewed")
            .tags("team", "security")
            .build()
            .unwrap()
    }

    #[tokio::test]
    async fn list_filters_follows_pages_converts_back_and_keeps_only_the_asked() {
        let other = format!("{FILTER}-other");
        let missing = format!("{FILTER}-missing");
        let asked = vec![FILTER.to_string(), missing.clone(), FILTER.to_string()];
        let sent = vec![FILTER.to_string(), missing];
        let page1 = mock!(SdkClient::list_filters)
            .match_requests({
                let sent = sent.clone();
                move |req| req.arns() == sent.as_slice() && req.next_token().is_none()
            })
            .then_output(move || {
                // A filter that was not asked for must not leak in.
                ListFiltersOutput::builder().filters(sdk_filter(&other, None)).next_token("p2").build().unwrap()
            });
        let page2 = mock!(SdkClient::list_filters)
            .match_requests(move |req| req.arns() == sent.as_slice() && req.next_token() == Some("p2"))
            .then_output(|| {
                let criteria = criteria_from_json(&every_kind(), "criteria").unwrap();
                ListFiltersOutput::builder().filters(sdk_filter(FILTER, Some(criteria))).build().unwrap()
            });
        let c = client(RuleMode::MatchAny, &[&page1, &page2]);
        let got = list_filters(&c, &asked).await.unwrap();
        assert_eq!((page1.num_calls(), page2.num_calls()), (1, 1));
        let want = Inspector2Filter { description: None, ..inspector2_filter(every_kind()) };
        assert_eq!(got, vec![want]);
    }

    #[tokio::test]
    async fn list_filters_without_arns_makes_no_call_and_no_criteria_reads_as_empty() {
        let c = client(RuleMode::MatchAny, &[]);
        assert!(list_filters(&c, &[]).await.unwrap().is_empty());
        assert_eq!(filter_from_sdk(&sdk_filter(FILTER, None)).criteria, json!({}));
    }

    #[tokio::test]
    async fn set_tags_removes_and_adds_only_the_difference() {
        let list = mock!(SdkClient::list_tags_for_resource)
            .match_requests(|req| req.resource_arn() == Some(FILTER))
            .then_output(|| {
                ListTagsForResourceOutput::builder().tags("keep", "1").tags("old", "x").tags("change", "a").build()
            });
        let untag = mock!(SdkClient::untag_resource)
            .match_requests(|req| req.resource_arn() == Some(FILTER) && req.tag_keys() == ["old"])
            .then_output(|| UntagResourceOutput::builder().build());
        let tag = mock!(SdkClient::tag_resource)
            .match_requests(|req| {
                let want =
                    HashMap::from([("change".to_string(), "b".to_string()), ("new".to_string(), "y".to_string())]);
                req.resource_arn() == Some(FILTER) && req.tags() == Some(&want)
            })
            .then_output(|| TagResourceOutput::builder().build());
        let c = client(RuleMode::Sequential, &[&list, &untag, &tag]);
        let want = tags(&[("keep", "1"), ("change", "b"), ("new", "y")]);
        set_tags(&c, FILTER, &want).await.unwrap();
        assert_eq!((list.num_calls(), untag.num_calls(), tag.num_calls()), (1, 1, 1));
    }

    #[tokio::test]
    async fn set_tags_makes_no_change_call_when_equal() {
        let list = mock!(SdkClient::list_tags_for_resource)
            .then_output(|| ListTagsForResourceOutput::builder().tags("team", "security").build());
        let c = client(RuleMode::Sequential, &[&list]);
        set_tags(&c, SCAN, &tags(&[("team", "security")])).await.unwrap();
        assert_eq!(list.num_calls(), 1);
    }

    fn failed(account: &str, code: ErrorCode, message: &str) -> FailedAccount {
        FailedAccount::builder().account_id(account).error_code(code).error_message(message).build().unwrap()
    }

    #[tokio::test]
    async fn enable_reports_failed_accounts_as_an_error_naming_them() {
        let rule = mock!(SdkClient::enable)
            .match_requests(|req| {
                req.account_ids() == [ACCOUNT, "210987654321"]
                    && req.resource_types() == [ResourceScanType::Ec2, ResourceScanType::LambdaCode]
            })
            .then_output(|| {
                EnableOutput::builder()
                    .set_accounts(Some(Vec::new()))
                    .failed_accounts(failed("210987654321", ErrorCode::AccessDenied, "not a member"))
                    .failed_accounts(failed(ACCOUNT, ErrorCode::EnableInProgress, ""))
                    .build()
                    .unwrap()
            });
        let c = client(RuleMode::MatchAny, &[&rule]);
        let accounts = strings(&[ACCOUNT, "210987654321"]);
        let err = enable(&c, &accounts, &strings(&["EC2", "LAMBDA_CODE"])).await.unwrap_err();
        assert_eq!((err.service, err.operation), ("inspector2", "Enable"));
        // The first account in id order gives code and kind; the message names every one.
        assert_eq!((err.kind, err.code.as_str()), (ErrorKind::Conflict, "ENABLE_IN_PROGRESS"));
        assert!(err.message.contains("account 123456789012: ENABLE_IN_PROGRESS"), "{}", err.message);
        assert!(err.message.contains("account 210987654321: ACCESS_DENIED (not a member)"), "{}", err.message);
    }

    #[tokio::test]
    async fn enable_and_disable_batch_accounts_and_succeed_without_failures() {
        let accounts: Vec<String> = (0..150).map(|i| format!("{:012}", 100_000_000_000_u64 + i)).collect();
        let ok = |n: usize| {
            mock!(SdkClient::enable)
                .match_requests(move |req| {
                    req.account_ids().len() == n && req.resource_types() == [ResourceScanType::Ecr]
                })
                .then_output(|| EnableOutput::builder().set_accounts(Some(Vec::new())).build().unwrap())
        };
        let (first, second) = (ok(100), ok(50));
        let off = mock!(SdkClient::disable)
            .match_requests(|req| req.account_ids.is_none() && req.resource_types() == [ResourceScanType::Ecr])
            .then_output(|| {
                let me = Account::builder().account_id(ACCOUNT).status(Status::Disabling).build().unwrap();
                DisableOutput::builder().accounts(me).build().unwrap()
            });
        let c = client(RuleMode::Sequential, &[&first, &second, &off]);
        enable(&c, &accounts, &strings(&["ECR"])).await.unwrap();
        // No account ids: one request without them, for the caller's own account.
        disable(&c, &[], &strings(&["ECR"])).await.unwrap();
        assert_eq!((first.num_calls(), second.num_calls(), off.num_calls()), (1, 1, 1));
    }

    #[tokio::test]
    async fn account_status_maps_states_and_leaves_out_failed_accounts() {
        let state =
            |s: Status| State::builder().status(s).error_code(ErrorCode::from("")).error_message("").build().unwrap();
        let rule = mock!(SdkClient::batch_get_account_status)
            .match_requests(|req| req.account_ids() == [ACCOUNT, "210987654321"])
            .then_output(move || {
                let resources = ResourceState::builder()
                    .ec2(state(Status::Enabled))
                    .ecr(state(Status::Disabled))
                    .lambda(state(Status::Enabling))
                    .build();
                let me = AccountState::builder()
                    .account_id(ACCOUNT)
                    .state(state(Status::Enabled))
                    .resource_state(resources)
                    .build()
                    .unwrap();
                BatchGetAccountStatusOutput::builder()
                    .accounts(me)
                    .failed_accounts(failed("210987654321", ErrorCode::AccessDenied, "no"))
                    .build()
                    .unwrap()
            });
        let c = client(RuleMode::MatchAny, &[&rule]);
        let got = account_status(&c, &strings(&[ACCOUNT, "210987654321", ACCOUNT])).await.unwrap();
        let want = Inspector2AccountStatus {
            account_id: ACCOUNT.to_string(),
            status: "ENABLED".to_string(),
            resource_status: BTreeMap::from([
                ("EC2".to_string(), "ENABLED".to_string()),
                ("ECR".to_string(), "DISABLED".to_string()),
                ("LAMBDA".to_string(), "ENABLING".to_string()),
            ]),
        };
        assert_eq!(got, vec![want]);
    }

    #[tokio::test]
    async fn org_config_describe_maps_and_update_sends_the_flags() {
        let describe = mock!(SdkClient::describe_organization_configuration).then_output(|| {
            let a = AutoEnable::builder().ec2(true).ecr(true).lambda(false).lambda_code(true).build().unwrap();
            DescribeOrganizationConfigurationOutput::builder().auto_enable(a).build()
        });
        let update = mock!(SdkClient::update_organization_configuration)
            .match_requests(|req| {
                req.auto_enable()
                    .is_some_and(|a| a.ec2() && !a.ecr() && a.lambda().is_none() && a.lambda_code() == Some(true))
            })
            .then_output(|| {
                let a = AutoEnable::builder().ec2(true).ecr(false).build().unwrap();
                UpdateOrganizationConfigurationOutput::builder().auto_enable(a).build()
            });
        let c = client(RuleMode::Sequential, &[&describe, &update]);
        let got = describe_org_config(&c).await.unwrap();
        let want: BTreeMap<String, bool> = [("ec2", true), ("ecr", true), ("lambda", false), ("lambdaCode", true)]
            .map(|(k, v)| (k.to_string(), v))
            .into();
        assert_eq!(got, want);
        let flags: BTreeMap<String, bool> =
            [("ec2", true), ("ecr", false), ("lambdaCode", true)].map(|(k, v)| (k.to_string(), v)).into();
        update_org_config(&c, &flags).await.unwrap();
        assert_eq!(update.num_calls(), 1);
    }

    #[tokio::test]
    async fn list_delegated_admins_follows_pages() {
        let admin =
            |id: &str, s: DelegatedAdminStatus| DelegatedAdminAccount::builder().account_id(id).status(s).build();
        let page1 = mock!(SdkClient::list_delegated_admin_accounts)
            .match_requests(|req| req.next_token().is_none())
            .then_output(move || {
                ListDelegatedAdminAccountsOutput::builder()
                    .delegated_admin_accounts(admin(ACCOUNT, DelegatedAdminStatus::Enabled))
                    .next_token("more")
                    .build()
            });
        let page2 = mock!(SdkClient::list_delegated_admin_accounts)
            .match_requests(|req| req.next_token() == Some("more"))
            .then_output(move || {
                ListDelegatedAdminAccountsOutput::builder()
                    .delegated_admin_accounts(admin("210987654321", DelegatedAdminStatus::DisableInProgress))
                    .build()
            });
        let c = client(RuleMode::MatchAny, &[&page1, &page2]);
        let got = list_delegated_admins(&c).await.unwrap();
        assert_eq!(
            got,
            vec![
                (ACCOUNT.to_string(), "ENABLED".to_string()),
                ("210987654321".to_string(), "DISABLE_IN_PROGRESS".to_string())
            ]
        );
    }

    #[tokio::test]
    async fn get_member_maps_it_and_not_found_is_none_but_access_denied_is_an_error() {
        let found =
            mock!(SdkClient::get_member).match_requests(|req| req.account_id() == Some(ACCOUNT)).then_output(|| {
                let m = Member::builder()
                    .account_id(ACCOUNT)
                    .relationship_status(RelationshipStatus::Enabled)
                    .delegated_admin_account_id("210987654321")
                    .updated_at(DateTime::from_secs(1_704_067_200))
                    .build();
                GetMemberOutput::builder().member(m).build()
            });
        let missing = mock!(SdkClient::get_member).then_error(|| {
            GetMemberError::ResourceNotFoundException(
                ResourceNotFoundException::builder()
                    .message("not a member")
                    .meta(meta("ResourceNotFoundException", "not a member"))
                    .build()
                    .unwrap(),
            )
        });
        let denied = mock!(SdkClient::get_member).then_error(|| {
            GetMemberError::AccessDeniedException(
                AccessDeniedException::builder()
                    .message("not allowed")
                    .meta(meta("AccessDeniedException", "not allowed"))
                    .build()
                    .unwrap(),
            )
        });
        let c = client(RuleMode::Sequential, &[&found, &missing, &denied]);
        let got = get_member(&c, ACCOUNT).await.unwrap();
        let want = Inspector2Member {
            account_id: ACCOUNT.to_string(),
            relationship_status: "ENABLED".to_string(),
            delegated_admin_account_id: Some("210987654321".to_string()),
            updated_at: Some("2024-01-01T00:00:00Z".to_string()),
        };
        assert_eq!(got, Some(want));
        assert_eq!(get_member(&c, "210987654321").await.unwrap(), None);
        let err = get_member(&c, "210987654321").await.unwrap_err();
        assert_eq!((err.kind, err.operation), (ErrorKind::AccessDenied, "GetMember"));
        assert!(err.message.contains("inspector2:GetMember on 210987654321"), "{}", err.message);
    }

    #[tokio::test]
    async fn create_cis_scan_sends_weekly_schedule_targets_and_tags() {
        let rule = mock!(SdkClient::create_cis_scan_configuration)
            .match_requests(|req| {
                let Some(Schedule::Weekly(w)) = req.schedule() else { return false };
                let start = w.start_time().map(|t| (t.time_of_day(), t.timezone()));
                let Some(t) = req.targets() else { return false };
                let mut tag_keys: Vec<_> = t.target_resource_tags().keys().cloned().collect();
                tag_keys.sort();
                req.scan_name() == Some("weekly-cis")
                    && req.security_level() == Some(&CisSecurityLevel::Level1)
                    && w.days() == [Day::Mon, Day::Wed]
                    && start == Some(("09:00", "Asia/Tokyo"))
                    && t.account_ids() == ["SELF"]
                    && tag_keys == ["Env", "Scan"]
                    && t.target_resource_tags()["Env"] == ["prod", "stage"]
                    && req.tags().is_some_and(|t| t["team"] == "security")
            })
            .then_output(|| CreateCisScanConfigurationOutput::builder().scan_configuration_arn(SCAN).build());
        let c = client(RuleMode::MatchAny, &[&rule]);
        let got = create_cis_scan(&c, &cis("", weekly(), targets())).await.unwrap();
        assert_eq!(got, SCAN);
        assert_eq!(rule.num_calls(), 1);
    }

    #[tokio::test]
    async fn create_cis_scan_rejects_bad_shapes_without_a_call() {
        let c = client(RuleMode::MatchAny, &[]);
        let err = create_cis_scan(&c, &cis("", json!({"weekly": {"days": ["MON"]}}), targets())).await.unwrap_err();
        assert_eq!((err.kind, err.operation), (ErrorKind::Invalid, "CreateCisScanConfiguration"));
        assert!(err.message.starts_with("schedule.weekly.startTime"), "{}", err.message);
        let err = create_cis_scan(&c, &cis("", weekly(), json!({"accountIds": ["SELF"]}))).await.unwrap_err();
        assert!(err.message.starts_with("targets.targetResourceTags"), "{}", err.message);
        let err = create_cis_scan(&c, &cis("", Value::Null, targets())).await.unwrap_err();
        assert_eq!(err.message, "schedule: expected an object, found null");
    }

    #[tokio::test]
    async fn create_cis_scan_without_an_arn_in_the_answer_is_an_error() {
        let rule = mock!(SdkClient::create_cis_scan_configuration)
            .then_output(|| CreateCisScanConfigurationOutput::builder().build());
        let c = client(RuleMode::MatchAny, &[&rule]);
        let err = create_cis_scan(&c, &cis("", weekly(), targets())).await.unwrap_err();
        assert_eq!(err.code, "MissingArn");
    }

    fn sdk_scan(arn: &str) -> CisScanConfiguration {
        let schedule = schedule_from_json(&weekly(), "schedule").unwrap();
        let create = create_targets_from_json(&targets(), "targets").unwrap();
        let targets = CisTargets::builder()
            .set_account_ids(Some(create.account_ids().to_vec()))
            .set_target_resource_tags(Some(create.target_resource_tags().clone()))
            .build();
        CisScanConfiguration::builder()
            .scan_configuration_arn(arn)
            .owner_id(ACCOUNT)
            .scan_name("weekly-cis")
            .security_level(CisSecurityLevel::Level1)
            .schedule(schedule)
            .targets(targets)
            .tags("team", "security")
            .build()
            .unwrap()
    }

    fn arn_filter_values(
        req: &aws_sdk_inspector2::operation::list_cis_scan_configurations::ListCisScanConfigurationsInput,
    ) -> Vec<String> {
        req.filter_criteria()
            .map(|f| {
                f.scan_configuration_arn_filters()
                    .iter()
                    .filter(|x| *x.comparison() == CisStringComparison::Equals)
                    .map(|x| x.value().to_string())
                    .collect()
            })
            .unwrap_or_default()
    }

    #[tokio::test]
    async fn list_cis_scans_filters_by_arn_in_tens_pages_and_parses_back() {
        let arns: Vec<String> = (0..12).map(|i| format!("{SCAN}{i:02}")).collect();
        let (first_ten, last_two) = (arns[..10].to_vec(), arns[10..].to_vec());
        let batch1_page1 = mock!(SdkClient::list_cis_scan_configurations)
            .match_requests(move |req| arn_filter_values(req) == first_ten && req.next_token().is_none())
            .then_output(|| {
                ListCisScanConfigurationsOutput::builder()
                    .scan_configurations(sdk_scan(&format!("{SCAN}00")))
                    .next_token("t")
                    .build()
            });
        let batch1_page2 = mock!(SdkClient::list_cis_scan_configurations)
            .match_requests(|req| arn_filter_values(req).len() == 10 && req.next_token() == Some("t"))
            .then_output(|| {
                ListCisScanConfigurationsOutput::builder()
                    .scan_configurations(sdk_scan(&format!("{SCAN}05")))
                    // Not asked for: must be left out.
                    .scan_configurations(sdk_scan(
                        "arn:aws:inspector2:us-east-1:123456789012:owner/x/cis-configuration/zz",
                    ))
                    .build()
            });
        let batch2 = mock!(SdkClient::list_cis_scan_configurations)
            .match_requests(move |req| arn_filter_values(req) == last_two)
            .then_output(|| {
                ListCisScanConfigurationsOutput::builder().scan_configurations(sdk_scan(&format!("{SCAN}11"))).build()
            });
        let c = client(RuleMode::MatchAny, &[&batch1_page1, &batch1_page2, &batch2]);
        // A repeated ARN is asked for once.
        let mut asked = arns.clone();
        asked.push(arns[0].clone());
        let got = list_cis_scans(&c, &asked).await.unwrap();
        assert_eq!((batch1_page1.num_calls(), batch1_page2.num_calls(), batch2.num_calls()), (1, 1, 1));
        let got_arns: Vec<_> = got.iter().map(|s| s.arn.clone()).collect();
        assert_eq!(got_arns, [format!("{SCAN}00"), format!("{SCAN}05"), format!("{SCAN}11")]);
        assert_eq!(got[2], cis(&format!("{SCAN}11"), weekly(), targets()));
        assert!(list_cis_scans(&client(RuleMode::MatchAny, &[]), &[]).await.unwrap().is_empty());
    }

    #[tokio::test]
    async fn update_cis_scan_sends_changes_and_leaves_null_members_out() {
        let full = mock!(SdkClient::update_cis_scan_configuration)
            .match_requests(|req| {
                let at_two = |d: &DailySchedule| d.start_time().map(|t| t.time_of_day()) == Some("02:00");
                let daily = matches!(req.schedule(), Some(Schedule::Daily(d)) if at_two(d));
                let t = req.targets();
                req.scan_configuration_arn() == Some(SCAN)
                    && req.scan_name() == Some("weekly-cis")
                    && req.security_level() == Some(&CisSecurityLevel::Level2)
                    && daily
                    && t.is_some_and(|t| t.account_ids() == [ACCOUNT] && t.target_resource_tags.is_none())
            })
            .then_output(|| UpdateCisScanConfigurationOutput::builder().scan_configuration_arn(SCAN).build().unwrap());
        let bare = mock!(SdkClient::update_cis_scan_configuration)
            .match_requests(|req| {
                req.scan_configuration_arn() == Some(SCAN) && req.schedule().is_none() && req.targets().is_none()
            })
            .then_output(|| UpdateCisScanConfigurationOutput::builder().scan_configuration_arn(SCAN).build().unwrap());
        let c = client(RuleMode::Sequential, &[&full, &bare]);
        let mut config = cis(
            SCAN,
            json!({"daily": {"startTime": {"timeOfDay": "02:00", "timezone": "UTC"}}}),
            json!({"accountIds": [ACCOUNT]}),
        );
        config.security_level = "LEVEL_2".to_string();
        update_cis_scan(&c, &config).await.unwrap();
        update_cis_scan(&c, &cis(SCAN, Value::Null, Value::Null)).await.unwrap();
        assert_eq!((full.num_calls(), bare.num_calls()), (1, 1));
    }

    #[tokio::test]
    async fn delete_cis_scan_sends_the_arn() {
        let rule = mock!(SdkClient::delete_cis_scan_configuration)
            .match_requests(|req| req.scan_configuration_arn() == Some(SCAN))
            .then_output(|| DeleteCisScanConfigurationOutput::builder().scan_configuration_arn(SCAN).build().unwrap());
        let c = client(RuleMode::MatchAny, &[&rule]);
        delete_cis_scan(&c, SCAN).await.unwrap();
        assert_eq!(rule.num_calls(), 1);
    }
}
