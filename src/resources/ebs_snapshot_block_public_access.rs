//! `aws_ebs_snapshot_block_public_access`: block public access for EBS snapshots of the
//! account in one region (`EnableSnapshotBlockPublicAccess`). `state` is `block-all-sharing`
//! (no snapshot is public, shared ones included), `block-new-sharing` (no new public sharing)
//! or `unblocked`, which the schema accepts as the provider's does but EC2 refuses to enable
//! (it is what destroying the resource leaves: `DisableSnapshotBlockPublicAccess`). The id is
//! the region; any import id is taken.

use async_trait::async_trait;
use serde::Deserialize;
use serde_json::Value as Json;

use super::typed;
use super::{obj, Ctx, Declared, Import, Obj, Resource, ID, REGION};
use crate::cloud::CloudResult;
use crate::schema::{self, Attr, Schema, Ty};
use crate::services::ec2::SNAPSHOT_BPA_STATES;

resource_type!(EbsSnapshotBlockPublicAccess = "aws_ebs_snapshot_block_public_access", Import::Parse(import_prior));

static SCHEMA: Schema = Schema {
    attrs: &[ID, Attr::required("state", Ty::String).validate(|v| schema::one_of(v, &SNAPSHOT_BPA_STATES)), REGION],
    ..Schema::NONE
};

/// What the verbs read.
#[derive(Deserialize)]
pub struct Args {
    #[serde(default, deserialize_with = "typed::text")]
    id: Option<String>,
    #[serde(default, deserialize_with = "typed::text")]
    state: Option<String>,
    #[serde(default, deserialize_with = "typed::text")]
    region: Option<String>,
}

fn to_obj(id: &str, state: &str) -> Obj {
    obj(&SCHEMA, vec![("id", Json::from(id)), ("state", Json::from(state))])
}

/// Import id: anything (the provider passes it through; it records the region).
fn import_prior(id: &str) -> Option<Obj> {
    (!id.is_empty()).then(|| obj(&SCHEMA, vec![("id", Json::from(id))]))
}

impl EbsSnapshotBlockPublicAccess {
    async fn put(&self, ctx: &Ctx<'_>, id: &str, planned: &Obj) -> CloudResult<Obj> {
        let state = Self::args(planned)?.state.unwrap_or_default();
        ctx.cloud.ec2.enable_snapshot_block_public_access(ctx.region, &state).await?;
        Ok(to_obj(id, &ctx.cloud.ec2.get_snapshot_block_public_access_state(ctx.region).await?))
    }
}

#[async_trait]
impl Resource for EbsSnapshotBlockPublicAccess {
    fn notes(&self, planned: &Obj) -> Vec<String> {
        let Ok(a) = Self::args(planned) else { return Vec::new() };
        let region = a.region.unwrap_or_else(|| "the provider's region".into());
        let note = match a.state.as_deref() {
            Some("block-all-sharing") => {
                format!("no EBS snapshot in {region} can be public: new public sharing is refused and snapshots shared publicly already are treated as private")
            }
            Some("block-new-sharing") => format!(
                "EBS snapshots in {region} cannot be newly shared publicly; snapshots shared publicly already stay public"
            ),
            Some("unblocked") => {
                "EC2 does not accept `unblocked` here: it is what destroying this resource leaves".to_string()
            }
            _ => return Vec::new(),
        };
        vec![note]
    }

    async fn read(&self, ctx: &Ctx<'_>, prior: &Obj) -> CloudResult<Option<Obj>> {
        let id = Self::args(prior)?.id.unwrap_or_default();
        Ok(Some(to_obj(&id, &ctx.cloud.ec2.get_snapshot_block_public_access_state(ctx.region).await?)))
    }

    async fn create(&self, ctx: &Ctx<'_>, planned: &Obj) -> CloudResult<Obj> {
        self.put(ctx, ctx.region, planned).await
    }

    async fn update(&self, ctx: &Ctx<'_>, prior: &Obj, planned: &Obj) -> CloudResult<Obj> {
        let id = Self::args(prior)?.id.unwrap_or_else(|| ctx.region.to_string());
        self.put(ctx, &id, planned).await
    }

    /// Removing the resource unblocks public sharing of the region's snapshots.
    async fn delete(&self, ctx: &Ctx<'_>, _prior: &Obj) -> CloudResult<()> {
        ctx.cloud.ec2.disable_snapshot_block_public_access(ctx.region).await.map(drop)
    }
}
