//! `aws_guardduty_filter`: a saved findings filter of a detector. Its `action` decides what
//! happens to the findings its `finding_criteria` match: `ARCHIVE` archives them as they
//! arrive (a suppression rule: they leave the current findings), `NOOP` only keeps the
//! criteria for viewing. Each `criterion` names a finding field; the order comparisons take an
//! integer, or for `updatedAt` an RFC 3339 date (sent as milliseconds since the epoch, as the
//! provider does). The id is `DETECTOR_ID:NAME`.

use std::collections::BTreeMap;

use async_trait::async_trait;
use serde::Deserialize;
use serde_json::{json, Map, Value as Json};

use super::typed;
use super::{obj, tags_json, Ctx, Declared, Import, Obj, Resource, ARN, ID, REGION, TAGS, TAGS_ALL};
use crate::cloud::{tag_delta, Absent, CloudError, CloudResult, ErrorKind, Tags};
use crate::schema::{self, Attr, BlockType, Invalid, Schema, Ty};
use crate::services::guardduty::{Condition, Filter, FILTER_ACTIONS};

resource_type!(GuardDutyFilter = "aws_guardduty_filter", Import::Parse(import_prior));

/// The provider's `ValidStringDateOrPositiveInt`: an RFC 3339 date or a non-negative integer.
fn date_or_positive_int(v: &Json) -> Result<(), Invalid> {
    let Some(s) = v.as_str() else { return Ok(()) };
    if s.parse::<u64>().is_ok() || chrono::DateTime::parse_from_rfc3339(s).is_ok() {
        return Ok(());
    }
    Err(Invalid::new(format!("{s:?} is neither an RFC 3339 date nor a positive integer")))
}

/// GuardDuty's filter names: 3 to 64 letters, digits, `-`, `_` and `.`.
fn filter_name(v: &Json) -> Result<(), Invalid> {
    let Some(s) = v.as_str() else { return Ok(()) };
    if !(3..=64).contains(&s.chars().count()) {
        return Err(Invalid::new(format!("{s:?} must be 3 to 64 characters long")));
    }
    if !s.bytes().all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(&b)) {
        return Err(Invalid::new(format!(
            "{s:?}: only alphanumeric characters, hyphens, underscores, and periods are allowed"
        )));
    }
    Ok(())
}

fn description(v: &Json) -> Result<(), Invalid> {
    match v.as_str() {
        Some(s) if s.chars().count() > 512 => Err(Invalid::new("at most 512 characters")),
        _ => Ok(()),
    }
}

static CRITERION: &[Attr] = &[
    Attr::optional("equals", Ty::StringList),
    Attr::required("field", Ty::String),
    Attr::optional("greater_than", Ty::String).validate(date_or_positive_int),
    Attr::optional("greater_than_or_equal", Ty::String).validate(date_or_positive_int),
    Attr::optional("less_than", Ty::String).validate(date_or_positive_int),
    Attr::optional("less_than_or_equal", Ty::String).validate(date_or_positive_int),
    Attr::optional("not_equals", Ty::StringList),
];
static FINDING_CRITERIA: &[BlockType] = &[BlockType::new("criterion", CRITERION).set().required()];

static SCHEMA: Schema = Schema {
    attrs: &[
        ID,
        ARN,
        Attr::required("action", Ty::String).validate(|v| schema::one_of(v, &FILTER_ACTIONS)),
        Attr::optional("description", Ty::String).validate(description),
        Attr::required("detector_id", Ty::String).force_new(),
        Attr::required("name", Ty::String).force_new().validate(filter_name),
        Attr::required("rank", Ty::Number),
        TAGS,
        TAGS_ALL,
        REGION,
    ],
    blocks: &[BlockType::new("finding_criteria", &[]).single().required().blocks(FINDING_CRITERIA)],
    ..Schema::NONE
};

/// `DETECTOR_ID:NAME`.
fn import_prior(id: &str) -> Option<Obj> {
    let (detector, name) = id.split_once(':')?;
    (!detector.is_empty() && !name.is_empty() && !name.contains(':')).then(|| {
        obj(&SCHEMA, vec![("id", Json::from(id)), ("detector_id", Json::from(detector)), ("name", Json::from(name))])
    })
}

#[derive(Deserialize)]
struct CriterionBlock {
    #[serde(default, deserialize_with = "typed::required")]
    field: String,
    #[serde(default, deserialize_with = "typed::strings")]
    equals: Vec<String>,
    #[serde(default, deserialize_with = "typed::strings")]
    not_equals: Vec<String>,
    #[serde(default, deserialize_with = "typed::text")]
    greater_than: Option<String>,
    #[serde(default, deserialize_with = "typed::text")]
    greater_than_or_equal: Option<String>,
    #[serde(default, deserialize_with = "typed::text")]
    less_than: Option<String>,
    #[serde(default, deserialize_with = "typed::text")]
    less_than_or_equal: Option<String>,
}

#[derive(Deserialize)]
struct CriteriaBlock {
    #[serde(default, deserialize_with = "typed::blocks")]
    criterion: Vec<CriterionBlock>,
}

