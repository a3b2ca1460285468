//! `aws_inspector2_filter`: a findings filter; with `action = "SUPPRESS"` it hides findings
//! you cannot fix (the article's "exclude findings").

use async_trait::async_trait;
use serde_json::{Map, Value as Json};

use serde::Deserialize;

use super::typed::{self};
use super::{arn_obj, opt, tags_json, Ctx, Declared, Import, Obj, Resource, ARN, ID, REGION, TAGS, TAGS_ALL};
use crate::cloud::Absent;
use crate::cloud::{CloudResult, Tags};
use crate::schema::{self, Attr, BlockType, Differs, Schema, Ty};
use crate::services::inspector2::Inspector2Filter;

// Import id: the ARN.
resource_type!(Inspector2FilterType = "aws_inspector2_filter", Import::Arn);

const COMPARISONS: &[&str] = &["EQUALS", "PREFIX", "NOT_EQUALS"];

static STRING_FILTER: &[Attr] = &[
    Attr::required("comparison", Ty::String).validate(|v| schema::one_of(v, COMPARISONS)),
    Attr::required("value", Ty::String),
];
static DATE_FILTER: &[Attr] =
    &[Attr::optional("start_inclusive", Ty::String), Attr::optional("end_inclusive", Ty::String)];
static NUMBER_FILTER: &[Attr] =
    &[Attr::required("lower_inclusive", Ty::Number), Attr::required("upper_inclusive", Ty::Number)];
static MAP_FILTER: &[Attr] = &[
    Attr::required("comparison", Ty::String).validate(|v| schema::one_of(v, &["EQUALS"])),
    Attr::required("key", Ty::String),
    Attr::required("value", Ty::String),
];
static PORT_RANGE: &[Attr] =
    &[Attr::required("begin_inclusive", Ty::Number), Attr::required("end_inclusive", Ty::Number)];

const fn string(name: &'static str) -> BlockType {
    BlockType::new(name, STRING_FILTER).set()
}
const fn date(name: &'static str) -> BlockType {
    BlockType::new(name, DATE_FILTER).set()
}
const fn number(name: &'static str) -> BlockType {
    BlockType::new(name, NUMBER_FILTER).set()
}

static PACKAGE: &[BlockType] = &[
    string("architecture").single(),
    number("epoch").single(),
    string("file_path").single(),
    string("name").single(),
    string("release").single(),
    string("source_lambda_layer_arn").single(),
    string("source_layer_hash").single(),
    string("version").single(),
];

/// Builds the criteria blocks from the criteria table (`services::inspector2::criteria`):
/// the members the Terraform provider offers, named as it names them.
macro_rules! criteria_blocks {
    (@acc [$($out:expr,)*]) => { &[$($out,)*] };
    (@acc [$($out:expr,)*] $field:ident $api:literal $kind:ident terraform, $($rest:tt)*) => {
        criteria_blocks!(@acc [$($out,)* criteria_blocks!(@block $field $kind),] $($rest)*)
    };
    (@acc [$($out:expr,)*] $field:ident $api:literal $kind:ident api_only, $($rest:tt)*) => {
        criteria_blocks!(@acc [$($out,)*] $($rest)*)
    };
    (@block $field:ident string) => { string(stringify!($field)) };
    (@block $field:ident date) => { date(stringify!($field)) };
    (@block $field:ident number) => { number(stringify!($field)) };
    (@block $field:ident map) => { BlockType::new(stringify!($field), MAP_FILTER).set() };
    (@block $field:ident port) => { BlockType::new(stringify!($field), PORT_RANGE).set() };
    (@block $field:ident package) => { BlockType::new(stringify!($field), &[]).set().blocks(PACKAGE) };
    ($($rows:tt)*) => { criteria_blocks!(@acc [] $($rows)*) };
}

/// The criteria blocks, named as the Terraform provider names them.
static CRITERIA: &[BlockType] = crate::with_filter_criteria!(criteria_blocks);

static SCHEMA: Schema = Schema {
    attrs: &[
        ID,
        ARN,
        Attr::required("name", Ty::String).validate(|v| match v.as_str() {
            Some(n) if n.is_empty() || n.chars().count() > 128 => {
                Err(schema::Invalid::new("must be 1 to 128 characters long"))
            }
            _ => Ok(()),
        }),
        Attr::required("action", Ty::String).validate(|v| schema::one_of(v, &["NONE", "SUPPRESS"])),
        Attr::optional("description", Ty::String),
        Attr::optional("reason", Ty::String),
        TAGS,
        TAGS_ALL,
        REGION,
    ],
    blocks: &[BlockType::new("filter_criteria", &[]).single().required().blocks(CRITERIA)],
    differs: &[
        Differs { name: "filter_criteria", why: ONE_BY_VALIDATOR },
        Differs { name: "filter_criteria.vulnerable_packages.architecture", why: ONE_BY_VALIDATOR },
        Differs { name: "filter_criteria.vulnerable_packages.epoch", why: ONE_BY_VALIDATOR },
        Differs { name: "filter_criteria.vulnerable_packages.file_path", why: ONE_BY_VALIDATOR },
        Differs { name: "filter_criteria.vulnerable_packages.name", why: ONE_BY_VALIDATOR },
        Differs { name: "filter_criteria.vulnerable_packages.release", why: ONE_BY_VALIDATOR },
        Differs { name: "filter_criteria.vulnerable_packages.source_lambda_layer_arn", why: ONE_BY_VALIDATOR },
        Differs { name: "filter_criteria.vulnerable_packages.source_layer_hash", why: ONE_BY_VALIDATOR },
        Differs { name: "filter_criteria.vulnerable_packages.version", why: ONE_BY_VALIDATOR },
    ],
    ..Schema::NONE
};

