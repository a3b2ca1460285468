//! Conversions between the Inspector v2 interface's JSON values (filter criteria, CIS
//! schedules and targets, with the API's camelCase member names) and the SDK's types.
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
    CisTargets, CreateCisTargets, DailySchedule, DateFilter, Day, FilterCriteria, MapComparison, MapFilter,
    MonthlySchedule, NumberFilter, OneTimeSchedule, PackageFilter, PortRangeFilter, Schedule, StringComparison,
    StringFilter, Time, UpdateCisTargets, WeeklySchedule,
};
use aws_smithy_types::date_time::Format;
use aws_smithy_types::DateTime;
use serde_json::{Map, Value};

use super::criteria::PACKAGE_STRING_MEMBERS;
use crate::cloud::{CloudError, ErrorKind};

const SERVICE: &str = "inspector2";

// ---------------------------------------------------------------------------------------------
// JSON shape checking
// ---------------------------------------------------------------------------------------------

/// Where a JSON value departs from the API's shape (`criteria.severity[0].value`), and how.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct ShapeError {
    pub(super) path: String,
    pub(super) problem: String,
}

pub(super) type Shaped<T> = Result<T, ShapeError>;

impl ShapeError {
    pub(super) fn new(path: &str, problem: impl Into<String>) -> Self {
        ShapeError { path: path.to_string(), problem: problem.into() }
    }

    /// The error `operation` reports for it: invalid input, found before any request.
    pub(super) fn into_cloud(self, operation: &'static str) -> CloudError {
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
pub(super) fn child(at: &str, key: &str) -> String {
    format!("{at}.{key}")
}

/// `at[i]`, the path of a list element.
pub(super) fn element(at: &str, i: usize) -> String {
    format!("{at}[{i}]")
}

/// How a JSON value is described in messages.
pub(super) fn kind_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

pub(super) fn expected(at: &str, what: &str, v: &Value) -> ShapeError {
    ShapeError::new(at, format!("expected {what}, found {}", kind_of(v)))
}

pub(super) fn object<'a>(v: &'a Value, at: &str) -> Shaped<&'a Map<String, Value>> {
    v.as_object().ok_or_else(|| expected(at, "an object", v))
}

/// Fails on the first key of `obj` that is not in `allowed`, suggesting a near spelling.
pub(super) fn only_keys(obj: &Map<String, Value>, at: &str, allowed: &[&str]) -> Shaped<()> {
    match obj.keys().find(|k| !allowed.contains(&k.as_str())) {
        None => Ok(()),
        Some(key) => Err(ShapeError::new(&child(at, key), unknown_key_problem(key, allowed))),
    }
}

/// "unknown key", with the closest allowed spelling or, for short lists, all of them.
pub(super) fn unknown_key_problem(key: &str, allowed: &[&str]) -> String {
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
pub(super) fn member<'a>(obj: &'a Map<String, Value>, key: &str) -> Option<&'a Value> {
    obj.get(key).filter(|v| !v.is_null())
}

pub(super) fn required<'a>(obj: &'a Map<String, Value>, at: &str, key: &str) -> Shaped<&'a Value> {
    member(obj, key).ok_or_else(|| ShapeError::new(&child(at, key), "required key is missing"))
}

pub(super) fn string(v: &Value, at: &str) -> Shaped<String> {
    v.as_str().map(str::to_string).ok_or_else(|| expected(at, "a string", v))
}

pub(super) fn required_string(obj: &Map<String, Value>, at: &str, key: &str) -> Shaped<String> {
    string(required(obj, at, key)?, &child(at, key))
}

pub(super) fn optional_string(obj: &Map<String, Value>, at: &str, key: &str) -> Shaped<Option<String>> {
    member(obj, key).map(|v| string(v, &child(at, key))).transpose()
}

