//! `aws_inspector_assessment_template`: what an Inspector Classic assessment checks (rules
//! packages) and for how long, on one target; with event subscriptions and tags.

use async_trait::async_trait;
use serde_json::Value as Json;

use serde::Deserialize;

use super::typed::{self};
use super::{arn_obj, tags_json, Ctx, Declared, Import, Obj, Resource, ARN, ID, REGION, TAGS, TAGS_ALL};
use crate::cloud::Absent;
use crate::cloud::{CloudResult, Tags};
use crate::schema::{self, Attr, BlockType, Schema, Ty};
use crate::services::inspector::{AssessmentTemplate, EventSubscription};

// Import id: the ARN.
resource_type!(InspectorAssessmentTemplate = "aws_inspector_assessment_template", Import::Arn);

const EVENTS: &[&str] = &[
    "ASSESSMENT_RUN_STARTED",
    "ASSESSMENT_RUN_COMPLETED",
    "ASSESSMENT_RUN_STATE_CHANGED",
    "FINDING_REPORTED",
    "OTHER",
];

static SUBSCRIPTION: &[Attr] = &[
    Attr::required("event", Ty::String).validate(|v| schema::one_of(v, EVENTS)),
    Attr::required("topic_arn", Ty::String).validate(schema::arn),
];

static SCHEMA: Schema = Schema {
    attrs: &[
        ID,
        ARN,
        Attr::required("name", Ty::String).force_new(),
        Attr::required("target_arn", Ty::String).force_new().validate(schema::arn),
        Attr::required("duration", Ty::Number).force_new().validate(|v| schema::int_range(v, 180, 86400)),
        Attr::required("rules_package_arns", Ty::StringSet).force_new(),
        TAGS,
        TAGS_ALL,
        REGION,
    ],
    blocks: &[BlockType::new("event_subscription", SUBSCRIPTION).set()],
    ..Schema::NONE
};

/// What the verbs read.
#[derive(Deserialize)]
pub struct Args {
    #[serde(default, deserialize_with = "typed::required")]
    arn: String,
    #[serde(default, deserialize_with = "typed::required")]
    name: String,
    #[serde(default, deserialize_with = "typed::required")]
    target_arn: String,
    #[serde(default, deserialize_with = "typed::int")]
    duration: Option<i64>,
    #[serde(default, deserialize_with = "typed::strings")]
    rules_package_arns: Vec<String>,
    #[serde(default, deserialize_with = "typed::tags")]
    tags: Tags,
    #[serde(default, deserialize_with = "typed::blocks")]
    event_subscription: Vec<Subscription>,
}

/// One `event_subscription` block.
#[derive(Deserialize)]
struct Subscription {
    #[serde(default, deserialize_with = "typed::required")]
    event: String,
    #[serde(default, deserialize_with = "typed::required")]
    topic_arn: String,
}

impl Args {
    /// The subscriptions, sorted.
    fn subs(&self) -> Vec<EventSubscription> {
        let mut v: Vec<EventSubscription> = self
            .event_subscription
            .iter()
            .map(|x| EventSubscription { event: x.event.clone(), topic_arn: x.topic_arn.clone() })
            .collect();
        v.sort();
        v
    }
}

fn to_obj(t: &AssessmentTemplate, tags: &Tags, subs: &[EventSubscription]) -> Obj {
    let mut arns = t.rules_package_arns.clone();
    arns.sort();
    arn_obj(
        &SCHEMA,
        t.arn.as_str(),
        vec![
            ("name", Json::from(t.name.as_str())),
            ("target_arn", Json::from(t.assessment_target_arn.as_str())),
            ("duration", Json::from(t.duration_in_seconds)),
            ("rules_package_arns", Json::from(arns)),
            ("tags", tags_json(tags)),
            (
                "event_subscription",
                Json::Array(
                    subs.iter().map(|s| serde_json::json!({"event": s.event, "topic_arn": s.topic_arn})).collect(),
                ),
            ),
        ],
    )
}

