//! `aws_accessanalyzer_archive_rule`: findings of an analyzer that match the filter are
//! archived. The filter is a set of criteria (`criteria` names the finding field; `eq`, `neq`,
//! `contains` take values, `exists` is `"true"` or `"false"`). The id is `ANALYZER/RULE`.

use async_trait::async_trait;
use serde::Deserialize;
use serde_json::{json, Value as Json};

use super::typed;
use super::{obj, Ctx, Declared, Import, Obj, Resource, ID, REGION};
use crate::cloud::{CloudError, CloudResult, ErrorKind};
use crate::schema::{Attr, BlockType, Schema, Ty};
use crate::services::accessanalyzer::{Criterion, Filter};

resource_type!(AccessAnalyzerArchiveRule = "aws_accessanalyzer_archive_rule", Import::Parse(import_prior));

static FILTER: &[Attr] = &[
    Attr::optional_computed("contains", Ty::StringList),
    Attr::required("criteria", Ty::String),
    Attr::optional_computed("eq", Ty::StringList),
    Attr::optional_computed("exists", Ty::String),
    Attr::optional_computed("neq", Ty::StringList),
];

static SCHEMA: Schema = Schema {
    attrs: &[
        ID,
        Attr::required("analyzer_name", Ty::String).force_new(),
        Attr::required("rule_name", Ty::String).force_new(),
        REGION,
    ],
    blocks: &[BlockType::new("filter", FILTER).set().required()],
    ..Schema::NONE
};

fn import_prior(id: &str) -> Option<Obj> {
    let (analyzer, rule) = id.split_once('/')?;
    (!analyzer.is_empty() && !rule.is_empty()).then(|| {
        obj(
            &SCHEMA,
            vec![("id", Json::from(id)), ("analyzer_name", Json::from(analyzer)), ("rule_name", Json::from(rule))],
        )
    })
}

#[derive(Deserialize)]
struct FilterBlock {
    #[serde(default, deserialize_with = "typed::required")]
    criteria: String,
    #[serde(default, deserialize_with = "typed::strings")]
    contains: Vec<String>,
    #[serde(default, deserialize_with = "typed::strings")]
    eq: Vec<String>,
    #[serde(default, deserialize_with = "typed::strings")]
    neq: Vec<String>,
    #[serde(default, deserialize_with = "typed::text")]
    exists: Option<String>,
}

/// What the verbs read.
#[derive(Deserialize)]
pub struct Args {
    #[serde(default, deserialize_with = "typed::required")]
    analyzer_name: String,
    #[serde(default, deserialize_with = "typed::required")]
    rule_name: String,
    #[serde(default, deserialize_with = "typed::blocks")]
    filter: Vec<FilterBlock>,
}

fn to_api(blocks: &[FilterBlock]) -> Filter {
    blocks
        .iter()
        .map(|b| {
            let c = Criterion {
                eq: b.eq.clone(),
                neq: b.neq.clone(),
                contains: b.contains.clone(),
                exists: b.exists.as_deref().and_then(|e| e.parse().ok()),
            };
            (b.criteria.clone(), c)
        })
        .collect()
}

fn to_obj(analyzer: &str, rule: &str, f: &Filter) -> Obj {
    let blocks: Vec<Json> = f
        .iter()
        .map(|(k, c)| {
            json!({
                "criteria": k,
                "contains": c.contains,
                "eq": c.eq,
                "neq": c.neq,
                "exists": c.exists.map(|e| e.to_string()).unwrap_or_default(),
            })
        })
        .collect();
    obj(
        &SCHEMA,
        vec![
            ("id", Json::from(format!("{analyzer}/{rule}"))),
            ("analyzer_name", Json::from(analyzer)),
            ("rule_name", Json::from(rule)),
            ("filter", Json::Array(blocks)),
        ],
    )
}

async fn read_rule(ctx: &Ctx<'_>, analyzer: &str, rule: &str) -> CloudResult<Option<Obj>> {
    Ok(ctx.cloud.accessanalyzer.get_archive_rule(ctx.region, analyzer, rule).await?.map(|f| to_obj(analyzer, rule, &f)))
}

fn gone(analyzer: &str, rule: &str) -> CloudError {
    let msg = format!("archive rule {analyzer}/{rule} could not be read back after it was written");
    CloudError::new("access-analyzer", "GetArchiveRule", ErrorKind::NotFound, "ResourceNotFoundException", msg)
}

#[async_trait]
impl Resource for AccessAnalyzerArchiveRule {
    fn identity(&self, planned: &Obj) -> Option<String> {
        let name = |k: &str| planned.get(k).and_then(Json::as_str);
        Some(format!("{}/{}", name("analyzer_name")?, name("rule_name")?))
    }

    async fn read(&self, ctx: &Ctx<'_>, prior: &Obj) -> CloudResult<Option<Obj>> {
        let a = Self::args(prior)?;
        read_rule(ctx, &a.analyzer_name, &a.rule_name).await
    }

    async fn create(&self, ctx: &Ctx<'_>, planned: &Obj) -> CloudResult<Obj> {
        let a = Self::args(planned)?;
        let aa = &ctx.cloud.accessanalyzer;
        aa.create_archive_rule(ctx.region, &a.analyzer_name, &a.rule_name, &to_api(&a.filter)).await?;
        read_rule(ctx, &a.analyzer_name, &a.rule_name).await?.ok_or_else(|| gone(&a.analyzer_name, &a.rule_name))
    }

    async fn update(&self, ctx: &Ctx<'_>, _prior: &Obj, planned: &Obj) -> CloudResult<Obj> {
        let a = Self::args(planned)?;
        let aa = &ctx.cloud.accessanalyzer;
        aa.update_archive_rule(ctx.region, &a.analyzer_name, &a.rule_name, &to_api(&a.filter)).await?;
        read_rule(ctx, &a.analyzer_name, &a.rule_name).await?.ok_or_else(|| gone(&a.analyzer_name, &a.rule_name))
    }

    async fn delete(&self, ctx: &Ctx<'_>, prior: &Obj) -> CloudResult<()> {
        let a = Self::args(prior)?;
        ctx.cloud.accessanalyzer.delete_archive_rule(ctx.region, &a.analyzer_name, &a.rule_name).await
    }
}