/// A JSON array, each element converted by `item` (which gets the element's path).
pub(super) fn list<T>(v: &Value, at: &str, item: impl Fn(&Value, &str) -> Shaped<T>) -> Shaped<Vec<T>> {
    let items = v.as_array().ok_or_else(|| expected(at, "an array", v))?;
    items.iter().enumerate().map(|(i, x)| item(x, &element(at, i))).collect()
}

pub(super) fn strings(v: &Value, at: &str) -> Shaped<Vec<String>> {
    list(v, at, string)
}

pub(super) fn float(v: &Value, at: &str) -> Shaped<f64> {
    v.as_f64().ok_or_else(|| expected(at, "a number", v))
}

pub(super) fn optional_float(obj: &Map<String, Value>, at: &str, key: &str) -> Shaped<Option<f64>> {
    member(obj, key).map(|v| float(v, &child(at, key))).transpose()
}

/// A port number: a whole JSON number within the API's 32-bit field.
pub(super) fn port(v: &Value, at: &str) -> Shaped<i32> {
    v.as_i64().and_then(|n| i32::try_from(n).ok()).ok_or_else(|| match v {
        Value::Number(_) => ShapeError::new(at, format!("expected a whole number within 32 bits, found {v}")),
        _ => expected(at, "a whole number", v),
    })
}

pub(super) fn optional_port(obj: &Map<String, Value>, at: &str, key: &str) -> Shaped<Option<i32>> {
    member(obj, key).map(|v| port(v, &child(at, key))).transpose()
}

/// A number as JSON: an integer when it is whole and exactly representable, else a float.
pub(super) fn number_to_json(x: f64) -> Value {
    const EXACT: f64 = 9_007_199_254_740_992.0; // 2^53
    if x.fract() == 0.0 && x.abs() <= EXACT {
        Value::from(x as i64)
    } else {
        serde_json::Number::from_f64(x).map_or(Value::Null, Value::Number)
    }
}

