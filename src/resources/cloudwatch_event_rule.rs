//! `aws_cloudwatch_event_rule`: an EventBridge rule, here a schedule.

use async_trait::async_trait;
use serde_json::Value as Json;

use serde::Deserialize;

use super::typed::{self};
use super::{obj, opt, tags_json, Ctx, Declared, Import, Obj, Resource, ARN, ID, REGION, TAGS, TAGS_ALL};
use crate::cloud::Absent;
use crate::cloud::{CloudResult, Tags};
use crate::cron::Schedule;
use crate::schema::{self, Attr, Default, Deprecated, Invalid, Schema, Ty};
use crate::services::events::{EventRule, PutRuleInput};

resource_type!(CloudwatchEventRule = "aws_cloudwatch_event_rule", Import::Parse(import_prior));

const STATES: &[&str] = &["ENABLED", "DISABLED", "ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS"];

fn schedule(v: &Json) -> Result<(), Invalid> {
    let Some(x) = v.as_str() else { return Ok(()) };
    Schedule::parse(x).map(|_| ()).map_err(|e| Invalid {
        message: e.message,
        help: e.help,
        range: Some(e.offset..e.offset + e.len.max(1)),
    })
}

/// An event pattern: a JSON object of at most 4096 characters once normalized (the provider
/// counts the normalized text).
fn event_pattern(v: &Json) -> Result<(), Invalid> {
    schema::json_object(v)?;
    let Some(x) = v.as_str() else { return Ok(()) };
    let n = crate::policy::normalize_event_pattern(x).len();
    if n > 4096 {
        return Err(Invalid::new(format!("an event pattern is at most 4096 characters once normalized, this is {n}")));
    }
    Ok(())
}

/// The schedule in plain words, shown next to it in plans.
pub fn explain_schedule(x: &str) -> Option<String> {
    Schedule::parse(x).ok().map(|s| s.describe())
}

static SCHEMA: Schema = Schema {
    // The provider's `SchemaVersion: 1` (its state upgrader reads version 0).
    version: 1,
    attrs: &[
        ID,
        ARN,
        Attr::optional_computed("name", Ty::String).force_new().validate(schema::events_name),
        // Recorded from the name (the provider's `NamePrefixFromName`): `terraform-` when generated.
        Attr::optional_computed("name_prefix", Ty::String).force_new().validate(schema::events_name),
        Attr::optional("schedule_expression", Ty::String).validate(schedule).schedule(explain_schedule),
        // Recorded and sent normalized (`policy::normalize_event_pattern`), as the provider's
        // StateFunc writes it, and compared by meaning.
        Attr::optional("event_pattern", Ty::String).json().validate(event_pattern),
        Attr::optional("description", Ty::String),
        Attr::optional("role_arn", Ty::String).validate(schema::arn).empty_is_unset(),
        Attr::optional("event_bus_name", Ty::String).force_new().default(Default::Str("default")),
        Attr::optional("state", Ty::String).default(Default::Str("ENABLED")).validate(|v| schema::one_of(v, STATES)),
        // The provider's deprecated `is_enabled` is configured as `state` (see `deprecated`
        // below) and recorded, as provider 6.x records it after every read, from the state:
        // true unless the rule is `DISABLED`.
        Attr::computed("is_enabled", Ty::Bool),
        // Sent with DeleteRule (`Force`), which AWS needs only for rules another service
        // manages; kept in the state as configured.
        Attr::optional("force_destroy", Ty::Bool).default(Default::Bool(false)),
        TAGS,
        TAGS_ALL,
        REGION,
    ],
    blocks: &[],
    deprecated: &[Deprecated { name: "is_enabled", becomes: "state", when_true: "ENABLED", when_false: "DISABLED" }],
    ..Schema::NONE
};

/// `is_enabled` as provider 6.x records it: `ENABLED` and
/// `ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS` are enabled, anything else is not.
fn is_enabled(state: &str) -> bool {
    matches!(state, "ENABLED" | "ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS")
}

