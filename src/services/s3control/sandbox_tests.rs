//! Sandbox tests of S3 Control's account public access block.

use super::*;
use crate::cloud::ErrorKind;
use crate::services::sandbox::Sandbox;
use crate::services::sandbox_tests::*;

fn s3control(sb: &Sandbox) -> &dyn S3Control {
    sb
}

/// None until put; put replaces the whole configuration; delete removes it (twice is fine);
/// another account is refused as AWS refuses it.
#[tokio::test]
async fn the_accounts_configuration_is_put_read_and_deleted_by_its_own_account_only() {
    let dir = tempfile::tempdir().unwrap();
    let sb = open(&dir);
    assert_eq!(s3control(&sb).get_public_access_block(ACCOUNT_ID).await.unwrap(), None);
    let all = PublicAccessBlock {
        block_public_acls: true,
        ignore_public_acls: true,
        block_public_policy: true,
        restrict_public_buckets: true,
    };
    s3control(&sb).put_public_access_block(ACCOUNT_ID, &all).await.unwrap();
    assert_eq!(s3control(&sb).get_public_access_block(ACCOUNT_ID).await.unwrap(), Some(all));
    let acls = PublicAccessBlock { block_public_acls: true, ..Default::default() };
    s3control(&sb).put_public_access_block(ACCOUNT_ID, &acls).await.unwrap();
    assert_eq!(s3control(&sb).get_public_access_block(ACCOUNT_ID).await.unwrap(), Some(acls));

    let other = "210987654321";
    let e = s3control(&sb).put_public_access_block(other, &all).await.unwrap_err();
    assert_eq!((e.kind, e.code.as_str()), (ErrorKind::AccessDenied, "AccessDenied"), "{e}");
    assert_eq!(s3control(&sb).get_public_access_block(other).await.unwrap_err().kind, ErrorKind::AccessDenied);
    assert_eq!(s3control(&sb).delete_public_access_block(other).await.unwrap_err().kind, ErrorKind::AccessDenied);
    assert_eq!(s3control(&sb).get_public_access_block(ACCOUNT_ID).await.unwrap(), Some(acls), "unchanged");

    s3control(&sb).delete_public_access_block(ACCOUNT_ID).await.unwrap();
    assert_eq!(s3control(&sb).get_public_access_block(ACCOUNT_ID).await.unwrap(), None);
    s3control(&sb).delete_public_access_block(ACCOUNT_ID).await.unwrap();
}
