//! `aws_guardduty_detector`: Amazon GuardDuty in one region of the account (one detector per
//! account and region). `enable` turns findings on and off without deleting the detector;
//! `datasources` (deprecated by the provider in favour of `aws_guardduty_detector_feature`) is
//! read back from the detector's features whether or not it is configured, and what is
//! configured of it is sent as those features. The id is the detector id.

use async_trait::async_trait;
use serde::Deserialize;
use serde_json::{json, Value as Json};

use super::typed;
use super::{obj, tags_json, Ctx, Declared, Import, Obj, Resource, ID, REGION, TAGS, TAGS_ALL};
use crate::cloud::{tag_delta, CloudError, CloudResult, ErrorKind};
use crate::schema::{self, Attr, BlockType, Default, Schema, Ty};
use crate::services::guardduty::{Detector, DetectorSettings, FREQUENCIES};

resource_type!(GuardDutyDetector = "aws_guardduty_detector", Import::Parse(import_prior));

static ENABLE: &[Attr] = &[Attr::required("enable", Ty::Bool)];
static AUDIT_LOGS: &[BlockType] = &[BlockType::new("audit_logs", ENABLE).single().required()];
static EBS_VOLUMES: &[BlockType] = &[BlockType::new("ebs_volumes", ENABLE).single().required()];
static SCAN_EC2: &[BlockType] =
    &[BlockType::new("scan_ec2_instance_with_findings", &[]).single().required().blocks(EBS_VOLUMES)];
static DATASOURCES: &[BlockType] = &[
    BlockType::new("kubernetes", &[]).single().keep_live_when_unset().blocks(AUDIT_LOGS),
    BlockType::new("malware_protection", &[]).single().keep_live_when_unset().blocks(SCAN_EC2),
    BlockType::new("s3_logs", ENABLE).single().keep_live_when_unset(),
];

static SCHEMA: Schema = Schema {
    attrs: &[
        ID,
        Attr::computed("account_id", Ty::String),
        Attr::computed("arn", Ty::String),
        Attr::optional("enable", Ty::Bool).default(Default::Bool(true)),
        Attr::optional_computed("finding_publishing_frequency", Ty::String)
            .validate(|v| schema::one_of(v, &FREQUENCIES)),
        TAGS,
        TAGS_ALL,
        REGION,
    ],
    blocks: &[BlockType::new("datasources", &[]).single().keep_live_when_unset().blocks(DATASOURCES)],
    ..Schema::NONE
};

/// The import id is the detector id.
fn import_prior(id: &str) -> Option<Obj> {
    (!id.is_empty()).then(|| obj(&SCHEMA, vec![("id", Json::from(id))]))
}

/// The features the `datasources` sub-blocks stand for: (path of `enable`, feature).
const DATASOURCE_FEATURES: [(&[&str], &str); 3] = [
    (&["s3_logs"], "S3_DATA_EVENTS"),
    (&["kubernetes", "audit_logs"], "EKS_AUDIT_LOGS"),
    (&["malware_protection", "scan_ec2_instance_with_findings", "ebs_volumes"], "EBS_MALWARE_PROTECTION"),
];

/// What the verbs read.
#[derive(Deserialize)]
pub struct Args {
    #[serde(default, deserialize_with = "typed::text")]
    id: Option<String>,
    #[serde(default, deserialize_with = "typed::text")]
    arn: Option<String>,
    #[serde(default, deserialize_with = "typed::flag")]
    enable: Option<bool>,
    #[serde(default, deserialize_with = "typed::text")]
    finding_publishing_frequency: Option<String>,
    #[serde(default, deserialize_with = "typed::raw")]
    datasources: Json,
    #[serde(default, deserialize_with = "typed::tags")]
    tags: crate::cloud::Tags,
}

/// The boolean `flag` at `path` inside a single nested block (`datasources`), when configured.
pub(super) fn flag_at(block: &Json, path: &[&str], flag: &str) -> Option<bool> {
    let mut at = block.as_array()?.first()?;
    for step in path {
        at = at.get(*step)?.as_array()?.first()?;
    }
    at.get(flag)?.as_bool()
}

fn settings(a: &Args) -> DetectorSettings {
    let features = DATASOURCE_FEATURES
        .iter()
        .filter_map(|(path, feature)| {
            let on = flag_at(&a.datasources, path, "enable")?;
            Some((feature.to_string(), if on { "ENABLED" } else { "DISABLED" }.to_string()))
        })
        .collect();
    DetectorSettings {
        enable: a.enable.unwrap_or(true),
        finding_publishing_frequency: a.finding_publishing_frequency.clone().filter(|f| !f.is_empty()),
        features,
    }
}

/// The detector's ARN (GetDetector does not answer it).
pub(super) fn arn(id: &str, region: &str, account: &str) -> String {
    format!("arn:{}:guardduty:{region}:{account}:detector/{id}", super::region::partition(region).0)
}