/// The stored object; `force_destroy` is the configuration's (AWS does not keep it), and
/// `name_prefix` is read from the name, as the provider reads it.
fn to_obj(r: &EventRule, force_destroy: Option<&Json>) -> Obj {
    let id = if r.event_bus_name == "default" { r.name.clone() } else { format!("{}/{}", r.event_bus_name, r.name) };
    obj(
        &SCHEMA,
        vec![
            ("id", Json::from(id)),
            ("arn", Json::from(r.arn.as_str())),
            ("name", Json::from(r.name.as_str())),
            ("name_prefix", super::name_prefix_json(&r.name, "")),
            ("schedule_expression", opt(r.schedule_expression.as_deref())),
            ("event_pattern", opt(r.event_pattern.as_deref().map(crate::policy::normalize_event_pattern).as_deref())),
            ("description", opt(r.description.as_deref())),
            ("role_arn", opt(r.role_arn.as_deref())),
            ("event_bus_name", Json::from(r.event_bus_name.as_str())),
            ("state", Json::from(r.state.as_str())),
            ("is_enabled", Json::from(is_enabled(&r.state))),
            ("tags", tags_json(&r.tags)),
            ("force_destroy", force_destroy.filter(|v| v.is_boolean()).cloned().unwrap_or(Json::Bool(false))),
        ],
    )
}

/// What the verbs read.
#[derive(Deserialize)]
pub struct Args {
    #[serde(default, deserialize_with = "typed::text")]
    name: Option<String>,
    #[serde(default, deserialize_with = "typed::text")]
    name_prefix: Option<String>,
    #[serde(default, deserialize_with = "typed::text")]
    schedule_expression: Option<String>,
    #[serde(default, deserialize_with = "typed::text")]
    event_pattern: Option<String>,
    #[serde(default, deserialize_with = "typed::text")]
    description: Option<String>,
    #[serde(default, deserialize_with = "typed::text")]
    role_arn: Option<String>,
    #[serde(default, deserialize_with = "typed::text")]
    event_bus_name: Option<String>,
    #[serde(default, deserialize_with = "typed::text")]
    state: Option<String>,
    #[serde(default, deserialize_with = "typed::tags")]
    tags: Tags,
    #[serde(default, deserialize_with = "typed::flag")]
    force_destroy: Option<bool>,
}

impl Args {
    fn bus(&self) -> &str {
        self.event_bus_name.as_deref().unwrap_or("default")
    }
    fn name(&self) -> &str {
        self.name.as_deref().unwrap_or_default()
    }
}

fn input(name: &str, a: Args) -> PutRuleInput {
    PutRuleInput {
        name: name.to_string(),
        event_bus_name: a.bus().to_string(),
        schedule_expression: a.schedule_expression,
        event_pattern: a.event_pattern.as_deref().map(crate::policy::normalize_event_pattern),
        description: a.description,
        role_arn: a.role_arn,
        state: a.state.unwrap_or_else(|| "ENABLED".to_string()),
        tags: a.tags,
    }
}

/// True when a refresh reads the rule's tags (see [`super::reads_tags`]); an imported rule
/// is known by its name alone, with no ARN yet.
fn reads_tags(prior: &Obj) -> bool {
    super::reads_tags(prior, "arn")
}

