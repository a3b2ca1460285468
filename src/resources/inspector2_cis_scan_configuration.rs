//! `aws_inspector2_cis_scan_configuration`: a scheduled CIS benchmark scan. Not in the
//! Terraform provider; arguments follow CloudFormation's `AWS::InspectorV2::CisScanConfiguration`
//! (`ScanName`, `SecurityLevel`, `Schedule`, `Targets`, `Tags`) in snake_case.

use async_trait::async_trait;
use serde_json::{json, Map, Value as Json};

use serde::Deserialize;

use super::typed::{self};
use super::{arn_obj, tags_json, Ctx, Declared, Import, Obj, Resource, ARN, ID, REGION, TAGS, TAGS_ALL};
use crate::cloud::Absent;
use crate::cloud::{CloudResult, Tags};
use crate::schema::{self, Attr, BlockType, Differs, Invalid, Schema, Ty};
use crate::services::inspector2::{api_json, CisScanConfig};

// Import id: the ARN.
resource_type!(Inspector2CisScanConfiguration = "aws_inspector2_cis_scan_configuration", Import::Arn);

const DAYS: &[&str] = &["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

fn time_of_day(v: &Json) -> Result<(), Invalid> {
    let Some(t) = v.as_str() else { return Ok(()) };
    let ok = t.len() == 5
        && t.as_bytes()[2] == b':'
        && t[..2].parse::<u8>().is_ok_and(|h| h < 24)
        && t[3..].parse::<u8>().is_ok_and(|m| m < 60);
    if ok {
        Ok(())
    } else {
        Err(Invalid {
            message: format!("{t:?} is not a time of day"),
            help: Some("write HH:MM, e.g. \"09:00\"".into()),
            range: None,
        })
    }
}

fn days(v: &Json) -> Result<(), Invalid> {
    v.as_array().into_iter().flatten().try_for_each(|d| schema::one_of(d, DAYS))
}

static START_TIME: &[Attr] =
    &[Attr::required("time_of_day", Ty::String).validate(time_of_day), Attr::required("time_zone", Ty::String)];
static START: &[BlockType] = &[BlockType::new("start_time", START_TIME).single().required()];
static WEEKLY: &[Attr] = &[Attr::required("days", Ty::StringSet).validate(days)];
static MONTHLY: &[Attr] = &[Attr::required("day", Ty::String).validate(|v| schema::one_of(v, DAYS))];
static SCHEDULE: &[BlockType] = &[
    BlockType::new("one_time", &[]).single(),
    BlockType::new("daily", &[]).single().blocks(START),
    BlockType::new("weekly", WEEKLY).single().blocks(START),
    BlockType::new("monthly", MONTHLY).single().blocks(START),
];
static TARGETS: &[Attr] =
    &[Attr::required("account_ids", Ty::StringSet), Attr::optional("target_resource_tags", Ty::StringSetMap)];

static SCHEMA: Schema = Schema {
    attrs: &[
        ID,
        ARN,
        Attr::required("scan_name", Ty::String),
        Attr::required("security_level", Ty::String).validate(|v| schema::one_of(v, &["LEVEL_1", "LEVEL_2"])),
        TAGS,
        TAGS_ALL,
        REGION,
    ],
    blocks: &[
        BlockType::new("schedule", &[]).single().required().blocks(SCHEDULE),
        BlockType::new("targets", TARGETS).single().required(),
    ],
    differs: &[Differs {
        name: "*",
        why: "not a type of the provider: CIS scans are configured as CloudFormation's AWS::InspectorV2::CisScanConfiguration",
    }],
    ..Schema::NONE
};

fn first<'a>(o: &'a Json, k: &str) -> Option<&'a Json> {
    o.get(k).and_then(|v| v.get(0))
}

/// The stored `schedule` block list → the API's schedule JSON.
fn schedule_api(schedule: &Json) -> Json {
    let Some(s) = schedule.get(0) else { return Json::Null };
    let start = |kind: &Json| {
        first(kind, "start_time").map(|t| json!({ "timeOfDay": t["time_of_day"], "timezone": t["time_zone"] }))
    };
    if first(s, "one_time").is_some() {
        return json!({ "oneTime": {} });
    }
    if let Some(d) = first(s, "daily") {
        return json!({ "daily": { "startTime": start(d) } });
    }
    if let Some(w) = first(s, "weekly") {
        return json!({ "weekly": { "days": w["days"], "startTime": start(w) } });
    }
    if let Some(m) = first(s, "monthly") {
        return json!({ "monthly": { "day": m["day"], "startTime": start(m) } });
    }
    Json::Null
}

