//! `aws_iam_service_linked_role`: a role that an AWS service defines and assumes.

use async_trait::async_trait;
use serde_json::Value as Json;

use serde::Deserialize;

use super::typed::{self};
use super::{arn_obj, obj, opt, tags_json, Ctx, Declared, Import, Obj, Resource, ARN, ID, TAGS, TAGS_ALL};
use crate::cloud::Absent;
use crate::cloud::{CloudResult, ErrorKind, Tags};
use crate::schema::{Attr, Invalid, Schema, Ty};
use crate::services::iam::{service_linked_role_name, service_linked_role_suffix, takes_custom_suffix, IamRole};

resource_type!(IamServiceLinkedRole = "aws_iam_service_linked_role", Import::Parse(import_prior));

fn service_name(v: &Json) -> Result<(), Invalid> {
    let Some(x) = v.as_str() else { return Ok(()) };
    if x.contains('.') && !x.contains(char::is_whitespace) {
        return Ok(());
    }
    Err(Invalid {
        message: format!("{x:?} is not a service principal"),
        help: Some("use the service's principal, e.g. `inspector.amazonaws.com`".into()),
        range: None,
    })
}

static SCHEMA: Schema = Schema {
    attrs: &[
        ID,
        ARN,
        Attr::required("aws_service_name", Ty::String).force_new().validate(service_name),
        // Recorded from the role's name, as the provider reads it back: the suffix AWS gives an
        // Application Auto Scaling role (`CustomResource`) is recorded though not configured.
        // The provider suppresses that difference for those services only; computed here, an
        // unset suffix keeps the recorded one whatever the service (a deliberate difference:
        // dropping a suffix from the configuration of an imported role does not replace it).
        Attr::optional_computed("custom_suffix", Ty::String).force_new(),
        Attr::optional("description", Ty::String),
        Attr::computed("name", Ty::String),
        Attr::computed("path", Ty::String),
        Attr::computed("unique_id", Ty::String),
        Attr::computed("create_date", Ty::String),
        TAGS,
        TAGS_ALL,
    ],
    ..Schema::NONE
};

/// What the verbs read.
#[derive(Deserialize)]
pub struct Args {
    #[serde(default, deserialize_with = "typed::required")]
    aws_service_name: String,
    #[serde(default, deserialize_with = "typed::text")]
    custom_suffix: Option<String>,
    #[serde(default, deserialize_with = "typed::text")]
    description: Option<String>,
    #[serde(default, deserialize_with = "typed::required")]
    name: String,
    #[serde(default, deserialize_with = "typed::tags")]
    tags: Tags,
}

fn to_obj(planned: &Obj, r: &IamRole) -> Obj {
    arn_obj(
        &SCHEMA,
        r.arn.as_str(),
        vec![
            ("aws_service_name", Json::from(service_of(planned, r))),
            ("custom_suffix", opt(service_linked_role_suffix(&r.name))),
            ("description", opt(r.description.as_deref())),
            ("name", Json::from(r.name.as_str())),
            ("path", Json::from(r.path.as_str())),
            ("unique_id", Json::from(r.role_id.as_str())),
            ("create_date", Json::from(r.create_date.as_str())),
            ("tags", tags_json(&r.tags)),
        ],
    )
}

/// The service a role is linked to: the configuration's, else (an import) the one its path
/// names (`/aws-service-role/SERVICE/`), as the provider reads it from the ARN.
fn service_of(known: &Obj, r: &IamRole) -> String {
    match known.get("aws_service_name").and_then(Json::as_str).filter(|s| !s.is_empty()) {
        Some(s) => s.to_string(),
        None => r.path.trim_matches('/').rsplit('/').next().unwrap_or_default().to_string(),
    }
}

/// The role name in an "already exists" message: IAM's "Service role name X has been taken
/// ..." or an emulator's "Role with name X already exists.".
fn taken_name(message: &str) -> Option<&str> {
    let rest = message.split("name ").nth(1)?;
    rest.split_whitespace().next().map(|w| w.trim_end_matches('.'))
}

