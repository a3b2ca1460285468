//! `aws_securityhub_configuration_policy_association`: the configuration policy that applies
//! to one target of the organization: its root (`r-…`), an organizational unit (`ou-…`) or an
//! account. Security Hub applies an association in the background: create and update wait for
//! it to succeed within `timeouts` (as the provider, a wait that runs out is not a failure).
//! Destroying it disassociates the policy. The id is the target id.

use async_trait::async_trait;
use serde::Deserialize;
use serde_json::Value as Json;

use super::securityhub_configuration_policy::not_central;
use super::typed;
use super::{obj, Ctx, Declared, Import, Obj, OrgRole, Resource, ID, REGION};
use crate::cloud::{CloudError, CloudResult, ErrorKind};
use crate::schema::{Attr, Invalid, Schema, Ty};
use crate::services::securityhub::PolicyAssociation;

resource_type!(
    SecurityHubConfigurationPolicyAssociation = "aws_securityhub_configuration_policy_association",
    Import::Parse(import_prior)
);

static SCHEMA: Schema = Schema {
    attrs: &[
        ID,
        Attr::required("policy_id", Ty::String).validate(valid_uuid),
        Attr::required("target_id", Ty::String).force_new().validate(valid_target),
        REGION,
    ],
    ..Schema::NONE
};

fn lower_alnum(s: &str, min: usize, max: usize) -> bool {
    (min..=max).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
}

/// The provider's pattern: `r-` and 4–32, `ou-` and 4–32 `-` 8–32 lowercase letters or
/// digits, or a 12-digit account id.
fn valid_target(v: &Json) -> Result<(), Invalid> {
    let Some(s) = v.as_str() else { return Ok(()) };
    let ok = if let Some(r) = s.strip_prefix("r-") {
        lower_alnum(r, 4, 32)
    } else if let Some(ou) = s.strip_prefix("ou-") {
        ou.split_once('-').is_some_and(|(a, b)| lower_alnum(a, 4, 32) && lower_alnum(b, 8, 32))
    } else {
        s.len() == 12 && s.bytes().all(|b| b.is_ascii_digit())
    };
    if ok {
        Ok(())
    } else {
        Err(Invalid::new("Target ID must be a valid root, organizational unit or account id."))
    }
}

fn valid_uuid(v: &Json) -> Result<(), Invalid> {
    let Some(s) = v.as_str() else { return Ok(()) };
    let groups: Vec<&str> = s.split('-').collect();
    let lens: Vec<usize> = groups.iter().map(|g| g.len()).collect();
    if lens == [8, 4, 4, 4, 12] && groups.iter().all(|g| g.bytes().all(|b| b.is_ascii_hexdigit())) {
        Ok(())
    } else {
        Err(Invalid::new(format!("expected \"policy_id\" to be a valid UUID, got {s}")))
    }
}

fn import_prior(id: &str) -> Option<Obj> {
    (!id.is_empty()).then(|| obj(&SCHEMA, vec![("id", Json::from(id)), ("target_id", Json::from(id))]))
}

/// What the verbs read.
#[derive(Deserialize)]
pub struct Args {
    #[serde(default, deserialize_with = "typed::required")]
    policy_id: String,
    #[serde(default, deserialize_with = "typed::required")]
    target_id: String,
}

fn to_obj(a: &PolicyAssociation) -> Obj {
    obj(
        &SCHEMA,
        vec![
            ("id", Json::from(a.target_id.as_str())),
            ("policy_id", Json::from(a.policy_id.as_str())),
            ("target_id", Json::from(a.target_id.as_str())),
        ],
    )
}

async fn find(ctx: &Ctx<'_>, target: &str) -> CloudResult<Option<PolicyAssociation>> {
    match ctx.cloud.securityhub.get_policy_association(ctx.region, target).await {
        Err(e) if not_central(&e) => Ok(None),
        other => other,
    }
}

/// Starts the association and waits for Security Hub to apply it: `SUCCESS` ends the wait,
/// `FAILED` fails it with Security Hub's reason; still `PENDING` when the time is up is not an
/// error (it may take up to a day), as the provider has it.
async fn put(ctx: &Ctx<'_>, planned: &Obj, block: &str) -> CloudResult<Obj> {
    let a = SecurityHubConfigurationPolicyAssociation::args(planned)?;
    ctx.cloud.securityhub.start_policy_association(ctx.region, &a.policy_id, &a.target_id).await?;
    let waited =
        super::waiting::until_service_done(ctx, ("securityhub", "Security Hub"), "associating", block, || async {
            match find(ctx, &a.target_id).await? {
                Some(s) if s.status == "FAILED" => {
                    let msg = format!("associating {} with {}: {}", a.policy_id, a.target_id, s.status_message);
                    Err(CloudError::new(
                        "securityhub",
                        "GetConfigurationPolicyAssociation",
                        ErrorKind::Other,
                        "FAILED",
                        msg,
                    ))
                }
                Some(s) if s.status == "PENDING" => Ok(Some(format!("policy {} with {}", a.policy_id, a.target_id))),
                _ => Ok(None),
            }
        })
        .await;
    match waited {
        Err(e) if e.code == "Timeout" => (ctx.log)(&format!("{}; it may take up to 24 hours", e.message)),
        other => other?,
    }
    find(ctx, &a.target_id).await?.map(|s| to_obj(&s)).ok_or_else(|| {
        let msg = format!("the association of {} with {} could not be read back", a.policy_id, a.target_id);
        CloudError::new("securityhub", "GetConfigurationPolicyAssociation", ErrorKind::NotFound, "NotFound", msg)
    })
}

#[async_trait]
impl Resource for SecurityHubConfigurationPolicyAssociation {
    fn org_role(&self) -> OrgRole {
        OrgRole::DelegatedAdmin("securityhub")
    }

    fn notes(&self, planned: &Obj) -> Vec<String> {
        match planned.get("target_id").and_then(Json::as_str) {
            Some(t) if t.starts_with("r-") => {
                vec!["the policy applies to every account of the organization that has no policy of its own".into()]
            }
            Some(t) if t.starts_with("ou-") => {
                vec![format!("the policy applies to the accounts of {t} that have no policy of their own")]
            }
            Some(t) => vec![format!("the policy applies to account {t}")],
            None => Vec::new(),
        }
    }

    async fn read(&self, ctx: &Ctx<'_>, prior: &Obj) -> CloudResult<Option<Obj>> {
        let target = prior.get("id").and_then(Json::as_str).unwrap_or_default().to_string();
        Ok(find(ctx, &target).await?.as_ref().map(to_obj))
    }

    async fn create(&self, ctx: &Ctx<'_>, planned: &Obj) -> CloudResult<Obj> {
        put(ctx, planned, "create").await
    }

    async fn update(&self, ctx: &Ctx<'_>, _prior: &Obj, planned: &Obj) -> CloudResult<Obj> {
        put(ctx, planned, "update").await
    }

    async fn delete(&self, ctx: &Ctx<'_>, prior: &Obj) -> CloudResult<()> {
        let a = Self::args(prior)?;
        match ctx.cloud.securityhub.start_policy_disassociation(ctx.region, &a.policy_id, &a.target_id).await {
            Err(e) if e.kind == ErrorKind::NotFound => Ok(()),
            other => other,
        }
    }
}