/// The provider's schema declares these as lists; its validators (`SizeAtMost(1)`, and
/// `IsRequired` for `filter_criteria`) allow one, which is what baseline's schema says.
const ONE_BY_VALIDATOR: &str =
    "a list in the provider's schema, limited to one item (and for filter_criteria required) by its validators";

/// `snake_case` → `camelCase`, the API's member naming.
pub(crate) fn camel(s: &str) -> String {
    let mut out = String::new();
    let mut up = false;
    for c in s.chars() {
        if c == '_' {
            up = true;
        } else if up {
            out.extend(c.to_uppercase());
            up = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// A block list of objects (as stored) → the API's JSON: each block becomes a list of
/// objects with camelCase keys, `single` blocks a bare object; null attributes are left out.
fn to_api(bt: &BlockType, items: &Json) -> Json {
    let convert = |item: &Json| {
        let mut m = Map::new();
        for a in bt.attrs {
            if let Some(v) = item.get(a.name).filter(|v| !v.is_null()) {
                m.insert(camel(a.name), v.clone());
            }
        }
        for inner in bt.blocks {
            if let Some(list) = item.get(inner.name).and_then(Json::as_array).filter(|l| !l.is_empty()) {
                m.insert(camel(inner.name), to_api(inner, &Json::Array(list.clone())));
            }
        }
        Json::Object(m)
    };
    let list: Vec<Json> = items.as_array().into_iter().flatten().map(convert).collect();
    if bt.max_items == Some(1) {
        list.into_iter().next().unwrap_or(Json::Null)
    } else {
        Json::Array(list)
    }
}

/// The API's JSON → a stored block list (the inverse of `to_api`).
fn from_api(bt: &BlockType, v: &Json) -> Json {
    let convert = |item: &Json| {
        let mut m = Map::new();
        for a in bt.attrs {
            m.insert(a.name.to_string(), item.get(camel(a.name)).cloned().unwrap_or(Json::Null));
        }
        for inner in bt.blocks {
            let x = item.get(camel(inner.name)).cloned().unwrap_or(Json::Null);
            m.insert(inner.name.to_string(), from_api(inner, &x));
        }
        Json::Object(m)
    };
    match v {
        Json::Array(items) => Json::Array(items.iter().map(convert).collect()),
        Json::Null => Json::Array(vec![]),
        one => Json::Array(vec![convert(one)]),
    }
}

fn criteria_block() -> &'static BlockType {
    &SCHEMA.blocks[0]
}

fn to_obj(f: &Inspector2Filter) -> Obj {
    arn_obj(
        &SCHEMA,
        f.arn.as_str(),
        vec![
            ("name", Json::from(f.name.as_str())),
            ("action", Json::from(f.action.as_str())),
            ("description", opt(f.description.as_deref())),
            ("reason", opt(f.reason.as_deref())),
            ("tags", tags_json(&f.tags)),
            ("filter_criteria", from_api(criteria_block(), &f.criteria.to_json())),
        ],
    )
}

fn filter(arn: &str, a: Args) -> CloudResult<Inspector2Filter> {
    let criteria = to_api(criteria_block(), &a.filter_criteria);
    Ok(Inspector2Filter {
        arn: arn.to_string(),
        criteria: typed::shape("aws_inspector2_filter", "filter_criteria", &criteria)?,
        name: a.name,
        action: a.action,
        description: a.description,
        reason: a.reason,
        tags: a.tags,
    })
}

/// What the verbs read. The nested criteria are converted to the API's shape by `to_api`,
/// driven by the schema (and so by the criteria table).
#[derive(Deserialize)]
pub struct Args {
    #[serde(default, deserialize_with = "typed::required")]
    arn: String,
    #[serde(default, deserialize_with = "typed::required")]
    name: String,
    #[serde(default, deserialize_with = "typed::required")]
    action: String,
    #[serde(default, deserialize_with = "typed::text")]
    description: Option<String>,
    #[serde(default, deserialize_with = "typed::text")]
    reason: Option<String>,
    #[serde(default, deserialize_with = "typed::tags")]
    tags: Tags,
    #[serde(default, deserialize_with = "typed::raw")]
    filter_criteria: Json,
}

#[async_trait]
impl Resource for Inspector2FilterType {
    /// A filter of the planned name whose action and criteria are the planned ones. Several
    /// such (a create retried before this one was journalled) cannot be told apart: the first
    /// is taken, and the others are left for the user, with a note.
    async fn find_made(&self, ctx: &Ctx<'_>, planned: &Obj) -> CloudResult<Option<Obj>> {
        let want = Self::args(planned)?;
        let bt = criteria_block();
        let criteria = schema::normalize_blocks(bt, &want.filter_criteria);
        let same: Vec<Obj> = ctx
            .cloud
            .inspector2
            .filters_named(ctx.region, &want.name)
            .await?
            .iter()
            .map(to_obj)
            .filter(|o| {
                o.get("action").and_then(Json::as_str) == Some(want.action.as_str())
                    && o.get("filter_criteria").map(|c| schema::normalize_blocks(bt, c)) == Some(criteria.clone())
            })
            .collect();
        if same.len() > 1 {
            (ctx.log)(&format!(
                "{} Inspector filters named {:?} match an interrupted create; the first is taken, the others are not managed",
                same.len(),
                want.name
            ));
        }
        Ok(same.into_iter().next())
    }

    async fn read(&self, ctx: &Ctx<'_>, prior: &Obj) -> CloudResult<Option<Obj>> {
        Ok(self.read_many(ctx, &[prior]).await?.pop().flatten())
    }

    fn batch_read(&self) -> bool {
        true
    }

    /// One `ListFilters` (paged) for all the filters of a region, named by their ARNs.
    async fn read_many(&self, ctx: &Ctx<'_>, priors: &[&Obj]) -> CloudResult<Vec<Option<Obj>>> {
        let arns: Vec<String> = priors.iter().map(|p| Ok(Self::args(p)?.arn)).collect::<CloudResult<_>>()?;
        let found = ctx.cloud.inspector2.list_filters(ctx.region, &arns).await?;
        let by_arn: std::collections::HashMap<&str, _> = found.iter().map(|f| (f.arn.as_str(), f)).collect();
        Ok(arns.iter().map(|arn| by_arn.get(arn.as_str()).map(|f| to_obj(f))).collect())
    }

    async fn create(&self, ctx: &Ctx<'_>, planned: &Obj) -> CloudResult<Obj> {
        let mut f = filter("", Self::args(planned)?)?;
        f.arn = ctx.cloud.inspector2.create_filter(ctx.region, &f).await?;
        Ok(to_obj(&f))
    }

    async fn update(&self, ctx: &Ctx<'_>, prior: &Obj, planned: &Obj) -> CloudResult<Obj> {
        let p = Self::args(prior)?;
        let f = filter(&p.arn, Self::args(planned)?)?;
        ctx.cloud.inspector2.update_filter(ctx.region, &f).await?;
        if p.tags != f.tags {
            ctx.cloud.inspector2.set_tags(ctx.region, &p.arn, &p.tags, &f.tags).await?;
        }
        Ok(to_obj(&f))
    }

    async fn delete(&self, ctx: &Ctx<'_>, prior: &Obj) -> CloudResult<()> {
        ctx.cloud.inspector2.delete_filter(ctx.region, &Self::args(prior)?.arn).await.gone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn criteria_convert_to_the_api_shape_and_back() {
        let stored = json!([{
            "severity": [{"comparison": "EQUALS", "value": "LOW"}],
            "inspector_score": [{"lower_inclusive": 0, "upper_inclusive": 4}],
            "resource_tags": [{"comparison": "EQUALS", "key": "env", "value": "dev"}],
            "vulnerable_packages": [{"name": [{"comparison": "PREFIX", "value": "openssl"}]}]
        }]);
        let api = to_api(criteria_block(), &stored);
        assert_eq!(api["severity"], json!([{"comparison": "EQUALS", "value": "LOW"}]));
        assert_eq!(api["inspectorScore"], json!([{"lowerInclusive": 0, "upperInclusive": 4}]));
        assert_eq!(api["vulnerablePackages"][0]["name"], json!({"comparison": "PREFIX", "value": "openssl"}));
        let back = from_api(criteria_block(), &api);
        let bt = criteria_block();
        assert_eq!(schema::normalize_blocks(bt, &back), schema::normalize_blocks(bt, &stored));
        assert_eq!(camel("ec2_instance_image_id"), "ec2InstanceImageId");
    }

    #[test]
    fn the_schema_offers_the_providers_criteria_from_the_table() {
        use crate::services::inspector2::criteria::CRITERIA as TABLE;
        let names: Vec<&str> = CRITERIA.iter().map(|b| b.name).collect();
        let offered: Vec<&str> = TABLE.iter().filter(|c| c.in_provider).map(|c| c.terraform).collect();
        assert_eq!(names, offered);
        assert!(names.contains(&"aws_account_id") && names.contains(&"vulnerable_packages"));
        for (b, c) in CRITERIA.iter().zip(TABLE.iter().filter(|c| c.in_provider)) {
            assert_eq!(camel(b.name), c.api, "the API name is the block name in camelCase");
        }
    }
}
