//! `aws_cloudwatch_event_target`: what an EventBridge rule invokes (here, an Inspector
//! assessment template, with the role EventBridge assumes to start it).

use async_trait::async_trait;
use serde_json::Value as Json;

use super::{generated_name, obj, opt, req, s, Ctx, Obj, ResourceType};
use crate::providers::{CloudResult, ErrorKind};
use crate::schema::{self, Attr, Default, Invalid, Schema, Ty};
use crate::services::events::EventTarget;

pub struct CloudwatchEventTarget;

static SCHEMA: Schema = Schema {
    attrs: &[
        Attr::computed("id", Ty::String),
        Attr::required("rule", Ty::String).force_new().validate(schema::events_name),
        Attr::optional_computed("target_id", Ty::String).force_new().validate(schema::events_name),
        Attr::required("arn", Ty::String).validate(schema::arn),
        Attr::optional("role_arn", Ty::String).validate(schema::arn),
        Attr::optional("input", Ty::String).json().validate(schema::json_object),
        Attr::optional("input_path", Ty::String),
        Attr::optional("event_bus_name", Ty::String).force_new().default(Default::Str("default")),
        Attr::optional_computed("region", Ty::String).force_new(),
    ],
    blocks: &[],
};

fn to_obj(bus: &str, rule: &str, t: &EventTarget) -> Obj {
    obj(
        &SCHEMA,
        vec![
            ("id", Json::from(format!("{bus}/{rule}/{}", t.id))),
            ("rule", Json::from(rule)),
            ("target_id", Json::from(t.id.as_str())),
            ("arn", Json::from(t.arn.as_str())),
            ("role_arn", opt(t.role_arn.as_deref())),
            ("input", opt(t.input.as_deref())),
            ("input_path", opt(t.input_path.as_deref())),
            ("event_bus_name", Json::from(bus)),
        ],
    )
}

fn target(id: &str, o: &Obj) -> EventTarget {
    EventTarget {
        id: id.to_string(),
        arn: req(o, "arn").to_string(),
        role_arn: s(o, "role_arn").map(str::to_string),
        input: s(o, "input").map(str::to_string),
        input_path: s(o, "input_path").map(str::to_string),
    }
}

#[async_trait]
impl ResourceType for CloudwatchEventTarget {
    fn type_name(&self) -> &'static str {
        "aws_cloudwatch_event_target"
    }
    fn schema(&self) -> &'static Schema {
        &SCHEMA
    }

    fn check(&self, planned: &Obj) -> Vec<(&'static str, Invalid)> {
        if s(planned, "input").is_some() && s(planned, "input_path").is_some() {
            return vec![("input_path", Invalid::new("`input` and `input_path` cannot both be set"))];
        }
        Vec::new()
    }

    /// One `ListTargetsByRule` call returns every target of the rule.
    fn importable(&self) -> bool {
        true
    }
    /// Import id: `BUS/RULE/TARGET_ID`.
    fn import_prior(&self, id: &str) -> Option<Obj> {
        let mut parts = id.splitn(3, '/');
        let (bus, rule, target) = (parts.next()?, parts.next()?, parts.next()?);
        Some(obj(
            &SCHEMA,
            vec![("event_bus_name", Json::from(bus)), ("rule", Json::from(rule)), ("target_id", Json::from(target))],
        ))
    }

    async fn read(&self, ctx: &Ctx<'_>, prior: &Obj) -> CloudResult<Option<Obj>> {
        let (bus, rule, id) =
            (s(prior, "event_bus_name").unwrap_or("default"), req(prior, "rule"), req(prior, "target_id"));
        let targets = match ctx.cloud.events.list_targets(ctx.region, bus, rule).await {
            Err(e) if e.kind == ErrorKind::NotFound => return Ok(None),
            other => other?,
        };
        Ok(targets.iter().find(|t| t.id == id).map(|t| to_obj(bus, rule, t)))
    }

    fn batch_read(&self) -> bool {
        true
    }

    /// One ListTargetsByRule call per rule, however many of its targets are managed.
    async fn read_many(&self, ctx: &Ctx<'_>, priors: &[&Obj]) -> CloudResult<Vec<Option<Obj>>> {
        let mut by_rule: std::collections::BTreeMap<(&str, &str), Option<Vec<EventTarget>>> =
            std::collections::BTreeMap::new();
        for p in priors {
            let key = (s(p, "event_bus_name").unwrap_or("default"), req(p, "rule"));
            if by_rule.contains_key(&key) {
                continue;
            }
            let listed = match ctx.cloud.events.list_targets(ctx.region, key.0, key.1).await {
                Err(e) if e.kind == ErrorKind::NotFound => None,
                other => Some(other?),
            };
            by_rule.insert(key, listed);
        }
        Ok(priors
            .iter()
            .map(|p| {
                let (bus, rule) = (s(p, "event_bus_name").unwrap_or("default"), req(p, "rule"));
                let id = req(p, "target_id");
                by_rule.get(&(bus, rule))?.as_ref()?.iter().find(|t| t.id == id).map(|t| to_obj(bus, rule, t))
            })
            .collect())
    }

    async fn create(&self, ctx: &Ctx<'_>, planned: &Obj) -> CloudResult<Obj> {
        let id = s(planned, "target_id").map(str::to_string).unwrap_or_else(generated_name);
        let (bus, rule) = (s(planned, "event_bus_name").unwrap_or("default"), req(planned, "rule"));
        let t = target(&id, planned);
        ctx.cloud.events.put_targets(ctx.region, bus, rule, std::slice::from_ref(&t)).await?;
        Ok(to_obj(bus, rule, &t))
    }

    async fn update(&self, ctx: &Ctx<'_>, prior: &Obj, planned: &Obj) -> CloudResult<Obj> {
        let id = req(prior, "target_id");
        let (bus, rule) = (s(prior, "event_bus_name").unwrap_or("default"), req(prior, "rule"));
        let t = target(id, planned);
        ctx.cloud.events.put_targets(ctx.region, bus, rule, std::slice::from_ref(&t)).await?;
        Ok(to_obj(bus, rule, &t))
    }

    async fn delete(&self, ctx: &Ctx<'_>, prior: &Obj) -> CloudResult<()> {
        let (bus, rule) = (s(prior, "event_bus_name").unwrap_or("default"), req(prior, "rule"));
        let ids = [req(prior, "target_id").to_string()];
        match ctx.cloud.events.remove_targets(ctx.region, bus, rule, &ids).await {
            Err(e) if e.kind != ErrorKind::NotFound => Err(e),
            _ => Ok(()),
        }
    }
}