/// The API's schedule JSON → the stored `schedule` block list.
fn schedule_block(api: &Json) -> Json {
    let start = |k: &Json| {
        let t = &k["startTime"];
        json!([{ "time_of_day": t["timeOfDay"], "time_zone": t["timezone"] }])
    };
    let mut m = Map::new();
    for name in ["one_time", "daily", "weekly", "monthly"] {
        m.insert(name.to_string(), json!([]));
    }
    if api.get("oneTime").is_some() {
        m.insert("one_time".into(), json!([{}]));
    } else if let Some(d) = api.get("daily") {
        m.insert("daily".into(), json!([{ "start_time": start(d) }]));
    } else if let Some(w) = api.get("weekly") {
        m.insert("weekly".into(), json!([{ "days": w["days"], "start_time": start(w) }]));
    } else if let Some(mo) = api.get("monthly") {
        m.insert("monthly".into(), json!([{ "day": mo["day"], "start_time": start(mo) }]));
    }
    json!([m])
}

/// The schedule in plain words ("weekly on MON at 09:00 Asia/Tokyo"), for plans.
pub fn describe_schedule(api: &Json) -> Option<String> {
    let at = |k: &Json| {
        let t = &k["startTime"];
        format!("at {} {}", t["timeOfDay"].as_str()?, t["timezone"].as_str()?).into()
    };
    let at: fn(&Json) -> Option<String> = at;
    if api.get("oneTime").is_some() {
        return Some("once, when created".into());
    }
    if let Some(d) = api.get("daily") {
        return Some(format!("every day {}", at(d)?));
    }
    if let Some(w) = api.get("weekly") {
        let days: Vec<&str> = w["days"].as_array()?.iter().filter_map(Json::as_str).collect();
        return Some(format!("every week on {} {}", days.join(", "), at(w)?));
    }
    if let Some(m) = api.get("monthly") {
        return Some(format!("every month on the first {} {}", m["day"].as_str()?, at(m)?));
    }
    None
}

/// The stored `targets` block list → the API's targets JSON.
fn targets_api(targets: &Json) -> Json {
    let t = targets.get(0).cloned().unwrap_or(Json::Null);
    let tags = t.get("target_resource_tags").cloned().filter(|v| !v.is_null()).unwrap_or_else(|| json!({}));
    json!({ "accountIds": t.get("account_ids").cloned().unwrap_or_else(|| json!([])), "targetResourceTags": tags })
}

fn targets_block(api: &Json) -> Json {
    let mut ids: Vec<Json> = api["accountIds"].as_array().cloned().unwrap_or_default();
    ids.sort_by_key(|x| x.to_string());
    let tags = api.get("targetResourceTags").filter(|t| t.as_object().is_some_and(|m| !m.is_empty())).cloned();
    json!([{ "account_ids": ids, "target_resource_tags": tags.unwrap_or(Json::Null) }])
}

fn to_obj(c: &CisScanConfig) -> Obj {
    arn_obj(
        &SCHEMA,
        c.arn.as_str(),
        vec![
            ("scan_name", Json::from(c.scan_name.as_str())),
            ("security_level", Json::from(c.security_level.as_str())),
            ("tags", tags_json(&c.tags)),
            ("schedule", schedule_block(&api_json(&c.schedule))),
            ("targets", targets_block(&api_json(&c.targets))),
        ],
    )
}

fn config(arn: &str, a: Args) -> CloudResult<CisScanConfig> {
    const TYPE: &str = "aws_inspector2_cis_scan_configuration";
    Ok(CisScanConfig {
        arn: arn.to_string(),
        scan_name: a.scan_name,
        security_level: a.security_level,
        schedule: typed::shape(TYPE, "schedule", &schedule_api(&a.schedule))?,
        targets: typed::shape(TYPE, "targets", &targets_api(&a.targets))?,
        tags: a.tags,
    })
}

