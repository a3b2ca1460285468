//! `aws_guardduty_organization_configuration`: what GuardDuty's delegated administrator turns
//! on for the organization's members (`auto_enable_organization_members`: `NEW` accounts,
//! `ALL` accounts or `NONE`) and, through the deprecated `datasources`, for which protection
//! plans. GuardDuty has no call that removes the configuration: destroying it only forgets it,
//! as the provider does. The id is the administrator's detector id.

use async_trait::async_trait;
use serde::Deserialize;
use serde_json::{json, Value as Json};

use super::guardduty_detector::flag_at;
use super::typed;
use super::{obj, Ctx, Declared, Import, Obj, OrgRole, Resource, ID, REGION};
use crate::cloud::CloudResult;
use crate::schema::{self, Attr, BlockType, Schema, Ty};
use crate::services::guardduty::{OrgConfig, OrgFeature};

resource_type!(
    GuardDutyOrganizationConfiguration = "aws_guardduty_organization_configuration",
    Import::Parse(import_prior)
);

static AUTO_ENABLE: &[Attr] = &[Attr::required("auto_enable", Ty::Bool)];
static ENABLE: &[Attr] = &[Attr::required("enable", Ty::Bool)];
static AUDIT_LOGS: &[BlockType] = &[BlockType::new("audit_logs", ENABLE).single().required()];
static EBS_VOLUMES: &[BlockType] = &[BlockType::new("ebs_volumes", AUTO_ENABLE).single().required()];
static SCAN_EC2: &[BlockType] =
    &[BlockType::new("scan_ec2_instance_with_findings", &[]).single().required().blocks(EBS_VOLUMES)];
static DATASOURCES: &[BlockType] = &[
    BlockType::new("kubernetes", &[]).single().keep_live_when_unset().blocks(AUDIT_LOGS),
    BlockType::new("malware_protection", &[]).single().keep_live_when_unset().blocks(SCAN_EC2),
    BlockType::new("s3_logs", AUTO_ENABLE).single().keep_live_when_unset(),
];

static SCHEMA: Schema = Schema {
    attrs: &[
        ID,
        Attr::required("auto_enable_organization_members", Ty::String)
            .validate(|v| schema::one_of(v, &["NEW", "ALL", "NONE"])),
        Attr::required("detector_id", Ty::String).force_new(),
        REGION,
    ],
    blocks: &[BlockType::new("datasources", &[]).single().keep_live_when_unset().blocks(DATASOURCES)],
    ..Schema::NONE
};

fn import_prior(id: &str) -> Option<Obj> {
    (!id.is_empty()).then(|| obj(&SCHEMA, vec![("id", Json::from(id)), ("detector_id", Json::from(id))]))
}

/// The features the `datasources` sub-blocks stand for: (path of the flag, flag, feature).
const DATASOURCE_FEATURES: [(&[&str], &str, &str); 3] = [
    (&["s3_logs"], "auto_enable", "S3_DATA_EVENTS"),
    (&["kubernetes", "audit_logs"], "enable", "EKS_AUDIT_LOGS"),
    (
        &["malware_protection", "scan_ec2_instance_with_findings", "ebs_volumes"],
        "auto_enable",
        "EBS_MALWARE_PROTECTION",
    ),
];

/// What the verbs read.
#[derive(Deserialize)]
pub struct Args {
    #[serde(default, deserialize_with = "typed::required")]
    detector_id: String,
    #[serde(default, deserialize_with = "typed::text")]
    auto_enable_organization_members: Option<String>,
    #[serde(default, deserialize_with = "typed::raw")]
    datasources: Json,
}

fn to_obj(detector: &str, c: &OrgConfig) -> Obj {
    let on = |f: &str| c.features.get(f).is_some_and(|x| x.auto_enable != "NONE");
    let datasources = json!([{
        "s3_logs": [{ "auto_enable": on("S3_DATA_EVENTS") }],
        "kubernetes": [{ "audit_logs": [{ "enable": on("EKS_AUDIT_LOGS") }] }],
        "malware_protection": [{
            "scan_ec2_instance_with_findings": [{ "ebs_volumes": [{ "auto_enable": on("EBS_MALWARE_PROTECTION") }] }]
        }],
    }]);
    obj(
        &SCHEMA,
        vec![
            ("id", Json::from(detector)),
            ("detector_id", Json::from(detector)),
            ("auto_enable_organization_members", Json::from(c.auto_enable_organization_members.as_str())),
            ("datasources", datasources),
        ],
    )
}

async fn read_detector(ctx: &Ctx<'_>, detector: &str) -> CloudResult<Option<Obj>> {
    match ctx.cloud.guardduty.describe_organization_configuration(ctx.region, detector).await {
        Ok(c) => Ok(Some(to_obj(detector, &c))),
        Err(e) => e.absent(),
    }
}

/// `UpdateOrganizationConfiguration`: the members setting, and the protection plans that
/// `datasources` configures (a flag on is `NEW` accounts, off is `NONE`).
async fn put(ctx: &Ctx<'_>, a: &Args) -> CloudResult<Obj> {
    let features = DATASOURCE_FEATURES
        .iter()
        .filter_map(|(path, flag, feature)| {
            let on = flag_at(&a.datasources, path, flag)?;
            let auto = if on { "NEW" } else { "NONE" };
            Some((feature.to_string(), OrgFeature { auto_enable: auto.into(), ..Default::default() }))
        })
        .collect();
    let config = OrgConfig {
        auto_enable_organization_members: a.auto_enable_organization_members.clone().unwrap_or_default(),
        member_account_limit_reached: false,
        features,
    };
    ctx.cloud.guardduty.update_organization_configuration(ctx.region, &a.detector_id, &config).await?;
    let c = ctx.cloud.guardduty.describe_organization_configuration(ctx.region, &a.detector_id).await?;
    Ok(to_obj(&a.detector_id, &c))
}

#[async_trait]
impl Resource for GuardDutyOrganizationConfiguration {
    fn notes(&self, planned: &Obj) -> Vec<String> {
        let words = match planned.get("auto_enable_organization_members").and_then(Json::as_str) {
            Some("ALL") => "every member account, existing and new, gets GuardDuty in this region",
            Some("NEW") => {
                "accounts that join the organization get GuardDuty in this region; existing members are not changed"
            }
            Some("NONE") => "no member account gets GuardDuty automatically; each is enabled on its own",
            _ => return Vec::new(),
        };
        vec![words.to_string()]
    }

    /// Only GuardDuty's delegated administrator configures the organization.
    fn org_role(&self) -> OrgRole {
        OrgRole::DelegatedAdmin("guardduty")
    }

    async fn read(&self, ctx: &Ctx<'_>, prior: &Obj) -> CloudResult<Option<Obj>> {
        read_detector(ctx, &Self::args(prior)?.detector_id).await
    }

    async fn create(&self, ctx: &Ctx<'_>, planned: &Obj) -> CloudResult<Obj> {
        put(ctx, &Self::args(planned)?).await
    }

    async fn update(&self, ctx: &Ctx<'_>, _prior: &Obj, planned: &Obj) -> CloudResult<Obj> {
        put(ctx, &Self::args(planned)?).await
    }

    /// GuardDuty has no call that removes the configuration: the object is only forgotten.
    async fn delete(&self, _ctx: &Ctx<'_>, _prior: &Obj) -> CloudResult<()> {
        Ok(())
    }
}
