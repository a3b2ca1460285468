//! `aws_inspector_resource_group`: tag filters selecting the EC2 instances of an Inspector
//! Classic assessment target.

use async_trait::async_trait;

use serde::Deserialize;

use super::typed::{self};
use super::{arn_obj, tags_json, Ctx, Declared, Import, Obj, Resource, ARN, ID, REGION};
use crate::cloud::{CloudResult, Tags};
use crate::schema::{Attr, Schema, Ty};

// Import id: the ARN.
resource_type!(InspectorResourceGroup = "aws_inspector_resource_group", Import::Arn);

static SCHEMA: Schema =
    Schema { attrs: &[ID, ARN, Attr::required("tags", Ty::StringMap).force_new(), REGION], ..Schema::NONE };

fn group_obj(arn: &str, t: &Tags) -> Obj {
    arn_obj(&SCHEMA, arn, vec![("tags", tags_json(t))])
}

/// What the verbs read.
#[derive(Deserialize)]
pub struct Args {
    #[serde(default, deserialize_with = "typed::required")]
    arn: String,
    #[serde(default, deserialize_with = "typed::tags")]
    tags: Tags,
}

#[async_trait]
impl Resource for InspectorResourceGroup {
    async fn read(&self, ctx: &Ctx<'_>, prior: &Obj) -> CloudResult<Option<Obj>> {
        let arn = Self::args(prior)?.arn;
        let found = ctx.cloud.inspector.describe_resource_groups(ctx.region, std::slice::from_ref(&arn)).await?;
        Ok(found.first().map(|g| group_obj(&g.arn, &g.tags)))
    }

    fn batch_read(&self) -> bool {
        true
    }

    /// One DescribeResourceGroups call (per 10 ARNs) for all groups of a region.
    async fn read_many(&self, ctx: &Ctx<'_>, priors: &[&Obj]) -> CloudResult<Vec<Option<Obj>>> {
        let arns: Vec<String> = priors.iter().map(|p| Ok(Self::args(p)?.arn)).collect::<CloudResult<_>>()?;
        let found = ctx.cloud.inspector.describe_resource_groups(ctx.region, &arns).await?;
        Ok(arns.iter().map(|a| found.iter().find(|g| &g.arn == a).map(|g| group_obj(&g.arn, &g.tags))).collect())
    }

    async fn create(&self, ctx: &Ctx<'_>, planned: &Obj) -> CloudResult<Obj> {
        let t = Self::args(planned)?.tags;
        let arn = ctx.cloud.inspector.create_resource_group(ctx.region, &t).await?;
        Ok(group_obj(&arn, &t))
    }

    async fn update(&self, _ctx: &Ctx<'_>, prior: &Obj, _planned: &Obj) -> CloudResult<Obj> {
        // Every argument forces replacement, so an in-place update has nothing to do.
        Ok(prior.clone())
    }

    /// Inspector Classic has no API to delete a resource group: it is only forgotten, as the
    /// Terraform provider does. The group costs nothing and selects nothing on its own.
    async fn delete(&self, ctx: &Ctx<'_>, prior: &Obj) -> CloudResult<()> {
        (ctx.log)(&format!(
            "Inspector has no API to delete resource groups; {} stays in the account, unused",
            Self::args(prior)?.arn
        ));
        Ok(())
    }
}