/// What the verbs read.
#[derive(Deserialize)]
pub struct Args {
    #[serde(default, deserialize_with = "typed::required")]
    detector_id: String,
    #[serde(default, deserialize_with = "typed::required")]
    name: String,
    #[serde(default, deserialize_with = "typed::text")]
    arn: Option<String>,
    #[serde(default, deserialize_with = "typed::text")]
    action: Option<String>,
    #[serde(default, deserialize_with = "typed::text")]
    description: Option<String>,
    #[serde(default, deserialize_with = "typed::int")]
    rank: Option<i64>,
    #[serde(default, deserialize_with = "typed::blocks")]
    finding_criteria: Vec<CriteriaBlock>,
    #[serde(default, deserialize_with = "typed::tags")]
    tags: Tags,
}

/// An order comparison's value as GuardDuty takes it: milliseconds since the epoch for
/// `updatedAt`'s dates, else the integer.
fn comparison(field: &str, v: Option<&str>) -> CloudResult<Option<i64>> {
    let Some(v) = v.filter(|v| !v.is_empty()) else { return Ok(None) };
    let parsed = if field == "updatedAt" {
        chrono::DateTime::parse_from_rfc3339(v).map(|d| d.timestamp_millis()).ok()
    } else {
        v.parse::<i64>().ok()
    };
    parsed.map(Some).ok_or_else(|| {
        let msg = format!(
            "criterion {field}: {v:?} is not {}",
            if field == "updatedAt" { "an RFC 3339 date" } else { "an integer" }
        );
        CloudError::new("guardduty", "CreateFilter", ErrorKind::Invalid, "ValidationError", msg)
    })
}

/// The value the provider records for a comparison: `updatedAt`'s as an RFC 3339 date in UTC
/// to the second.
fn recorded(field: &str, v: i64) -> Json {
    if field == "updatedAt" {
        let date = chrono::DateTime::from_timestamp(v.div_euclid(1000), 0).unwrap_or_default();
        Json::from(date.format("%Y-%m-%dT%H:%M:%SZ").to_string())
    } else {
        Json::from(v.to_string())
    }
}

fn to_api(a: &Args) -> CloudResult<Filter> {
    let mut criteria = BTreeMap::new();
    for c in a.finding_criteria.iter().flat_map(|b| &b.criterion) {
        let condition = Condition {
            equals: c.equals.clone(),
            not_equals: c.not_equals.clone(),
            greater_than: comparison(&c.field, c.greater_than.as_deref())?,
            greater_than_or_equal: comparison(&c.field, c.greater_than_or_equal.as_deref())?,
            less_than: comparison(&c.field, c.less_than.as_deref())?,
            less_than_or_equal: comparison(&c.field, c.less_than_or_equal.as_deref())?,
        };
        criteria.insert(c.field.clone(), condition);
    }
    Ok(Filter {
        name: a.name.clone(),
        action: a.action.clone().unwrap_or_default(),
        description: a.description.clone().filter(|d| !d.is_empty()),
        rank: a.rank.unwrap_or_default(),
        criteria,
        tags: a.tags.clone(),
    })
}

fn criterion_json(field: &str, c: &Condition) -> Json {
    let mut m = Map::new();
    m.insert("field".into(), Json::from(field));
    let list = |v: &[String]| if v.is_empty() { Json::Null } else { json!(v) };
    m.insert("equals".into(), list(&c.equals));
    m.insert("not_equals".into(), list(&c.not_equals));
    // As the provider flattens them: only positive values are recorded.
    let order = [
        ("greater_than", c.greater_than),
        ("greater_than_or_equal", c.greater_than_or_equal),
        ("less_than", c.less_than),
        ("less_than_or_equal", c.less_than_or_equal),
    ];
    for (k, v) in order {
        m.insert(k.into(), v.filter(|v| *v > 0).map(|v| recorded(field, v)).unwrap_or(Json::Null));
    }
    Json::Object(m)
}

/// The filter's ARN (GetFilter does not answer it).
fn arn(region: &str, account: &str, detector: &str, name: &str) -> String {
    let partition = super::region::partition(region).0;
    format!("arn:{partition}:guardduty:{region}:{account}:detector/{detector}/filter/{name}")
}

async fn read_filter(ctx: &Ctx<'_>, detector: &str, name: &str) -> CloudResult<Option<Obj>> {
    let Some(f) = ctx.cloud.guardduty.get_filter(ctx.region, detector, name).await.found()?.flatten() else {
        return Ok(None);
    };
    let account = ctx.cloud.account_id().await?;
    let criteria: Vec<Json> = f.criteria.iter().map(|(field, c)| criterion_json(field, c)).collect();
    Ok(Some(obj(
        &SCHEMA,
        vec![
            ("id", Json::from(format!("{detector}:{name}"))),
            ("arn", Json::from(arn(ctx.region, &account, detector, name))),
            ("action", Json::from(f.action.as_str())),
            ("description", super::opt(f.description.as_deref())),
            ("detector_id", Json::from(detector)),
            ("name", Json::from(f.name.as_str())),
            ("rank", Json::from(f.rank)),
            ("finding_criteria", json!([{ "criterion": criteria }])),
            ("tags", tags_json(&f.tags)),
        ],
    )))
}