#[async_trait]
impl Resource for IamServiceLinkedRole {
    /// The service's role, when it exists already (an account holds only one): looked up by
    /// the name AWS gives it.
    async fn adopt(&self, ctx: &Ctx<'_>, planned: &Obj) -> CloudResult<Option<Obj>> {
        let a = Self::args(planned)?;
        let Some(base) = service_linked_role_name(&a.aws_service_name) else { return Ok(None) };
        let name = match &a.custom_suffix {
            Some(sfx) if takes_custom_suffix(&a.aws_service_name) => format!("{base}_{sfx}"),
            Some(_) => return Ok(None),
            None => base,
        };
        Ok(ctx.cloud.iam.get_role(&name).await?.map(|r| to_obj(planned, &r)))
    }

    async fn read(&self, ctx: &Ctx<'_>, prior: &Obj) -> CloudResult<Option<Obj>> {
        let role = ctx.cloud.iam.get_role(&Self::args(prior)?.name).await?;
        Ok(role.map(|r| to_obj(prior, &r)))
    }

    /// Creates the role; when the service's role exists already ("has been taken"), adopts it
    /// instead, since an account can hold only one and other tools often create it.
    async fn create(&self, ctx: &Ctx<'_>, planned: &Obj) -> CloudResult<Obj> {
        let a = Self::args(planned)?;
        let created = ctx
            .cloud
            .iam
            .create_service_linked_role(&a.aws_service_name, a.description.as_deref(), a.custom_suffix.as_deref())
            .await;
        let role = match created {
            Ok(r) => r,
            Err(e) if e.kind == ErrorKind::AlreadyExists => {
                let Some(name) = taken_name(&e.message) else {
                    return Err(e);
                };
                let Some(r) = ctx.cloud.iam.get_role(name).await? else {
                    return Err(e);
                };
                (ctx.log)(&format!("service-linked role {name} exists already; adopting it"));
                r
            }
            Err(e) => Err(e)?,
        };
        let mut out = to_obj(planned, &role);
        if out.get("description") != planned.get("description") || !a.tags.is_empty() {
            out = self.update(ctx, &out, planned).await?;
        }
        Ok(out)
    }

    async fn update(&self, ctx: &Ctx<'_>, prior: &Obj, planned: &Obj) -> CloudResult<Obj> {
        let (p, a) = (Self::args(prior)?, Self::args(planned)?);
        let name = p.name.as_str();
        if p.description != a.description {
            ctx.cloud.iam.update_role(name, Some(a.description.as_deref().unwrap_or("")), None).await?;
        }
        super::iam_role::sync_tags(ctx, name, &p.tags, &a.tags).await?;
        match ctx.cloud.iam.get_role(name).await? {
            Some(r) => Ok(to_obj(planned, &r)),
            None => Ok(prior.clone()),
        }
    }

    async fn delete(&self, ctx: &Ctx<'_>, prior: &Obj) -> CloudResult<()> {
        ctx.cloud.iam.delete_service_linked_role(&Self::args(prior)?.name).await.gone()
    }
}

/// Import id: the role ARN.
fn import_prior(id: &str) -> Option<Obj> {
    let name = id.strip_prefix("arn:")?.rsplit('/').next()?;
    Some(obj(&SCHEMA, vec![("name", Json::from(name)), ("arn", Json::from(id))]))
}

#[cfg(test)]
mod tests {
    #[test]
    fn taken_name_reads_the_role_name_from_aws_message() {
        let m = "Service role name AWSServiceRoleForAmazonInspector has been taken in this account, please try a different suffix.";
        assert_eq!(super::taken_name(m), Some("AWSServiceRoleForAmazonInspector"));
        assert_eq!(super::taken_name("Role with name AWSServiceRoleForX already exists."), Some("AWSServiceRoleForX"));
        assert_eq!(super::taken_name("other"), None);
    }
}