/// True when a refresh reads the template's tags (see [`super::reads_tags`]); an imported
/// template is known by its ARN alone, with no name yet.
fn reads_tags(prior: &Obj) -> bool {
    super::reads_tags(prior, "name")
}

impl InspectorAssessmentTemplate {
    /// One template by ARN, its tags read only when `with_tags`.
    async fn read_one(&self, ctx: &Ctx<'_>, arn: &str, with_tags: bool) -> CloudResult<Option<Obj>> {
        let arns = [arn.to_string()];
        match ctx.cloud.inspector.describe_assessment_templates(ctx.region, &arns).await?.first() {
            Some(t) => Ok(Some(self.complete(ctx, t, with_tags).await?)),
            None => Ok(None),
        }
    }

    /// A described template's object: its event subscriptions (`ListEventSubscriptions`), and
    /// its tags (`ListTagsForResource`) when `with_tags`, else none.
    async fn complete(&self, ctx: &Ctx<'_>, t: &AssessmentTemplate, with_tags: bool) -> CloudResult<Obj> {
        let tags = if with_tags { ctx.cloud.inspector.list_tags(ctx.region, &t.arn).await? } else { Tags::new() };
        let subs = ctx.cloud.inspector.list_event_subscriptions(ctx.region, &t.arn).await?;
        Ok(to_obj(t, &tags, &subs))
    }

    async fn sync(&self, ctx: &Ctx<'_>, arn: &str, prior: &Args, planned: &Args) -> CloudResult<()> {
        if prior.tags != planned.tags {
            ctx.cloud.inspector.set_tags(ctx.region, arn, &planned.tags).await?;
        }
        let (have, want) = (prior.subs(), planned.subs());
        for s in want.iter().filter(|s| !have.contains(s)) {
            ctx.cloud.inspector.subscribe(ctx.region, arn, s).await?;
        }
        for s in have.iter().filter(|s| !want.contains(s)) {
            ctx.cloud.inspector.unsubscribe(ctx.region, arn, s).await?;
        }
        Ok(())
    }
}

#[async_trait]
impl Resource for InspectorAssessmentTemplate {
    fn reads() -> Vec<String> {
        [typed::names::<Args>(""), typed::names::<Subscription>("event_subscription")].concat()
    }

    /// `DescribeAssessmentTemplates`, `ListEventSubscriptions`, and `ListTagsForResource` only
    /// where [`reads_tags`] says so.
    async fn read(&self, ctx: &Ctx<'_>, prior: &Obj) -> CloudResult<Option<Obj>> {
        self.read_one(ctx, &Self::args(prior)?.arn, reads_tags(prior)).await
    }

    fn batch_read(&self) -> bool {
        true
    }

    /// One DescribeAssessmentTemplates call (per 10 ARNs) for all templates of a region;
    /// subscriptions and tags have no batch API and are read per template (tags only where
    /// [`reads_tags`] says so).
    async fn read_many(&self, ctx: &Ctx<'_>, priors: &[&Obj]) -> CloudResult<Vec<Option<Obj>>> {
        let arns: Vec<String> = priors.iter().map(|p| Ok(Self::args(p)?.arn)).collect::<CloudResult<_>>()?;
        let found = ctx.cloud.inspector.describe_assessment_templates(ctx.region, &arns).await?;
        let mut out = Vec::with_capacity(arns.len());
        for (a, prior) in arns.iter().zip(priors) {
            match found.iter().find(|t| &t.arn == a) {
                Some(t) => out.push(Some(self.complete(ctx, t, reads_tags(prior)).await?)),
                None => out.push(None),
            }
        }
        Ok(out)
    }

