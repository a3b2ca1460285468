//! `data "aws_inspector_rules_packages"`: the ARNs of the region's Inspector Classic rules
//! packages (they differ per region, which is why the article's template is regional).

use async_trait::async_trait;
use serde_json::Value as Json;

use super::{obj, Ctx, DataSource, Obj, ID};
use crate::cloud::CloudResult;
use crate::schema::{Attr, Schema, Ty};

data_source!(InspectorRulesPackages = "aws_inspector_rules_packages");

static SCHEMA: Schema = Schema {
    attrs: &[ID, Attr::computed("arns", Ty::StringList), Attr::optional_computed("region", Ty::String)],
    ..Schema::NONE
};

#[async_trait]
impl DataSource for InspectorRulesPackages {
    /// No arguments: the region is the provider's (or the `region` argument's, applied by the
    /// planner).
    async fn read(&self, ctx: &Ctx<'_>, _args: &Obj) -> CloudResult<Obj> {
        // Sorted (as the Terraform provider returns them), so plans are stable.
        let arns = ctx.cloud.inspector.rules_package_arns(ctx.region).await?;
        Ok(obj(
            &SCHEMA,
            vec![("id", Json::from(ctx.region)), ("arns", Json::from(arns)), ("region", Json::from(ctx.region))],
        ))
    }
}