/// What the verbs read. The nested `schedule` and `targets` blocks are converted to the
/// API's shapes by `schedule_api` and `targets_api` (tested both ways below).
#[derive(Deserialize)]
pub struct Args {
    #[serde(default, deserialize_with = "typed::required")]
    arn: String,
    #[serde(default, deserialize_with = "typed::required")]
    scan_name: String,
    #[serde(default, deserialize_with = "typed::required")]
    security_level: String,
    #[serde(default, deserialize_with = "typed::tags")]
    tags: Tags,
    #[serde(default, deserialize_with = "typed::raw")]
    schedule: Json,
    #[serde(default, deserialize_with = "typed::raw")]
    targets: Json,
}

#[async_trait]
impl Resource for Inspector2CisScanConfiguration {
    fn notes(&self, planned: &Obj) -> Vec<String> {
        let Ok(a) = Self::args(planned) else { return Vec::new() };
        describe_schedule(&schedule_api(&a.schedule)).map(|d| format!("runs {d}")).into_iter().collect()
    }

    fn check(&self, planned: &Obj) -> Vec<(&'static str, Invalid)> {
        // Planned objects always fit the schema's types; nothing to check otherwise.
        let Ok(a) = Self::args(planned) else { return Vec::new() };
        let kinds = a
            .schedule
            .get(0)
            .map(|s| ["one_time", "daily", "weekly", "monthly"].iter().filter(|k| first(s, k).is_some()).count())
            .unwrap_or(0);
        if kinds != 1 {
            return vec![(
                "scan_name",
                Invalid {
                    message: format!(
                        "`schedule` needs exactly one of one_time, daily, weekly or monthly (found {kinds})"
                    ),
                    help: Some("e.g. schedule { weekly { days = [\"MON\"] start_time { ... } } }".into()),
                    range: None,
                },
            )];
        }
        Vec::new()
    }

    async fn read(&self, ctx: &Ctx<'_>, prior: &Obj) -> CloudResult<Option<Obj>> {
        let arn = Self::args(prior)?.arn;
        let found = ctx.cloud.inspector2.list_cis_scans(ctx.region, std::slice::from_ref(&arn)).await?;
        Ok(found.iter().find(|c| c.arn == arn).map(to_obj))
    }

    async fn create(&self, ctx: &Ctx<'_>, planned: &Obj) -> CloudResult<Obj> {
        let mut c = config("", Self::args(planned)?)?;
        c.arn = ctx.cloud.inspector2.create_cis_scan(ctx.region, &c).await?;
        Ok(to_obj(&c))
    }

    async fn update(&self, ctx: &Ctx<'_>, prior: &Obj, planned: &Obj) -> CloudResult<Obj> {
        let p = Self::args(prior)?;
        let c = config(&p.arn, Self::args(planned)?)?;
        ctx.cloud.inspector2.update_cis_scan(ctx.region, &c).await?;
        if p.tags != c.tags {
            ctx.cloud.inspector2.set_tags(ctx.region, &p.arn, &p.tags, &c.tags).await?;
        }
        Ok(to_obj(&c))
    }

    async fn delete(&self, ctx: &Ctx<'_>, prior: &Obj) -> CloudResult<()> {
        ctx.cloud.inspector2.delete_cis_scan(ctx.region, &Self::args(prior)?.arn).await.gone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schedule_converts_both_ways_and_reads_in_words() {
        let stored: Obj = json!({"schedule": [{
            "one_time": [], "daily": [], "monthly": [],
            "weekly": [{"days": ["MON"], "start_time": [{"time_of_day": "09:00", "time_zone": "Asia/Tokyo"}]}]
        }]})
        .as_object()
        .cloned()
        .unwrap_or_default();
        let api = schedule_api(&stored["schedule"]);
        assert_eq!(
            api,
            json!({"weekly": {"days": ["MON"], "startTime": {"timeOfDay": "09:00", "timezone": "Asia/Tokyo"}}})
        );
        assert_eq!(schedule_block(&api), stored["schedule"]);
        assert_eq!(describe_schedule(&api).as_deref(), Some("every week on MON at 09:00 Asia/Tokyo"));
        assert!(time_of_day(&json!("24:00")).is_err());
        assert!(time_of_day(&json!("09:30")).is_ok());
    }
}
