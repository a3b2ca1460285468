//! `aws_accessanalyzer_analyzer`: an IAM Access Analyzer analyzer of the account or of the
//! organization (external, unused or internal access). Everything but the tags forces a new
//! analyzer; an organization's analyzer needs its management account or the delegated
//! administrator of `access-analyzer.amazonaws.com`. The id is the analyzer's name.

use std::collections::BTreeMap;

use async_trait::async_trait;
use serde::Deserialize;
use serde_json::{json, Value as Json};

use super::typed;
use super::{obj, tags_json, Ctx, Declared, Import, Obj, Resource, ARN, ID, REGION, TAGS, TAGS_ALL};
use crate::cloud::{tag_delta, CloudError, CloudResult, ErrorKind};
use crate::schema::{self, Attr, BlockType, Default, Schema, Ty};
use crate::services::accessanalyzer::{
    Analyzer, AnalyzerConfig, Exclusion, Inclusion, InternalAccess, UnusedAccess, TYPES,
};

resource_type!(AccessAnalyzerAnalyzer = "aws_accessanalyzer_analyzer", Import::Parse(import_prior));

static INCLUSION: &[Attr] = &[
    Attr::optional("account_ids", Ty::StringList).force_new(),
    Attr::optional("resource_arns", Ty::StringList).force_new(),
    Attr::optional("resource_types", Ty::StringList).force_new(),
];
static EXCLUSION: &[Attr] = &[
    Attr::optional("account_ids", Ty::StringList).force_new(),
    // A list of tag maps (`list(map(string))`).
    Attr::optional("resource_tags", Ty::Dynamic).force_new(),
];
static INTERNAL_RULE: &[BlockType] = &[BlockType::new("inclusion", INCLUSION).force_new()];
static UNUSED_RULE: &[BlockType] = &[BlockType::new("exclusion", EXCLUSION).force_new()];
static INTERNAL: &[BlockType] = &[BlockType::new("analysis_rule", &[]).single().force_new().blocks(INTERNAL_RULE)];
static UNUSED: &[BlockType] = &[BlockType::new("analysis_rule", &[]).single().force_new().blocks(UNUSED_RULE)];
static UNUSED_ATTRS: &[Attr] = &[Attr::optional("unused_access_age", Ty::Number).force_new()];
static CONFIGURATION: &[BlockType] = &[
    BlockType::new("internal_access", &[]).single().force_new().blocks(INTERNAL),
    BlockType::new("unused_access", UNUSED_ATTRS).single().force_new().blocks(UNUSED),
];

static SCHEMA: Schema = Schema {
    attrs: &[
        ID,
        ARN,
        Attr::required("analyzer_name", Ty::String).force_new(),
        Attr::optional("type", Ty::String)
            .force_new()
            .default(Default::Str("ACCOUNT"))
            .validate(|v| schema::one_of(v, &TYPES)),
        TAGS,
        TAGS_ALL,
        REGION,
    ],
    blocks: &[BlockType::new("configuration", &[]).single().force_new().blocks(CONFIGURATION)],
    ..Schema::NONE
};

fn import_prior(id: &str) -> Option<Obj> {
    (!id.is_empty()).then(|| obj(&SCHEMA, vec![("id", Json::from(id)), ("analyzer_name", Json::from(id))]))
}

/// What the verbs read.
#[derive(Deserialize)]
pub struct Args {
    #[serde(default, deserialize_with = "typed::required")]
    analyzer_name: String,
    #[serde(default, deserialize_with = "typed::text")]
    arn: Option<String>,
    #[serde(default, deserialize_with = "typed::text", rename = "type")]
    kind: Option<String>,
    #[serde(default, deserialize_with = "typed::raw")]
    configuration: Json,
    #[serde(default, deserialize_with = "typed::tags")]
    tags: crate::cloud::Tags,
}

/// The first item of the single block `name` inside `v`.
fn single<'a>(v: &'a Json, name: &str) -> Option<&'a Json> {
    v.get(name)?.as_array()?.first()
}

fn strings(v: &Json, name: &str) -> Vec<String> {
    v.get(name).and_then(Json::as_array).into_iter().flatten().filter_map(|s| s.as_str().map(str::to_string)).collect()
}

/// The configuration block as the API's shape.
fn to_api(configuration: &Json) -> Option<AnalyzerConfig> {
    let c = configuration.as_array()?.first()?;
    let unused = single(c, "unused_access").map(|u| UnusedAccess {
        unused_access_age: u.get("unused_access_age").and_then(Json::as_i64).map(|n| n as i32).filter(|n| *n != 0),
        exclusions: single(u, "analysis_rule").map(|r| {
            r.get("exclusion")
                .and_then(Json::as_array)
                .into_iter()
                .flatten()
                .map(|e| Exclusion {
                    account_ids: strings(e, "account_ids"),
                    // A null tag value is left out, as the provider leaves it.
                    resource_tags: e
                        .get("resource_tags")
                        .and_then(Json::as_array)
                        .into_iter()
                        .flatten()
                        .filter_map(Json::as_object)
                        .map(|m| {
                            m.iter()
                                .filter_map(|(k, v)| Some((k.clone(), v.as_str()?.to_string())))
                                .collect::<BTreeMap<_, _>>()
                        })
                        .collect(),
                })
                .collect()
        }),
    });
    let internal = single(c, "internal_access").map(|i| InternalAccess {
        inclusions: single(i, "analysis_rule").map(|r| {
            r.get("inclusion")
                .and_then(Json::as_array)
                .into_iter()
                .flatten()
                .map(|x| Inclusion {
                    account_ids: strings(x, "account_ids"),
                    resource_arns: strings(x, "resource_arns"),
                    resource_types: strings(x, "resource_types"),
                })
                .collect()
        }),
    });
    Some(AnalyzerConfig { unused_access: unused, internal_access: internal })
}