fn gone(detector: &str, name: &str) -> CloudError {
    let msg = format!("filter {name} of detector {detector} could not be read back after it was written");
    CloudError::new("guardduty", "GetFilter", ErrorKind::NotFound, "BadRequestException", msg)
}

#[async_trait]
impl Resource for GuardDutyFilter {
    fn identity(&self, planned: &Obj) -> Option<String> {
        let get = |k: &str| planned.get(k).and_then(Json::as_str).filter(|s| !s.is_empty());
        Some(format!("{}:{}", get("detector_id")?, get("name")?))
    }

    /// What the action does to the findings the filter matches.
    fn notes(&self, planned: &Obj) -> Vec<String> {
        match planned.get("action").and_then(Json::as_str) {
            Some("ARCHIVE") => {
                vec!["ARCHIVE: findings matching this filter are archived as they arrive, so they are hidden from the \
                 current findings (a suppression rule; GuardDuty still keeps them)"
                    .to_string()]
            }
            Some("NOOP") => {
                vec!["NOOP: the filter only saves its criteria; matching findings stay in the current findings".into()]
            }
            _ => vec![],
        }
    }

    async fn read(&self, ctx: &Ctx<'_>, prior: &Obj) -> CloudResult<Option<Obj>> {
        let a = Self::args(prior)?;
        read_filter(ctx, &a.detector_id, &a.name).await
    }

    async fn create(&self, ctx: &Ctx<'_>, planned: &Obj) -> CloudResult<Obj> {
        let a = Self::args(planned)?;
        ctx.cloud.guardduty.create_filter(ctx.region, &a.detector_id, &to_api(&a)?).await?;
        read_filter(ctx, &a.detector_id, &a.name).await?.ok_or_else(|| gone(&a.detector_id, &a.name))
    }

    async fn update(&self, ctx: &Ctx<'_>, prior: &Obj, planned: &Obj) -> CloudResult<Obj> {
        let (p, a) = (Self::args(prior)?, Self::args(planned)?);
        let (before, after) = (to_api(&p)?, to_api(&a)?);
        let untagged = |f: Filter| Filter { tags: Tags::new(), ..f };
        if untagged(before) != untagged(after.clone()) {
            ctx.cloud.guardduty.update_filter(ctx.region, &a.detector_id, &after).await?;
        }
        let (remove, add) = tag_delta(&p.tags, &a.tags);
        // The stored ARN names the filter for the tagging API.
        let arn = p.arn.clone().unwrap_or_default();
        if !remove.is_empty() {
            ctx.cloud.guardduty.untag_resource(ctx.region, &arn, &remove).await?;
        }
        if !add.is_empty() {
            ctx.cloud.guardduty.tag_resource(ctx.region, &arn, &add).await?;
        }
        read_filter(ctx, &a.detector_id, &a.name).await?.ok_or_else(|| gone(&a.detector_id, &a.name))
    }

    async fn delete(&self, ctx: &Ctx<'_>, prior: &Obj) -> CloudResult<()> {
        let a = Self::args(prior)?;
        ctx.cloud.guardduty.delete_filter(ctx.region, &a.detector_id, &a.name).await.gone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn updated_at_dates_go_as_milliseconds_and_come_back_as_dates() {
        let ms = comparison("updatedAt", Some("2020-01-01T00:00:00Z")).unwrap().unwrap();
        assert_eq!(ms, 1_577_836_800_000);
        assert_eq!(recorded("updatedAt", ms), "2020-01-01T00:00:00Z");
        assert_eq!(comparison("severity", Some("4")).unwrap(), Some(4));
        assert_eq!(recorded("severity", 4), "4");
        assert!(comparison("updatedAt", Some("yesterday")).is_err());
        assert_eq!(comparison("severity", Some("")).unwrap(), None);
    }

    #[test]
    fn names_are_checked_as_guardduty_does() {
        assert!(filter_name(&json!("test-filter")).is_ok());
        assert!(filter_name(&json!("a.b_c")).is_ok());
        assert!(filter_name(&json!("ab")).is_err());
        assert!(filter_name(&json!("x".repeat(65))).is_err());
        assert!(filter_name(&json!("no spaces")).is_err());
        assert!(date_or_positive_int(&json!("12")).is_ok());
        assert!(date_or_positive_int(&json!("-1")).is_err());
        assert!(date_or_positive_int(&json!("2020-02-01T00:00:00Z")).is_ok());
    }

    #[test]
    fn the_import_id_is_the_detector_and_the_name() {
        let o = import_prior("abc:test-filter").unwrap();
        assert_eq!((o["detector_id"].as_str(), o["name"].as_str()), (Some("abc"), Some("test-filter")));
        assert!(import_prior("abc").is_none() && import_prior("a:b:c").is_none());
    }
}
