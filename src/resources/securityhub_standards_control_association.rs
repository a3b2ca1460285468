//! `aws_securityhub_standards_control_association`: whether one security control (`IAM.1`) is
//! enabled in one enabled standard, with the reason for the last change (required when
//! disabling). The association exists as long as the standard is enabled: creating this sets
//! its status, destroying it only forgets it (as the provider does). The id is
//! `SECURITY_CONTROL_ID,STANDARDS_ARN`.

use async_trait::async_trait;
use serde::Deserialize;
use serde_json::Value as Json;

use super::typed;
use super::{obj, opt, Ctx, Declared, Import, Obj, Resource, ID, REGION};
use crate::cloud::{CloudError, CloudResult, ErrorKind};
use crate::schema::{self, Attr, Invalid, Schema, Ty};
use crate::services::securityhub::ControlAssociation;

resource_type!(
    SecurityHubStandardsControlAssociation = "aws_securityhub_standards_control_association",
    Import::Parse(import_prior)
);

static SCHEMA: Schema = Schema {
    attrs: &[
        ID,
        Attr::required("association_status", Ty::String).validate(|v| schema::one_of(v, &["ENABLED", "DISABLED"])),
        Attr::required("security_control_id", Ty::String).force_new(),
        Attr::required("standards_arn", Ty::String).force_new().validate(schema::arn),
        Attr::optional("updated_reason", Ty::String).validate(not_empty),
        REGION,
    ],
    ..Schema::NONE
};

fn not_empty(v: &Json) -> Result<(), Invalid> {
    match v.as_str() {
        Some("") => Err(Invalid::new("must be at least 1 character long")),
        _ => Ok(()),
    }
}

/// The provider's two-part id, joined by a comma.
fn id_of(control: &str, standards_arn: &str) -> String {
    format!("{control},{standards_arn}")
}

fn import_prior(id: &str) -> Option<Obj> {
    let (control, standards_arn) = id.split_once(',').filter(|(c, s)| !c.is_empty() && s.starts_with("arn:"))?;
    Some(obj(
        &SCHEMA,
        vec![
            ("id", Json::from(id)),
            ("security_control_id", Json::from(control)),
            ("standards_arn", Json::from(standards_arn)),
        ],
    ))
}

/// What the verbs read.
#[derive(Deserialize)]
pub struct Args {
    #[serde(default, deserialize_with = "typed::required")]
    security_control_id: String,
    #[serde(default, deserialize_with = "typed::required")]
    standards_arn: String,
    #[serde(default, deserialize_with = "typed::required")]
    association_status: String,
    #[serde(default, deserialize_with = "typed::text")]
    updated_reason: Option<String>,
}

fn to_obj(a: &ControlAssociation) -> Obj {
    obj(
        &SCHEMA,
        vec![
            ("id", Json::from(id_of(&a.security_control_id, &a.standards_arn))),
            ("association_status", Json::from(a.association_status.as_str())),
            ("security_control_id", Json::from(a.security_control_id.as_str())),
            ("standards_arn", Json::from(a.standards_arn.as_str())),
            ("updated_reason", opt(Some(a.updated_reason.as_str()))),
        ],
    )
}

async fn read_pair(ctx: &Ctx<'_>, control: &str, standards_arn: &str) -> CloudResult<Option<Obj>> {
    let all = match ctx.cloud.securityhub.control_associations(ctx.region, control).await {
        Ok(all) => all,
        Err(e) => return e.absent(),
    };
    Ok(all.iter().find(|a| a.standards_arn == standards_arn).map(to_obj))
}

async fn put(ctx: &Ctx<'_>, planned: &Obj) -> CloudResult<Obj> {
    let a = SecurityHubStandardsControlAssociation::args(planned)?;
    ctx.cloud
        .securityhub
        .update_control_association(
            ctx.region,
            &a.security_control_id,
            &a.standards_arn,
            &a.association_status,
            a.updated_reason.as_deref(),
        )
        .await?;
    read_pair(ctx, &a.security_control_id, &a.standards_arn).await?.ok_or_else(|| {
        let msg = format!("security control {} is not associated with {}", a.security_control_id, a.standards_arn);
        CloudError::new("securityhub", "ListStandardsControlAssociations", ErrorKind::NotFound, "NotFound", msg)
    })
}

#[async_trait]
impl Resource for SecurityHubStandardsControlAssociation {
    /// Disabling needs a reason, as the provider's configuration check requires.
    fn check(&self, planned: &Obj) -> Vec<(&'static str, Invalid)> {
        let status = planned.get("association_status").and_then(Json::as_str);
        let reason = planned.get("updated_reason").is_some_and(|r| !r.is_null());
        match status {
            Some(s) if s != "ENABLED" && !reason => vec![(
                "updated_reason",
                Invalid::new(format!(
                    "Attribute \"updated_reason\" must be specified when \"association_status\" is \"{s}\""
                )),
            )],
            _ => Vec::new(),
        }
    }

    fn notes(&self, planned: &Obj) -> Vec<String> {
        let control = planned.get("security_control_id").and_then(Json::as_str).unwrap_or_default();
        match planned.get("association_status").and_then(Json::as_str) {
            Some("DISABLED") => {
                vec![format!("control {control} stops producing findings for this standard in this account and region")]
            }
            _ => Vec::new(),
        }
    }

    async fn read(&self, ctx: &Ctx<'_>, prior: &Obj) -> CloudResult<Option<Obj>> {
        let a = Self::args(prior)?;
        read_pair(ctx, &a.security_control_id, &a.standards_arn).await
    }

    async fn create(&self, ctx: &Ctx<'_>, planned: &Obj) -> CloudResult<Obj> {
        put(ctx, planned).await
    }

    async fn update(&self, ctx: &Ctx<'_>, _prior: &Obj, planned: &Obj) -> CloudResult<Obj> {
        put(ctx, planned).await
    }

    /// An association cannot be removed: destroying only forgets it, as the provider does.
    async fn delete(&self, _ctx: &Ctx<'_>, _prior: &Obj) -> CloudResult<()> {
        Ok(())
    }
}
