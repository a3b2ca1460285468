//! `aws_securityhub_standards_control`: the status of one control of an enabled standard
//! (`ENABLED`, or `DISABLED` with a reason). The control exists as long as its standard is
//! enabled: creating this sets its status, destroying it only forgets it (as the provider
//! does). The id is the control's ARN; its title, severity and remediation are read back.

use async_trait::async_trait;
use serde::Deserialize;
use serde_json::Value as Json;

use super::typed;
use super::{obj, opt, Ctx, Declared, Import, Obj, Resource, ID, REGION};
use crate::cloud::{CloudError, CloudResult, ErrorKind};
use crate::schema::{self, Attr, Schema, Ty};
use crate::services::securityhub::StandardsControl;

resource_type!(SecurityHubStandardsControl = "aws_securityhub_standards_control", Import::Parse(import_prior));

static SCHEMA: Schema = Schema {
    attrs: &[
        ID,
        Attr::computed("control_id", Ty::String),
        Attr::required("control_status", Ty::String).validate(|v| schema::one_of(v, &["ENABLED", "DISABLED"])),
        Attr::computed("control_status_updated_at", Ty::String),
        Attr::computed("description", Ty::String),
        Attr::optional_computed("disabled_reason", Ty::String),
        Attr::computed("related_requirements", Ty::StringList),
        Attr::computed("remediation_url", Ty::String),
        Attr::computed("severity_rating", Ty::String),
        Attr::required("standards_control_arn", Ty::String).force_new(),
        Attr::computed("title", Ty::String),
        REGION,
    ],
    ..Schema::NONE
};

fn import_prior(id: &str) -> Option<Obj> {
    id.contains(":control/")
        .then(|| obj(&SCHEMA, vec![("id", Json::from(id)), ("standards_control_arn", Json::from(id))]))
}

/// What the verbs read.
#[derive(Deserialize)]
pub struct Args {
    #[serde(default, deserialize_with = "typed::required")]
    standards_control_arn: String,
    #[serde(default, deserialize_with = "typed::required")]
    control_status: String,
    #[serde(default, deserialize_with = "typed::text")]
    disabled_reason: Option<String>,
}

/// The subscription a control belongs to: `…:control/PATH/ID` → `…:subscription/PATH`.
fn subscription_of(control_arn: &str) -> Option<String> {
    let (path, _) = control_arn.rsplit_once('/')?;
    Some(path.replacen(":control/", ":subscription/", 1))
}

fn to_obj(c: &StandardsControl) -> Obj {
    obj(
        &SCHEMA,
        vec![
            ("id", Json::from(c.arn.as_str())),
            ("control_id", Json::from(c.control_id.as_str())),
            ("control_status", Json::from(c.status.as_str())),
            ("control_status_updated_at", Json::from(c.status_updated_at.as_str())),
            ("description", Json::from(c.description.as_str())),
            ("disabled_reason", opt(Some(c.disabled_reason.as_str()).filter(|r| !r.is_empty()))),
            ("related_requirements", Json::from(c.related_requirements.clone())),
            ("remediation_url", Json::from(c.remediation_url.as_str())),
            ("severity_rating", Json::from(c.severity.as_str())),
            ("standards_control_arn", Json::from(c.arn.as_str())),
            ("title", Json::from(c.title.as_str())),
        ],
    )
}

async fn read_arn(ctx: &Ctx<'_>, arn: &str) -> CloudResult<Option<Obj>> {
    let Some(subscription) = subscription_of(arn) else { return Ok(None) };
    let controls = match ctx.cloud.securityhub.standards_controls(ctx.region, &subscription).await {
        Ok(c) => c,
        Err(e) => return e.absent(),
    };
    Ok(controls.iter().find(|c| c.arn == arn).map(to_obj))
}

/// Sets the control's status. A reason goes with a disabled status; on create it goes whenever
/// configured, so Security Hub refuses one given with an enabled status (as the provider shows
/// it), while an update that enables a control drops the reason it kept from before.
async fn put(ctx: &Ctx<'_>, planned: &Obj, creating: bool) -> CloudResult<Obj> {
    let a = SecurityHubStandardsControl::args(planned)?;
    let reason = a.disabled_reason.as_deref().filter(|r| !r.is_empty() && (creating || a.control_status == "DISABLED"));
    ctx.cloud
        .securityhub
        .update_standards_control(ctx.region, &a.standards_control_arn, &a.control_status, reason)
        .await?;
    read_arn(ctx, &a.standards_control_arn).await?.ok_or_else(|| {
        let msg = format!("control {} is not among its standard's controls", a.standards_control_arn);
        CloudError::new("securityhub", "DescribeStandardsControls", ErrorKind::NotFound, "NotFound", msg)
    })
}

#[async_trait]
impl Resource for SecurityHubStandardsControl {
    fn notes(&self, planned: &Obj) -> Vec<String> {
        let arn = planned.get("standards_control_arn").and_then(Json::as_str).unwrap_or_default();
        let control = arn.rsplit('/').next().unwrap_or_default();
        match planned.get("control_status").and_then(Json::as_str) {
            Some("DISABLED") => vec![format!("control {control} stops producing findings in this account and region")],
            _ => Vec::new(),
        }
    }

    async fn read(&self, ctx: &Ctx<'_>, prior: &Obj) -> CloudResult<Option<Obj>> {
        read_arn(ctx, &Self::args(prior)?.standards_control_arn).await
    }

    async fn create(&self, ctx: &Ctx<'_>, planned: &Obj) -> CloudResult<Obj> {
        put(ctx, planned, true).await
    }

    async fn update(&self, ctx: &Ctx<'_>, _prior: &Obj, planned: &Obj) -> CloudResult<Obj> {
        put(ctx, planned, false).await
    }

    /// A control cannot be removed: destroying only forgets it, as the provider does.
    async fn delete(&self, _ctx: &Ctx<'_>, _prior: &Obj) -> CloudResult<()> {
        Ok(())
    }
}