/// A timestamp: an RFC 3339 string (any offset) or a number of epoch seconds.
pub(super) fn timestamp(v: &Value, at: &str) -> Shaped<DateTime> {
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

pub(super) fn optional_timestamp(obj: &Map<String, Value>, at: &str, key: &str) -> Shaped<Option<DateTime>> {
    member(obj, key).map(|v| timestamp(v, &child(at, key))).transpose()
}

/// A timestamp as JSON: RFC 3339 in UTC, or epoch seconds for years RFC 3339 cannot write.
pub(super) fn timestamp_to_json(t: &DateTime) -> Value {
    t.fmt(Format::DateTime).map(Value::String).unwrap_or_else(|_| number_to_json(t.as_secs_f64()))
}

/// Inserts `key: to_json(value)` when the value is present.
pub(super) fn put<T>(m: &mut Map<String, Value>, key: &str, value: Option<T>, to_json: impl FnOnce(T) -> Value) {
    if let Some(v) = value {
        m.insert(key.to_string(), to_json(v));
    }
}

// ---------------------------------------------------------------------------------------------
// Filter criteria
// ---------------------------------------------------------------------------------------------

/// One element type of a `FilterCriteria` list, convertible to and from its JSON object.
pub(super) trait Criterion: Sized {
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

pub(super) fn criterion_list_from_json<T: Criterion>(v: &Value, at: &str) -> Shaped<Vec<T>> {
    list(v, at, T::from_json)
}

pub(super) fn criterion_list_to_json<T: Criterion>(items: &[T]) -> Value {
    Value::Array(items.iter().map(T::to_json).collect())
}

/// Defines the `FilterCriteria` conversions from the criteria table (`super::criteria`). Each
/// field's element type (string, date, number, map, port range or package filter) follows
/// from the field's own type.
macro_rules! filter_criteria_members {
    ($( $field:ident $key:literal $kind:ident $availability:ident, )*) => {
        /// The JSON member names of `FilterCriteria`.
        pub(super) const CRITERIA_KEYS: &[&str] = &[$($key),*];

        /// `FilterCriteria` from its JSON object (`at` names it in errors). Every member is
        /// an array of filter objects; an empty array is kept as such.
        pub(super) fn criteria_from_json(v: &Value, at: &str) -> Shaped<FilterCriteria> {
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
        pub(super) fn criteria_to_json(criteria: &FilterCriteria) -> Value {
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
pub(super) const SCHEDULE_KINDS: &[&str] = &["oneTime", "daily", "weekly", "monthly"];

/// `{"timeOfDay": "09:00", "timezone": "Asia/Tokyo"}`.
pub(super) fn time_from_json(v: &Value, at: &str) -> Shaped<Time> {
    let obj = object(v, at)?;
    only_keys(obj, at, &["timeOfDay", "timezone"])?;
    Time::builder()
        .time_of_day(required_string(obj, at, "timeOfDay")?)
        .timezone(required_string(obj, at, "timezone")?)
        .build()
        .map_err(|e| ShapeError::new(at, e.to_string()))
}

pub(super) fn time_to_json(t: &Time) -> Value {
    serde_json::json!({ "timeOfDay": t.time_of_day(), "timezone": t.timezone() })
}

pub(super) fn day(v: &Value, at: &str) -> Shaped<Day> {
    string(v, at).map(|s| Day::from(s.as_str()))
}

pub(super) fn start_time(obj: &Map<String, Value>, at: &str) -> Shaped<Time> {
    time_from_json(required(obj, at, "startTime")?, &child(at, "startTime"))
}

/// A CIS scan `Schedule` from `{"oneTime": {}}`, `{"daily": {"startTime": …}}`,
/// `{"weekly": {"days": ["MON"], "startTime": …}}` or `{"monthly": {"day": "MON",
/// "startTime": …}}`.
pub(super) fn schedule_from_json(v: &Value, at: &str) -> Shaped<Schedule> {
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
pub(super) fn schedule_to_json(s: &Schedule) -> Value {
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
pub(super) type TargetTags = HashMap<String, Vec<String>>;

/// `{"Key": ["value", …]}`: the target resource tags of CIS targets.
pub(super) fn target_tags_from_json(v: &Value, at: &str) -> Shaped<TargetTags> {
    object(v, at)?.iter().map(|(k, vals)| Ok((k.clone(), strings(vals, &child(at, k))?))).collect()
}

/// The members of a CIS targets object, each optional here.
pub(super) fn targets_parts(v: &Value, at: &str) -> Shaped<(Option<Vec<String>>, Option<TargetTags>)> {
    let obj = object(v, at)?;
    only_keys(obj, at, &["accountIds", "targetResourceTags"])?;
    let accounts = member(obj, "accountIds").map(|v| strings(v, &child(at, "accountIds"))).transpose()?;
    let tags = member(obj, "targetResourceTags")
        .map(|v| target_tags_from_json(v, &child(at, "targetResourceTags")))
        .transpose()?;
    Ok((accounts, tags))
}

/// `CreateCisTargets` from `{"accountIds": […], "targetResourceTags": {…}}`; both required.
pub(super) fn create_targets_from_json(v: &Value, at: &str) -> Shaped<CreateCisTargets> {
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
pub(super) fn update_targets_from_json(v: &Value, at: &str) -> Shaped<UpdateCisTargets> {
    let (accounts, tags) = targets_parts(v, at)?;
    Ok(UpdateCisTargets::builder().set_account_ids(accounts).set_target_resource_tags(tags).build())
}

/// `CisTargets` as JSON, tag keys sorted.
pub(super) fn targets_to_json(t: &CisTargets) -> Value {
    let mut m = Map::new();
    put(&mut m, "accountIds", t.account_ids.as_ref(), |ids| Value::from(ids.clone()));
    put(&mut m, "targetResourceTags", t.target_resource_tags.as_ref(), |tags| {
        let sorted: BTreeMap<_, _> = tags.iter().collect();
        Value::Object(sorted.into_iter().map(|(k, v)| (k.clone(), Value::from(v.clone()))).collect())
    });
    Value::Object(m)
}

// ---------------------------------------------------------------------------------------------