    async fn create(&self, ctx: &Ctx<'_>, planned: &Obj) -> CloudResult<Obj> {
        let a = Self::args(planned)?;
        let t = AssessmentTemplate {
            arn: String::new(),
            name: a.name.clone(),
            assessment_target_arn: a.target_arn.clone(),
            duration_in_seconds: a.duration.unwrap_or(3600),
            rules_package_arns: a.rules_package_arns.clone(),
        };
        let arn = ctx
            .cloud
            .inspector
            .create_assessment_template(
                ctx.region,
                &t.assessment_target_arn,
                &t.name,
                t.duration_in_seconds,
                &t.rules_package_arns,
            )
            .await?;
        // The template exists; its tags and event subscriptions are still to come.
        (ctx.record)(&to_obj(&AssessmentTemplate { arn: arn.clone(), ..t.clone() }, &Default::default(), &[]));
        self.sync(ctx, &arn, &Self::args(&Obj::new())?, &a).await?;
        Ok(to_obj(&AssessmentTemplate { arn, ..t }, &a.tags, &a.subs()))
    }

    async fn update(&self, ctx: &Ctx<'_>, prior: &Obj, planned: &Obj) -> CloudResult<Obj> {
        let p = Self::args(prior)?;
        self.sync(ctx, &p.arn, &p, &Self::args(planned)?).await?;
        // Read back with tags: the prior may have had none, and the template now may.
        Ok(self.read_one(ctx, &p.arn, true).await?.unwrap_or_else(|| planned.clone()))
    }

    async fn delete(&self, ctx: &Ctx<'_>, prior: &Obj) -> CloudResult<()> {
        ctx.cloud.inspector.delete_assessment_template(ctx.region, &Self::args(prior)?.arn).await.gone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::resources::obj;
    use crate::services::sandbox::Sandbox;
    use crate::services::Account;

    /// A template recorded untagged is refreshed without `ListTagsForResource`; tagging it
    /// records the tags (the read-back reads them), and from then on refreshes read them.
    #[tokio::test]
    async fn tags_are_read_where_recorded_and_after_an_update() {
        let dir = tempfile::tempdir().unwrap();
        let account = Account::from(Sandbox::open(&dir.path().join("s.json")).unwrap());
        let ctx = Ctx::for_tests(&account);
        let target = account.inspector.create_assessment_target("us-east-1", "t", None).await.unwrap();
        let arns = account.inspector.rules_package_arns("us-east-1").await.unwrap();
        let untagged = obj(
            &SCHEMA,
            vec![
                ("name", Json::from("all")),
                ("target_arn", Json::from(target)),
                ("duration", Json::from(3600)),
                ("rules_package_arns", Json::from(arns)),
            ],
        );
        let prior = InspectorAssessmentTemplate.create(&ctx, &untagged).await.unwrap();
        let calls = |f: u64| account.api_calls() - f;

        let before = account.api_calls();
        assert_eq!(InspectorAssessmentTemplate.read(&ctx, &prior).await.unwrap(), Some(prior.clone()));
        assert_eq!(calls(before), 2, "Describe and ListEventSubscriptions, no tags");

        let mut planned = prior.clone();
        planned.insert("tags".into(), serde_json::json!({ "n": "1" }));
        let updated = InspectorAssessmentTemplate.update(&ctx, &prior, &planned).await.unwrap();
        assert_eq!(updated["tags"], serde_json::json!({ "n": "1" }), "the read-back sees the new tags");

        let before = account.api_calls();
        assert_eq!(InspectorAssessmentTemplate.read(&ctx, &updated).await.unwrap(), Some(updated.clone()));
        assert_eq!(calls(before), 3, "a tagged record's refresh reads its tags");

        // An import knows the ARN alone: its tags are read.
        let imported = crate::resources::ResourceType::import_prior(
            &InspectorAssessmentTemplate,
            updated["arn"].as_str().unwrap(),
        )
        .unwrap();
        let read = InspectorAssessmentTemplate.read(&ctx, &imported).await.unwrap().unwrap();
        assert_eq!(read["tags"], serde_json::json!({ "n": "1" }));
    }
}
