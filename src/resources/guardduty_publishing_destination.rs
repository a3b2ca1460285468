//! `aws_guardduty_publishing_destination`: where a detector exports its findings, an S3
//! bucket (`destination_arn`, optionally with a prefix) encrypted with a KMS key
//! (`kms_key_arn`). The bucket and key can change in place; creating waits until GuardDuty
//! publishes to it, as the provider does. The id is `DETECTOR_ID:DESTINATION_ID`.

use std::time::{Duration, Instant};

use async_trait::async_trait;
use serde::Deserialize;
use serde_json::Value as Json;

use super::typed;
use super::{obj, Ctx, Declared, Import, Obj, Resource, ID, REGION};
use crate::cloud::{Absent, CloudError, CloudResult, ErrorKind};
use crate::schema::{self, Attr, Default, Schema, Ty};
use crate::services::guardduty::PublishingDestination;

resource_type!(GuardDutyPublishingDestination = "aws_guardduty_publishing_destination", Import::Parse(import_prior));

static SCHEMA: Schema = Schema {
    attrs: &[
        ID,
        Attr::required("detector_id", Ty::String).force_new(),
        Attr::optional("destination_type", Ty::String)
            .default(Default::Str("S3"))
            .validate(|v| schema::one_of(v, &["S3"])),
        Attr::required("destination_arn", Ty::String).validate(schema::arn),
        Attr::required("kms_key_arn", Ty::String).validate(schema::arn),
        REGION,
    ],
    ..Schema::NONE
};

/// `DETECTOR_ID:DESTINATION_ID`.
fn import_prior(id: &str) -> Option<Obj> {
    let (detector, _) = split(id)?;
    Some(obj(&SCHEMA, vec![("id", Json::from(id)), ("detector_id", Json::from(detector))]))
}

fn split(id: &str) -> Option<(&str, &str)> {
    let (detector, destination) = id.split_once(':')?;
    (!detector.is_empty() && !destination.is_empty() && !destination.contains(':')).then_some((detector, destination))
}

/// What the verbs read.
#[derive(Deserialize)]
pub struct Args {
    #[serde(default, deserialize_with = "typed::text")]
    id: Option<String>,
    #[serde(default, deserialize_with = "typed::required")]
    detector_id: String,
    #[serde(default, deserialize_with = "typed::text")]
    destination_type: Option<String>,
    #[serde(default, deserialize_with = "typed::required")]
    destination_arn: String,
    #[serde(default, deserialize_with = "typed::required")]
    kms_key_arn: String,
}

/// How long GuardDuty may take to verify a new destination.
const PUBLISHING_WAIT: Duration = Duration::from_secs(120);

fn to_api(a: &Args) -> PublishingDestination {
    PublishingDestination {
        destination_type: a.destination_type.clone().filter(|t| !t.is_empty()).unwrap_or_else(|| "S3".into()),
        destination_arn: a.destination_arn.clone(),
        kms_key_arn: a.kms_key_arn.clone(),
        status: String::new(),
    }
}

async fn find(ctx: &Ctx<'_>, id: &str) -> CloudResult<Option<PublishingDestination>> {
    let Some((detector, destination)) = split(id) else { return Ok(None) };
    Ok(ctx.cloud.guardduty.get_publishing_destination(ctx.region, detector, destination).await.found()?.flatten())
}

async fn read_id(ctx: &Ctx<'_>, id: &str) -> CloudResult<Option<Obj>> {
    let Some(p) = find(ctx, id).await? else { return Ok(None) };
    let detector = id.split(':').next().unwrap_or_default();
    Ok(Some(obj(
        &SCHEMA,
        vec![
            ("id", Json::from(id)),
            ("detector_id", Json::from(detector)),
            ("destination_type", Json::from(p.destination_type.as_str())),
            ("destination_arn", Json::from(p.destination_arn.as_str())),
            ("kms_key_arn", Json::from(p.kms_key_arn.as_str())),
        ],
    )))
}

fn gone(id: &str) -> CloudError {
    let msg = format!("publishing destination {id} could not be read back after it was written");
    CloudError::new("guardduty", "DescribePublishingDestination", ErrorKind::NotFound, "BadRequestException", msg)
}

/// Waits while GuardDuty verifies the bucket and key (`PENDING_VERIFICATION`).
async fn until_publishing(ctx: &Ctx<'_>, id: &str) -> CloudResult<()> {
    let limit = ctx.timeout.unwrap_or(PUBLISHING_WAIT);
    let started = Instant::now();
    loop {
        let status = find(ctx, id).await?.map(|p| p.status).unwrap_or_default();
        if status != "PENDING_VERIFICATION" {
            return Ok(());
        }
        if started.elapsed() >= limit {
            let msg = format!("publishing destination {id} was still {status} after {}s", limit.as_secs());
            return Err(CloudError::new(
                "guardduty",
                "DescribePublishingDestination",
                ErrorKind::Other,
                "Timeout",
                msg,
            ));
        }
        (ctx.log)(&format!("waiting for GuardDuty to verify publishing destination {id}"));
        tokio::time::sleep(Duration::from_secs(2)).await;
    }
}

#[async_trait]
impl Resource for GuardDutyPublishingDestination {
    async fn read(&self, ctx: &Ctx<'_>, prior: &Obj) -> CloudResult<Option<Obj>> {
        read_id(ctx, &Self::args(prior)?.id.unwrap_or_default()).await
    }

    async fn create(&self, ctx: &Ctx<'_>, planned: &Obj) -> CloudResult<Obj> {
        let a = Self::args(planned)?;
        let made = ctx.cloud.guardduty.create_publishing_destination(ctx.region, &a.detector_id, &to_api(&a)).await?;
        let id = format!("{}:{made}", a.detector_id);
        (ctx.record)(&obj(
            &SCHEMA,
            vec![("id", Json::from(id.as_str())), ("detector_id", Json::from(a.detector_id.as_str()))],
        ));
        until_publishing(ctx, &id).await?;
        read_id(ctx, &id).await?.ok_or_else(|| gone(&id))
    }

    async fn update(&self, ctx: &Ctx<'_>, prior: &Obj, planned: &Obj) -> CloudResult<Obj> {
        let (p, a) = (Self::args(prior)?, Self::args(planned)?);
        let id = p.id.unwrap_or_default();
        let (detector, destination) = split(&id).ok_or_else(|| gone(&id))?;
        ctx.cloud.guardduty.update_publishing_destination(ctx.region, detector, destination, &to_api(&a)).await?;
        read_id(ctx, &id).await?.ok_or_else(|| gone(&id))
    }

    async fn delete(&self, ctx: &Ctx<'_>, prior: &Obj) -> CloudResult<()> {
        let id = Self::args(prior)?.id.unwrap_or_default();
        let Some((detector, destination)) = split(&id) else { return Ok(()) };
        ctx.cloud.guardduty.delete_publishing_destination(ctx.region, detector, destination).await.gone()
    }
}