/// A list the API answers, null when empty (an unset list argument is null; SDKv2 reads an
/// empty one as unset).
fn list<T: serde::Serialize>(items: &[T]) -> Json {
    if items.is_empty() {
        Json::Null
    } else {
        json!(items)
    }
}

fn configuration_json(c: &AnalyzerConfig) -> Json {
    let unused: Vec<Json> = c
        .unused_access
        .iter()
        .map(|u| {
            let rule: Vec<Json> = u
                .exclusions
                .iter()
                .map(|ex| {
                    let items: Vec<Json> = ex
                        .iter()
                        .map(
                            |e| json!({ "account_ids": list(&e.account_ids), "resource_tags": list(&e.resource_tags) }),
                        )
                        .collect();
                    json!({ "exclusion": items })
                })
                .collect();
            json!({ "unused_access_age": u.unused_access_age.unwrap_or(0), "analysis_rule": rule })
        })
        .collect();
    let internal: Vec<Json> = c
        .internal_access
        .iter()
        .map(|i| {
            let rule: Vec<Json> = i
                .inclusions
                .iter()
                .map(|inc| {
                    let items: Vec<Json> = inc
                        .iter()
                        .map(|x| {
                            json!({
                                "account_ids": list(&x.account_ids),
                                "resource_arns": list(&x.resource_arns),
                                "resource_types": list(&x.resource_types),
                            })
                        })
                        .collect();
                    json!({ "inclusion": items })
                })
                .collect();
            json!({ "analysis_rule": rule })
        })
        .collect();
    json!([{ "unused_access": unused, "internal_access": internal }])
}

fn to_obj(a: &Analyzer) -> Obj {
    obj(
        &SCHEMA,
        vec![
            ("id", Json::from(a.name.as_str())),
            ("arn", Json::from(a.arn.as_str())),
            ("analyzer_name", Json::from(a.name.as_str())),
            ("type", Json::from(a.kind.as_str())),
            ("tags", tags_json(&a.tags)),
            ("configuration", a.configuration.as_ref().map_or(json!([]), configuration_json)),
        ],
    )
}

async fn read_name(ctx: &Ctx<'_>, name: &str) -> CloudResult<Option<Obj>> {
    Ok(ctx.cloud.accessanalyzer.get_analyzer(ctx.region, name).await?.map(|a| to_obj(&a)))
}

fn gone(name: &str) -> CloudError {
    let msg = format!("analyzer {name} could not be read back after it was written");
    CloudError::new("access-analyzer", "GetAnalyzer", ErrorKind::NotFound, "ResourceNotFoundException", msg)
}

#[async_trait]
impl Resource for AccessAnalyzerAnalyzer {
    /// The configuration is of one kind only.
    fn check(&self, planned: &Obj) -> Vec<(&'static str, schema::Invalid)> {
        let c = planned.get("configuration").and_then(|c| c.as_array()).and_then(|c| c.first());
        let both = c.is_some_and(|c| {
            ["internal_access", "unused_access"]
                .iter()
                .all(|k| c.get(*k).and_then(Json::as_array).is_some_and(|a| !a.is_empty()))
        });
        if both {
            return vec![(
                "configuration",
                schema::Invalid::new("`internal_access` and `unused_access` conflict: set one"),
            )];
        }
        vec![]
    }

    fn identity(&self, planned: &Obj) -> Option<String> {
        planned.get("analyzer_name").and_then(Json::as_str).map(str::to_string)
    }

    async fn read(&self, ctx: &Ctx<'_>, prior: &Obj) -> CloudResult<Option<Obj>> {
        read_name(ctx, &Self::args(prior)?.analyzer_name).await
    }

    async fn create(&self, ctx: &Ctx<'_>, planned: &Obj) -> CloudResult<Obj> {
        let a = Self::args(planned)?;
        let kind = a.kind.clone().unwrap_or_else(|| "ACCOUNT".into());
        let config = to_api(&a.configuration);
        ctx.cloud.accessanalyzer.create_analyzer(ctx.region, &a.analyzer_name, &kind, config.as_ref(), &a.tags).await?;
        read_name(ctx, &a.analyzer_name).await?.ok_or_else(|| gone(&a.analyzer_name))
    }

    /// Only the tags change in place.
    async fn update(&self, ctx: &Ctx<'_>, prior: &Obj, planned: &Obj) -> CloudResult<Obj> {
        let (p, a) = (Self::args(prior)?, Self::args(planned)?);
        let arn = p.arn.clone().unwrap_or_default();
        let (remove, add) = tag_delta(&p.tags, &a.tags);
        if !remove.is_empty() {
            ctx.cloud.accessanalyzer.untag_resource(ctx.region, &arn, &remove).await?;
        }
        if !add.is_empty() {
            ctx.cloud.accessanalyzer.tag_resource(ctx.region, &arn, &add).await?;
        }
        read_name(ctx, &p.analyzer_name).await?.ok_or_else(|| gone(&p.analyzer_name))
    }

    async fn delete(&self, ctx: &Ctx<'_>, prior: &Obj) -> CloudResult<()> {
        ctx.cloud.accessanalyzer.delete_analyzer(ctx.region, &Self::args(prior)?.analyzer_name).await
    }
}
