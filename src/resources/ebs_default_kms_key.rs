//! `aws_ebs_default_kms_key`: the KMS key that encrypts new EBS volumes of the account in one
//! region when they name none (`ModifyEbsDefaultKmsKeyId`). It does not turn encryption by
//! default on (`aws_ebs_encryption_by_default` does). The setting always exists, so a read
//! records the key AWS names (a reset made outside shows as the AWS managed key, which
//! replaces the resource); destroying it resets the default to the AWS managed key
//! (`ResetEbsDefaultKmsKeyId`). The id is the key ARN the create recorded; any import id is
//! taken (the provider passes it through).

use async_trait::async_trait;
use serde::Deserialize;
use serde_json::Value as Json;

use super::typed;
use super::{obj, Ctx, Declared, Import, Obj, Resource, ID, REGION};
use crate::cloud::CloudResult;
use crate::schema::{self, Attr, Schema, Ty};

resource_type!(EbsDefaultKmsKey = "aws_ebs_default_kms_key", Import::Parse(import_prior));

static SCHEMA: Schema = Schema {
    attrs: &[ID, Attr::required("key_arn", Ty::String).force_new().validate(schema::arn), REGION],
    ..Schema::NONE
};

/// What the verbs read.
#[derive(Deserialize)]
pub struct Args {
    #[serde(default, deserialize_with = "typed::text")]
    id: Option<String>,
    #[serde(default, deserialize_with = "typed::text")]
    key_arn: Option<String>,
    #[serde(default, deserialize_with = "typed::text")]
    region: Option<String>,
}

fn to_obj(id: &str, key_arn: &str) -> Obj {
    obj(&SCHEMA, vec![("id", Json::from(id)), ("key_arn", Json::from(key_arn))])
}

/// Import id: anything (by custom, the key's ARN).
fn import_prior(id: &str) -> Option<Obj> {
    (!id.is_empty()).then(|| obj(&SCHEMA, vec![("id", Json::from(id))]))
}

#[async_trait]
impl Resource for EbsDefaultKmsKey {
    fn notes(&self, planned: &Obj) -> Vec<String> {
        let Ok(a) = Self::args(planned) else { return Vec::new() };
        let (Some(key), Some(region)) = (a.key_arn, a.region) else { return Vec::new() };
        vec![format!(
            "new encrypted EBS volumes in {region} that name no key will use {key}; this alone does not turn \
             encryption by default on"
        )]
    }

    async fn read(&self, ctx: &Ctx<'_>, prior: &Obj) -> CloudResult<Option<Obj>> {
        let id = Self::args(prior)?.id.unwrap_or_default();
        let key = ctx.cloud.ec2.get_ebs_default_kms_key_id(ctx.region).await?;
        Ok(Some(to_obj(&id, &key)))
    }

    async fn create(&self, ctx: &Ctx<'_>, planned: &Obj) -> CloudResult<Obj> {
        let key = Self::args(planned)?.key_arn.unwrap_or_default();
        let id = ctx.cloud.ec2.modify_ebs_default_kms_key_id(ctx.region, &key).await?;
        let now = ctx.cloud.ec2.get_ebs_default_kms_key_id(ctx.region).await?;
        Ok(to_obj(&id, &now))
    }

    /// `key_arn` replaces the resource; there is nothing else to update.
    async fn update(&self, ctx: &Ctx<'_>, prior: &Obj, _planned: &Obj) -> CloudResult<Obj> {
        Ok(self.read(ctx, prior).await?.unwrap_or_else(|| prior.clone()))
    }

    /// The default goes back to the region's AWS managed key.
    async fn delete(&self, ctx: &Ctx<'_>, _prior: &Obj) -> CloudResult<()> {
        ctx.cloud.ec2.reset_ebs_default_kms_key_id(ctx.region).await.map(drop)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::services::sandbox::Sandbox;
    use crate::services::Account;

    /// The provider's acceptance test needs `aws_kms_key`; these are its checks through the
    /// verbs: the id and `key_arn` are the key's ARN, an outside reset shows as the managed
    /// key (which replaces the resource), and delete puts the managed key back.
    #[tokio::test]
    async fn the_key_is_set_read_and_reset_to_the_managed_key_by_delete() {
        let dir = tempfile::tempdir().unwrap();
        let account = Account::from(Sandbox::open(&dir.path().join("s.json")).unwrap());
        let ctx = Ctx::for_tests(&account);
        let managed = account.ec2.get_ebs_default_kms_key_id(ctx.region).await.unwrap();
        let key = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
        let planned = obj(&SCHEMA, vec![("key_arn", Json::from(key)), ("region", Json::from("us-east-1"))]);
        let made = EbsDefaultKmsKey.create(&ctx, &planned).await.unwrap();
        assert_eq!((made["id"].as_str(), made["key_arn"].as_str()), (Some(key), Some(key)));
        assert_eq!(EbsDefaultKmsKey.read(&ctx, &made).await.unwrap(), Some(made.clone()));
        let imported = EbsDefaultKmsKey.read(&ctx, &import_prior(key).unwrap()).await.unwrap().unwrap();
        assert_eq!(imported, made, "an import by the key's ARN reads the same object");

        account.ec2.reset_ebs_default_kms_key_id(ctx.region).await.unwrap();
        let read = EbsDefaultKmsKey.read(&ctx, &made).await.unwrap().unwrap();
        assert_eq!(read["key_arn"].as_str(), Some(managed.as_str()));

        EbsDefaultKmsKey.create(&ctx, &planned).await.unwrap();
        EbsDefaultKmsKey.delete(&ctx, &made).await.unwrap();
        assert_eq!(account.ec2.get_ebs_default_kms_key_id(ctx.region).await.unwrap(), managed);
        let notes = EbsDefaultKmsKey.notes(&planned);
        assert!(notes[0].contains("us-east-1") && notes[0].contains(key), "{notes:?}");
    }
}