#[async_trait]
impl Resource for CloudwatchEventRule {
    fn check(&self, planned: &Obj) -> Vec<(&'static str, Invalid)> {
        let mut out: Vec<(&'static str, Invalid)> = super::name_conflict(planned).into_iter().collect();
        // Planned objects always fit the schema's types; nothing to check otherwise.
        let Ok(a) = Self::args(planned) else { return out };
        if a.schedule_expression.is_none() && a.event_pattern.is_none() {
            out.push((
                "schedule_expression",
                Invalid {
                    message: "a rule needs `schedule_expression` or `event_pattern`".into(),
                    help: Some("set schedule_expression = \"cron(...)\" or \"rate(...)\"".into()),
                    range: None,
                },
            ));
        }
        if a.schedule_expression.is_some() && a.bus() != "default" {
            out.push((
                "schedule_expression",
                Invalid::new("schedule expressions are only supported on the default event bus"),
            ));
        }
        out
    }

    fn identity(&self, planned: &Obj) -> Option<String> {
        let text = |k: &str| planned.get(k).and_then(Json::as_str).filter(|s| !s.is_empty());
        let name = text("name")?;
        Some(match text("event_bus_name").filter(|b| *b != "default") {
            Some(bus) => format!("{bus}/{name}"),
            None => name.to_string(),
        })
    }

    /// `DescribeRule`, and `ListTagsForResource` only where [`reads_tags`] says so.
    async fn read(&self, ctx: &Ctx<'_>, prior: &Obj) -> CloudResult<Option<Obj>> {
        let p = Self::args(prior)?;
        let rule = ctx.cloud.events.describe_rule(ctx.region, p.bus(), p.name(), reads_tags(prior)).await?;
        Ok(rule.map(|r| to_obj(&r, prior.get("force_destroy"))))
    }

    fn batch_read(&self) -> bool {
        true
    }

    /// Many rules of a region: `ListRules` (100 a page, narrowed by the names' common prefix)
    /// instead of one `DescribeRule` and one `ListTagsForResource` each; tags are read only
    /// for rules recorded with tags (tags added outside to an untagged rule go unseen, as the
    /// price of not reading every rule's tags). Few rules, or names with no common prefix
    /// among many other rules, are read one by one (cheaper then).
    async fn read_many(&self, ctx: &Ctx<'_>, priors: &[&Obj]) -> CloudResult<Vec<Option<Obj>>> {
        let args: Vec<Args> = priors.iter().map(|p| Self::args(p)).collect::<CloudResult<_>>()?;
        let prefix = common_prefix(args.iter().map(Args::name));
        if priors.len() < 3 || (prefix.len() < 3 && priors.len() < 100) {
            let mut out = Vec::with_capacity(priors.len());
            for p in priors {
                out.push(self.read(ctx, p).await?);
            }
            return Ok(out);
        }
        let mut listed: std::collections::HashMap<(String, String), EventRule> = std::collections::HashMap::new();
        let mut buses: Vec<&str> = args.iter().map(Args::bus).collect();
        buses.sort_unstable();
        buses.dedup();
        for bus in buses {
            let prefix = (!prefix.is_empty()).then_some(prefix.as_str());
            for r in ctx.cloud.events.list_rules(ctx.region, bus, prefix).await? {
                listed.insert((bus.to_string(), r.name.clone()), r);
            }
        }
        let mut out = Vec::with_capacity(priors.len());
        for (p, a) in priors.iter().zip(&args) {
            let Some(mut rule) = listed.remove(&(a.bus().to_string(), a.name().to_string())) else {
                out.push(None);
                continue;
            };
            if reads_tags(p) {
                rule.tags = ctx.cloud.events.rule_tags(ctx.region, &rule.arn).await?;
            }
            out.push(Some(to_obj(&rule, p.get("force_destroy"))));
        }
        Ok(out)
    }

    async fn create(&self, ctx: &Ctx<'_>, planned: &Obj) -> CloudResult<Obj> {
        let a = Self::args(planned)?;
        let name = super::new_name(a.name.as_deref(), a.name_prefix.as_deref(), "");
        let input = input(&name, a);
        let arn = ctx.cloud.events.put_rule(ctx.region, &input).await?;
        if !input.tags.is_empty() {
            // PutRule tags only a rule it creates: one that already existed (made by a run
            // killed before it could tag it, or outside) would keep its tags while the record
            // claimed these. TagResource sets them either way.
            ctx.cloud.events.set_tags(ctx.region, &arn, &Tags::new(), &input.tags).await?;
        }
        let rule = EventRule {
            name,
            arn,
            event_bus_name: input.event_bus_name,
            schedule_expression: input.schedule_expression,
            event_pattern: input.event_pattern,
            description: input.description,
            role_arn: input.role_arn,
            state: input.state,
            tags: input.tags,
        };
        Ok(to_obj(&rule, planned.get("force_destroy")))
    }

    async fn update(&self, ctx: &Ctx<'_>, prior: &Obj, planned: &Obj) -> CloudResult<Obj> {
        let p = Self::args(prior)?;
        let input = input(p.name(), Self::args(planned)?);
        let arn = ctx.cloud.events.put_rule(ctx.region, &input).await?;
        // PutRule ignores tags on an existing rule; tags go through TagResource/UntagResource.
        if p.tags != input.tags {
            ctx.cloud.events.set_tags(ctx.region, &arn, &p.tags, &input.tags).await?;
        }
        // Read back with tags: the prior may have had none, and the rule now may (reading
        // by the prior's tags would record an untagged rule, and plan `+ tags` forever).
        let rule = ctx.cloud.events.describe_rule(ctx.region, p.bus(), p.name(), true).await?;
        let force_destroy = planned.get("force_destroy");
        Ok(rule.map_or_else(|| planned.clone(), |r| to_obj(&r, force_destroy)))
    }

    async fn delete(&self, ctx: &Ctx<'_>, prior: &Obj) -> CloudResult<()> {
        let p = Self::args(prior)?;
        let force = p.force_destroy.unwrap_or(false);
        ctx.cloud.events.delete_rule(ctx.region, p.bus(), p.name(), force).await.gone()
    }
}

/// Import id: `NAME`, or `BUS/NAME` for another event bus.
fn import_prior(id: &str) -> Option<Obj> {
    let (bus, name) = id.rsplit_once('/').unwrap_or(("default", id));
    (!name.is_empty()).then(|| obj(&SCHEMA, vec![("name", Json::from(name)), ("event_bus_name", Json::from(bus))]))
}

/// The longest prefix all `names` share.
fn common_prefix<'a>(mut names: impl Iterator<Item = &'a str>) -> String {
    let Some(first) = names.next() else { return String::new() };
    let mut len = first.len();
    for n in names {
        len = first.bytes().zip(n.bytes()).take(len).take_while(|(a, b)| a == b).count();
    }
    // A prefix ends on a character boundary.
    while !first.is_char_boundary(len) {
        len -= 1;
    }
    first[..len].to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::services::sandbox::Sandbox;
    use crate::services::Account;

    /// A run killed between PutRule and tagging leaves the rule untagged; creating it again
    /// (PutRule on an existing rule ignores tags) must still tag it, or the record would lie.
    #[tokio::test]
    async fn creating_a_rule_that_exists_untagged_tags_it() {
        let dir = tempfile::tempdir().unwrap();
        let account = Account::from(Sandbox::open(&dir.path().join("s.json")).unwrap());
        let ctx = Ctx::for_tests(&account);
        let untagged = PutRuleInput {
            name: "r".into(),
            event_bus_name: "default".into(),
            schedule_expression: Some("rate(1 day)".into()),
            ..std::default::Default::default()
        };
        account.events.put_rule("us-east-1", &untagged).await.unwrap();
        let planned = obj(
            &SCHEMA,
            vec![
                ("name", Json::from("r")),
                ("schedule_expression", Json::from("rate(1 day)")),
                ("tags", serde_json::json!({ "n": "1" })),
            ],
        );
        let made = CloudwatchEventRule.create(&ctx, &planned).await.unwrap();
        assert_eq!(made["tags"], serde_json::json!({ "n": "1" }));
        let live = account.events.describe_rule("us-east-1", "default", "r", true).await.unwrap().unwrap();
        assert_eq!(live.tags, Tags::from([("n".to_string(), "1".to_string())]), "the record tells the truth");
    }

    /// TestAccEventsRule_pattern: the provider sends and records the pattern normalized.
    #[tokio::test]
    async fn the_event_pattern_is_sent_and_recorded_normalized() {
        let dir = tempfile::tempdir().unwrap();
        let account = Account::from(Sandbox::open(&dir.path().join("s.json")).unwrap());
        let ctx = Ctx::for_tests(&account);
        let written = "\t{\"source\": [\"aws.ec2\"], \"detail\": {\"n\": [{\"numeric\": [\">\", 0]}]}}\n";
        let planned = obj(&SCHEMA, vec![("name", Json::from("r")), ("event_pattern", Json::from(written))]);
        let want = r#"{"detail":{"n":[{"numeric":[">",0]}]},"source":["aws.ec2"]}"#;
        let made = CloudwatchEventRule.create(&ctx, &planned).await.unwrap();
        assert_eq!(made["event_pattern"], want);
        let live = account.events.describe_rule("us-east-1", "default", "r", false).await.unwrap().unwrap();
        assert_eq!(live.event_pattern.as_deref(), Some(want), "sent normalized");
        assert_eq!(CloudwatchEventRule.read(&ctx, &made).await.unwrap().unwrap()["event_pattern"], want);
        let long = format!(r#"{{"source": ["{}"]}}"#, "x".repeat(4096));
        assert!(event_pattern(&Json::from(long)).unwrap_err().message.contains("4096"));
    }

    /// Tagging a rule recorded untagged: the read-back after the update must see the new
    /// tags, though a refresh of an untagged record skips them (else `+ tags` forever).
    #[tokio::test]
    async fn tagging_an_untagged_rule_records_the_tags() {
        let dir = tempfile::tempdir().unwrap();
        let account = Account::from(Sandbox::open(&dir.path().join("s.json")).unwrap());
        let ctx = Ctx::for_tests(&account);
        let untagged =
            obj(&SCHEMA, vec![("name", Json::from("r")), ("schedule_expression", Json::from("rate(1 day)"))]);
        let prior = CloudwatchEventRule.create(&ctx, &untagged).await.unwrap();
        assert!(!reads_tags(&prior), "a recorded untagged rule is refreshed without its tags");
        let mut planned = prior.clone();
        planned.insert("tags".into(), serde_json::json!({ "n": "1" }));
        let updated = CloudwatchEventRule.update(&ctx, &prior, &planned).await.unwrap();
        assert_eq!(updated["tags"], serde_json::json!({ "n": "1" }));
        assert!(reads_tags(&updated), "and the next refresh reads them");
    }
}
