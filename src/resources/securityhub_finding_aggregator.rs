//! `aws_securityhub_finding_aggregator`: the account's one cross-region finding aggregator,
//! in the region that becomes Security Hub's home region. `linking_mode` says which regions
//! it links (`ALL_REGIONS`, `ALL_REGIONS_EXCEPT_SPECIFIED`, `SPECIFIED_REGIONS`, the latter
//! two with `specified_regions`). The id is the aggregator's ARN.

use async_trait::async_trait;
use serde::Deserialize;
use serde_json::Value as Json;

use super::typed;
use super::{obj, Ctx, Declared, Import, Obj, Resource, ID, REGION};
use crate::cloud::{CloudError, CloudResult, ErrorKind};
use crate::schema::{self, Attr, Schema, Ty};
use crate::services::securityhub::{unless_off, Aggregator, LINKING_MODES};

resource_type!(SecurityHubFindingAggregator = "aws_securityhub_finding_aggregator", Import::Parse(import_prior));

static SCHEMA: Schema = Schema {
    attrs: &[
        ID,
        Attr::required("linking_mode", Ty::String).validate(|v| schema::one_of(v, &LINKING_MODES)),
        Attr::optional("specified_regions", Ty::StringSet),
        REGION,
    ],
    ..Schema::NONE
};

fn import_prior(id: &str) -> Option<Obj> {
    id.contains(":finding-aggregator/").then(|| obj(&SCHEMA, vec![("id", Json::from(id))]))
}

/// What the verbs read.
#[derive(Deserialize)]
pub struct Args {
    #[serde(default, deserialize_with = "typed::text")]
    id: Option<String>,
    #[serde(default, deserialize_with = "typed::required")]
    linking_mode: String,
    #[serde(default, deserialize_with = "typed::strings")]
    specified_regions: Vec<String>,
}

/// The regions to send: only the modes that take regions send them, as the provider does.
fn regions(a: &Args) -> Vec<String> {
    if a.linking_mode == "ALL_REGIONS" || a.linking_mode == "NO_REGIONS" {
        Vec::new()
    } else {
        a.specified_regions.clone()
    }
}

fn to_obj(g: &Aggregator) -> Obj {
    let regions = if g.regions.is_empty() { Json::Null } else { Json::from(g.regions.clone()) };
    obj(
        &SCHEMA,
        vec![
            ("id", Json::from(g.arn.as_str())),
            ("linking_mode", Json::from(g.linking_mode.as_str())),
            ("specified_regions", regions),
        ],
    )
}

async fn read_arn(ctx: &Ctx<'_>, arn: &str) -> CloudResult<Option<Obj>> {
    Ok(unless_off(ctx.cloud.securityhub.get_aggregator(ctx.region, arn).await)?.as_ref().map(to_obj))
}

fn gone(arn: &str) -> CloudError {
    let msg = format!("finding aggregator {arn} could not be read back after it was written");
    CloudError::new("securityhub", "GetFindingAggregator", ErrorKind::NotFound, "ResourceNotFoundException", msg)
}

#[async_trait]
impl Resource for SecurityHubFindingAggregator {
    fn notes(&self, planned: &Obj) -> Vec<String> {
        let regions = || {
            planned
                .get("specified_regions")
                .and_then(Json::as_array)
                .map(|r| r.iter().filter_map(Json::as_str).collect::<Vec<_>>().join(", "))
                .unwrap_or_default()
        };
        let words = match planned.get("linking_mode").and_then(Json::as_str) {
            Some("ALL_REGIONS") => {
                "findings of every region, including regions enabled later, are gathered here".to_string()
            }
            Some("ALL_REGIONS_EXCEPT_SPECIFIED") => {
                format!("findings of every region except {} are gathered here", regions())
            }
            Some("SPECIFIED_REGIONS") => format!("findings of {} only are gathered here", regions()),
            Some("NO_REGIONS") => {
                "this is Security Hub's home region; no other region's findings are gathered here".to_string()
            }
            _ => return Vec::new(),
        };
        vec![words]
    }

    /// An interrupted create may have made the account's one aggregator: it is the one to keep.
    async fn find_made(&self, ctx: &Ctx<'_>, _planned: &Obj) -> CloudResult<Option<Obj>> {
        match unless_off(ctx.cloud.securityhub.list_aggregators(ctx.region).await)?.first() {
            Some(arn) => read_arn(ctx, arn).await,
            None => Ok(None),
        }
    }

    async fn read(&self, ctx: &Ctx<'_>, prior: &Obj) -> CloudResult<Option<Obj>> {
        read_arn(ctx, &Self::args(prior)?.id.unwrap_or_default()).await
    }

    async fn create(&self, ctx: &Ctx<'_>, planned: &Obj) -> CloudResult<Obj> {
        let a = Self::args(planned)?;
        let arn = ctx.cloud.securityhub.create_aggregator(ctx.region, &a.linking_mode, &regions(&a)).await?;
        (ctx.record)(&obj(&SCHEMA, vec![("id", Json::from(arn.as_str()))]));
        read_arn(ctx, &arn).await?.ok_or_else(|| gone(&arn))
    }

    async fn update(&self, ctx: &Ctx<'_>, prior: &Obj, planned: &Obj) -> CloudResult<Obj> {
        let (p, a) = (Self::args(prior)?, Self::args(planned)?);
        let arn = p.id.unwrap_or_default();
        ctx.cloud.securityhub.update_aggregator(ctx.region, &arn, &a.linking_mode, &regions(&a)).await?;
        read_arn(ctx, &arn).await?.ok_or_else(|| gone(&arn))
    }

    async fn delete(&self, ctx: &Ctx<'_>, prior: &Obj) -> CloudResult<()> {
        let arn = Self::args(prior)?.id.unwrap_or_default();
        match ctx.cloud.securityhub.delete_aggregator(ctx.region, &arn).await {
            Err(e) if e.kind == ErrorKind::NotFound => Ok(()),
            other => other,
        }
    }
}
