//! `aws_cloudwatch_event_target`: what an EventBridge rule invokes (here, an Inspector
//! assessment template, with the role EventBridge assumes to start it).

use async_trait::async_trait;
use serde_json::Value as Json;

use serde::Deserialize;

use super::typed::{self};
use super::{obj, opt, Ctx, Declared, Import, Obj, Resource, ID, REGION};
use crate::cloud::Absent;
use crate::cloud::CloudResult;
use crate::schema::{self, Attr, Default, Invalid, Schema, Ty};
use crate::services::events::EventTarget;

resource_type!(CloudwatchEventTarget = "aws_cloudwatch_event_target", Import::Parse(import_prior));

static SCHEMA: Schema = Schema {
    attrs: &[
        ID,
        Attr::required("rule", Ty::String).force_new().validate(schema::events_name),
        Attr::optional_computed("target_id", Ty::String).force_new().validate(schema::events_name),
        Attr::required("arn", Ty::String).validate(schema::arn),
        Attr::optional("role_arn", Ty::String).validate(schema::arn).empty_is_unset(),
        Attr::optional("input", Ty::String).json().validate(schema::json_object).empty_is_unset(),
        Attr::optional("input_path", Ty::String),
        Attr::optional("event_bus_name", Ty::String).force_new().default(Default::Str("default")),
        REGION,
    ],
    ..Schema::NONE
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

/// What the verbs read.
#[derive(Deserialize)]
pub struct Args {
    #[serde(default, deserialize_with = "typed::required")]
    rule: String,
    #[serde(default, deserialize_with = "typed::text")]
    target_id: Option<String>,
    #[serde(default, deserialize_with = "typed::required")]
    arn: String,
    #[serde(default, deserialize_with = "typed::text")]
    role_arn: Option<String>,
    #[serde(default, deserialize_with = "typed::text")]
    input: Option<String>,
    #[serde(default, deserialize_with = "typed::text")]
    input_path: Option<String>,
    #[serde(default, deserialize_with = "typed::text")]
    event_bus_name: Option<String>,
}

impl Args {
    fn bus(&self) -> &str {
        self.event_bus_name.as_deref().unwrap_or("default")
    }
    fn id(&self) -> &str {
        self.target_id.as_deref().unwrap_or_default()
    }
    fn target(&self, id: &str) -> EventTarget {
        EventTarget {
            id: id.to_string(),
            arn: self.arn.clone(),
            role_arn: self.role_arn.clone(),
            input: self.input.clone(),
            input_path: self.input_path.clone(),
        }
    }
}

#[async_trait]
impl Resource for CloudwatchEventTarget {
    fn check(&self, planned: &Obj) -> Vec<(&'static str, Invalid)> {
        // Planned objects always fit the schema's types; nothing to check otherwise.
        let Ok(a) = Self::args(planned) else { return Vec::new() };
        if a.input.is_some() && a.input_path.is_some() {
            return vec![("input_path", Invalid::new("`input` and `input_path` cannot both be set"))];
        }
        Vec::new()
    }

    /// One `ListTargetsByRule` call returns every target of the rule.
    fn identity(&self, planned: &Obj) -> Option<String> {
        let text = |k: &str| planned.get(k).and_then(Json::as_str).filter(|s| !s.is_empty());
        Some(format!("{}/{}/{}", text("event_bus_name").unwrap_or("default"), text("rule")?, text("target_id")?))
    }

    async fn read(&self, ctx: &Ctx<'_>, prior: &Obj) -> CloudResult<Option<Obj>> {
        let p = Self::args(prior)?;
        let Some(targets) = ctx.cloud.events.list_targets(ctx.region, p.bus(), &p.rule).await.found()? else {
            return Ok(None);
        };
        Ok(targets.iter().find(|t| t.id == p.id()).map(|t| to_obj(p.bus(), &p.rule, t)))
    }

    fn batch_read(&self) -> bool {
        true
    }

    /// One ListTargetsByRule call per rule, however many of its targets are managed.
    async fn read_many(&self, ctx: &Ctx<'_>, priors: &[&Obj]) -> CloudResult<Vec<Option<Obj>>> {
        let priors: Vec<Args> = priors.iter().map(|p| Self::args(p)).collect::<CloudResult<_>>()?;
        let mut by_rule: std::collections::BTreeMap<(&str, &str), Option<Vec<EventTarget>>> =
            std::collections::BTreeMap::new();
        for p in &priors {
            let key = (p.bus(), p.rule.as_str());
            if by_rule.contains_key(&key) {
                continue;
            }
            let listed = ctx.cloud.events.list_targets(ctx.region, key.0, key.1).await.found()?;
            by_rule.insert(key, listed);
        }
        Ok(priors
            .iter()
            .map(|p| {
                let listed = by_rule.get(&(p.bus(), p.rule.as_str()))?.as_ref()?;
                listed.iter().find(|t| t.id == p.id()).map(|t| to_obj(p.bus(), &p.rule, t))
            })
            .collect())
    }

    async fn create(&self, ctx: &Ctx<'_>, planned: &Obj) -> CloudResult<Obj> {
        let a = Self::args(planned)?;
        // Unset, the provider generates `terraform-` and a unique suffix.
        let id = super::new_name(a.target_id.as_deref(), None, "");
        let t = a.target(&id);
        ctx.cloud.events.put_targets(ctx.region, a.bus(), &a.rule, std::slice::from_ref(&t)).await?;
        Ok(to_obj(a.bus(), &a.rule, &t))
    }

    async fn update(&self, ctx: &Ctx<'_>, prior: &Obj, planned: &Obj) -> CloudResult<Obj> {
        let p = Self::args(prior)?;
        let t = Self::args(planned)?.target(p.id());
        ctx.cloud.events.put_targets(ctx.region, p.bus(), &p.rule, std::slice::from_ref(&t)).await?;
        Ok(to_obj(p.bus(), &p.rule, &t))
    }

    async fn delete(&self, ctx: &Ctx<'_>, prior: &Obj) -> CloudResult<()> {
        let p = Self::args(prior)?;
        let ids = [p.id().to_string()];
        ctx.cloud.events.remove_targets(ctx.region, p.bus(), &p.rule, &ids).await.gone()
    }
}

/// Import id: `BUS/RULE/TARGET_ID`.
fn import_prior(id: &str) -> Option<Obj> {
    let mut parts = id.splitn(3, '/');
    let (bus, rule, target) = (parts.next()?, parts.next()?, parts.next()?);
    Some(obj(
        &SCHEMA,
        vec![("event_bus_name", Json::from(bus)), ("rule", Json::from(rule)), ("target_id", Json::from(target))],
    ))
}
