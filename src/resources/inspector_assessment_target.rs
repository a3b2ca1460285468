//! `aws_inspector_assessment_target`: which instances an Inspector Classic assessment runs on
//! (all instances when `resource_group_arn` is unset).

use async_trait::async_trait;
use serde_json::Value as Json;

use serde::Deserialize;

use super::typed::{self};
use super::{arn_obj, opt, Ctx, Declared, Import, Obj, Resource, ARN, ID, REGION};
use crate::cloud::Absent;
use crate::cloud::CloudResult;
use crate::schema::{self, Attr, Invalid, Schema, Ty};
use crate::services::inspector::AssessmentTarget;

// Import id: the ARN.
resource_type!(InspectorAssessmentTarget = "aws_inspector_assessment_target", Import::Arn);

fn target_name(v: &Json) -> Result<(), Invalid> {
    match v.as_str() {
        Some(x) if x.is_empty() || x.chars().count() > 140 => {
            Err(Invalid::new(format!("must be 1 to 140 characters long, this is {}", x.chars().count())))
        }
        _ => Ok(()),
    }
}

static SCHEMA: Schema = Schema {
    attrs: &[
        ID,
        ARN,
        Attr::required("name", Ty::String).force_new().validate(target_name),
        Attr::optional("resource_group_arn", Ty::String).validate(schema::arn).empty_is_unset(),
        REGION,
    ],
    ..Schema::NONE
};

fn to_obj(t: &AssessmentTarget) -> Obj {
    arn_obj(
        &SCHEMA,
        t.arn.as_str(),
        vec![("name", Json::from(t.name.as_str())), ("resource_group_arn", opt(t.resource_group_arn.as_deref()))],
    )
}

/// What the verbs read.
#[derive(Deserialize)]
pub struct Args {
    #[serde(default, deserialize_with = "typed::required")]
    arn: String,
    #[serde(default, deserialize_with = "typed::required")]
    name: String,
    #[serde(default, deserialize_with = "typed::text")]
    resource_group_arn: Option<String>,
}

#[async_trait]
impl Resource for InspectorAssessmentTarget {
    async fn read(&self, ctx: &Ctx<'_>, prior: &Obj) -> CloudResult<Option<Obj>> {
        let arn = Self::args(prior)?.arn;
        let found = ctx.cloud.inspector.describe_assessment_targets(ctx.region, std::slice::from_ref(&arn)).await?;
        Ok(found.first().map(to_obj))
    }

    fn batch_read(&self) -> bool {
        true
    }

    /// One DescribeAssessmentTargets call (per 10 ARNs) for all targets of a region.
    async fn read_many(&self, ctx: &Ctx<'_>, priors: &[&Obj]) -> CloudResult<Vec<Option<Obj>>> {
        let arns: Vec<String> = priors.iter().map(|p| Ok(Self::args(p)?.arn)).collect::<CloudResult<_>>()?;
        let found = ctx.cloud.inspector.describe_assessment_targets(ctx.region, &arns).await?;
        Ok(arns.iter().map(|a| found.iter().find(|t| &t.arn == a).map(to_obj)).collect())
    }

    async fn create(&self, ctx: &Ctx<'_>, planned: &Obj) -> CloudResult<Obj> {
        let a = Self::args(planned)?;
        let arn =
            ctx.cloud.inspector.create_assessment_target(ctx.region, &a.name, a.resource_group_arn.as_deref()).await?;
        Ok(to_obj(&AssessmentTarget { arn, name: a.name, resource_group_arn: a.resource_group_arn }))
    }

    async fn update(&self, ctx: &Ctx<'_>, prior: &Obj, planned: &Obj) -> CloudResult<Obj> {
        let (arn, a) = (Self::args(prior)?.arn, Self::args(planned)?);
        ctx.cloud
            .inspector
            .update_assessment_target(ctx.region, &arn, &a.name, a.resource_group_arn.as_deref())
            .await?;
        Ok(to_obj(&AssessmentTarget { arn, name: a.name, resource_group_arn: a.resource_group_arn }))
    }

    async fn delete(&self, ctx: &Ctx<'_>, prior: &Obj) -> CloudResult<()> {
        ctx.cloud.inspector.delete_assessment_target(ctx.region, &Self::args(prior)?.arn).await.gone()
    }
}