fn to_obj(d: &Detector, region: &str, account: &str) -> Obj {
    let enable = |f: &str| json!([{ "enable": d.enabled(f) }]);
    let datasources = json!([{
        "s3_logs": enable("S3_DATA_EVENTS"),
        "kubernetes": [{ "audit_logs": enable("EKS_AUDIT_LOGS") }],
        "malware_protection": [{
            "scan_ec2_instance_with_findings": [{ "ebs_volumes": enable("EBS_MALWARE_PROTECTION") }]
        }],
    }]);
    obj(
        &SCHEMA,
        vec![
            ("id", Json::from(d.id.as_str())),
            ("account_id", Json::from(account)),
            ("arn", Json::from(arn(&d.id, region, account))),
            ("enable", Json::Bool(d.status == "ENABLED")),
            ("finding_publishing_frequency", Json::from(d.finding_publishing_frequency.as_str())),
            ("datasources", datasources),
            ("tags", tags_json(&d.tags)),
        ],
    )
}

async fn read_id(ctx: &Ctx<'_>, id: &str) -> CloudResult<Option<Obj>> {
    let Some(d) = ctx.cloud.guardduty.get_detector(ctx.region, id).await? else { return Ok(None) };
    let account = ctx.cloud.account_id().await?;
    Ok(Some(to_obj(&d, ctx.region, &account)))
}

fn gone(id: &str) -> CloudError {
    let msg = format!("detector {id} could not be read back after it was written");
    CloudError::new("guardduty", "GetDetector", ErrorKind::NotFound, "BadRequestException", msg)
}

#[async_trait]
impl Resource for GuardDutyDetector {
    fn notes(&self, planned: &Obj) -> Vec<String> {
        let mut notes = Vec::new();
        if planned.get("enable").and_then(Json::as_bool) == Some(false) {
            notes.push("GuardDuty is suspended in this region: it produces no findings until enabled again".into());
        }
        let every = match planned.get("finding_publishing_frequency").and_then(Json::as_str) {
            Some("FIFTEEN_MINUTES") => "every 15 minutes",
            Some("ONE_HOUR") => "every hour",
            Some("SIX_HOURS") => "every 6 hours",
            _ => return notes,
        };
        notes.push(format!("updates to existing findings are published {every}; new findings at once"));
        notes
    }

    /// An interrupted create may have made the region's one detector: it is the one to keep.
    async fn find_made(&self, ctx: &Ctx<'_>, _planned: &Obj) -> CloudResult<Option<Obj>> {
        match ctx.cloud.guardduty.list_detectors(ctx.region).await?.first() {
            Some(id) => read_id(ctx, id).await,
            None => Ok(None),
        }
    }

    /// The region's one detector, when one exists already (made by an organization's
    /// auto-enable, or by hand): it is adopted, where the provider fails with "a detector
    /// already exists for the current account".
    async fn adopt(&self, ctx: &Ctx<'_>, planned: &Obj) -> CloudResult<Option<Obj>> {
        self.find_made(ctx, planned).await
    }

    async fn read(&self, ctx: &Ctx<'_>, prior: &Obj) -> CloudResult<Option<Obj>> {
        let id = Self::args(prior)?.id.unwrap_or_default();
        read_id(ctx, &id).await
    }

    async fn create(&self, ctx: &Ctx<'_>, planned: &Obj) -> CloudResult<Obj> {
        let a = Self::args(planned)?;
        let id = ctx.cloud.guardduty.create_detector(ctx.region, &settings(&a), &a.tags).await?;
        (ctx.record)(&obj(&SCHEMA, vec![("id", Json::from(id.as_str()))]));
        read_id(ctx, &id).await?.ok_or_else(|| gone(&id))
    }

    async fn update(&self, ctx: &Ctx<'_>, prior: &Obj, planned: &Obj) -> CloudResult<Obj> {
        let (p, a) = (Self::args(prior)?, Self::args(planned)?);
        let id = p.id.clone().unwrap_or_default();
        ctx.cloud.guardduty.update_detector(ctx.region, &id, &settings(&a)).await?;
        let (remove, add) = tag_delta(&p.tags, &a.tags);
        // The stored ARN names the detector for the tagging API.
        let arn = p.arn.clone().unwrap_or_default();
        if !remove.is_empty() {
            ctx.cloud.guardduty.untag_resource(ctx.region, &arn, &remove).await?;
        }
        if !add.is_empty() {
            ctx.cloud.guardduty.tag_resource(ctx.region, &arn, &add).await?;
        }
        read_id(ctx, &id).await?.ok_or_else(|| gone(&id))
    }

    async fn delete(&self, ctx: &Ctx<'_>, prior: &Obj) -> CloudResult<()> {
        let id = Self::args(prior)?.id.unwrap_or_default();
        ctx.cloud.guardduty.delete_detector(ctx.region, &id).await
    }
}
