//! S3 Control over the SDK.
//!
//! The SDK sends S3 Control calls to `{AccountId}.s3-control.{region}.amazonaws.com`: the
//! endpoint rules put the account id before the host, and do so before a custom endpoint too
//! (`AWS_ENDPOINT_URL`, the provider block's `endpoints { s3control = … }`). A host that is an
//! IP address or `localhost` (a local emulator such as moto) cannot take a name before it
//! (`123456789012.127.0.0.1` does not resolve), so for those the client resolves the endpoint
//! with the SDK's own rules (keeping their signing settings) and takes the prefix off again;
//! the account id still travels in the `x-amz-account-id` header. Any other custom host (a
//! VPC endpoint's DNS name) keeps the prefix, as AWS expects.

use std::sync::Arc;

use async_trait::async_trait;
use aws_sdk_s3control::config::endpoint::{DefaultResolver, Params, ResolveEndpoint};
use aws_sdk_s3control::types::PublicAccessBlockConfiguration;
use aws_smithy_runtime_api::client::endpoint::EndpointFuture;
use aws_smithy_types::endpoint::Endpoint;

use super::{PublicAccessBlock, S3Control};
use crate::cloud::aws::{cloud_error, Connection};
use crate::cloud::{CloudError, CloudResult, ErrorKind};

/// S3 Control over the SDK (one client: the configuration is account-wide).
pub struct Client {
    client: aws_sdk_s3control::Client,
}

impl Client {
    /// The S3 Control client of `conn`, in the connection's own region.
    pub fn new(conn: &Arc<Connection>) -> Client {
        let conn: &Connection = conn;
        let mut builder = aws_sdk_s3control::config::Builder::from(conn.sdk_config());
        if let Some(url) = conn.endpoint("s3control") {
            builder = builder.endpoint_url(url.clone());
        }
        let builder = builder.endpoint_resolver(LocalHostResolver(DefaultResolver::new()));
        Client {
            client: aws_sdk_s3control::Client::from_conf(builder.interceptor(conn.counter("s3control", None)).build()),
        }
    }
}

/// The SDK's endpoint rules, without the account id before a local custom endpoint's host
/// (see the module's documentation).
#[derive(Debug)]
struct LocalHostResolver(DefaultResolver);

impl ResolveEndpoint for LocalHostResolver {
    fn resolve_endpoint<'a>(&'a self, params: &'a Params) -> EndpointFuture<'a> {
        let resolved = self.0.resolve_endpoint(params);
        EndpointFuture::new(async move {
            let endpoint = resolved.await?;
            let (Some(custom), Some(account)) = (params.endpoint(), params.account_id()) else {
                return Ok(endpoint);
            };
            Ok(match unprefixed(custom, endpoint.url(), account) {
                Some(url) => with_url(&endpoint, url),
                None => endpoint,
            })
        })
    }
}

/// `resolved` without `account.` before its host, when the custom endpoint `custom` names a
/// local host (an IP address or `localhost`); `None` otherwise.
fn unprefixed(custom: &str, resolved: &str, account: &str) -> Option<String> {
    let authority = custom.split_once("://").map_or(custom, |(_, rest)| rest);
    let host_port = authority.split(['/', '?']).next().unwrap_or_default();
    let host = match host_port.strip_prefix('[') {
        Some(v6) => v6.split(']').next().unwrap_or_default(),
        None => host_port.rsplit_once(':').map_or(host_port, |(h, _)| h),
    };
    let local = host == "localhost" || host.parse::<std::net::IpAddr>().is_ok();
    let (scheme, rest) = resolved.split_once("://")?;
    let rest = rest.strip_prefix(account)?.strip_prefix('.')?;
    local.then(|| format!("{scheme}://{rest}"))
}

/// `endpoint` with another URL, its properties (signing) and headers kept.
fn with_url(endpoint: &Endpoint, url: String) -> Endpoint {
    let mut b = Endpoint::builder().url(url);
    for (k, v) in endpoint.properties() {
        b = b.property(k.clone(), v.clone());
    }
    for (name, values) in endpoint.headers() {
        for v in values {
            b = b.header(name.to_string(), v.to_string());
        }
    }
    b.build()
}

// Errors name the IAM permission each call needs (`s3:GetAccountPublicAccessBlock`; a delete
// needs `s3:PutAccountPublicAccessBlock`), so an access-denied message says what to grant.

/// S3 Control's "no configuration" answer is its own code; it means the object is absent.
fn not_found_is_absent(mut e: CloudError) -> CloudError {
    if e.code == "NoSuchPublicAccessBlockConfiguration" {
        e.kind = ErrorKind::NotFound;
    }
    e
}

#[async_trait]
impl S3Control for Client {
    async fn get_public_access_block(&self, account_id: &str) -> CloudResult<Option<PublicAccessBlock>> {
        let out = match self.client.get_public_access_block().account_id(account_id).send().await {
            Ok(out) => out,
            Err(e) => return not_found_is_absent(cloud_error("s3", "GetAccountPublicAccessBlock", None, e)).absent(),
        };
        Ok(out.public_access_block_configuration().map(|c| PublicAccessBlock {
            block_public_acls: c.block_public_acls().unwrap_or(false),
            ignore_public_acls: c.ignore_public_acls().unwrap_or(false),
            block_public_policy: c.block_public_policy().unwrap_or(false),
            restrict_public_buckets: c.restrict_public_buckets().unwrap_or(false),
        }))
    }

    async fn put_public_access_block(&self, account_id: &str, config: &PublicAccessBlock) -> CloudResult<()> {
        let c = PublicAccessBlockConfiguration::builder()
            .block_public_acls(config.block_public_acls)
            .ignore_public_acls(config.ignore_public_acls)
            .block_public_policy(config.block_public_policy)
            .restrict_public_buckets(config.restrict_public_buckets)
            .build();
        self.client
            .put_public_access_block()
            .account_id(account_id)
            .public_access_block_configuration(c)
            .send()
            .await
            .map_err(|e| cloud_error("s3", "PutAccountPublicAccessBlock", None, e))?;
        Ok(())
    }

    async fn delete_public_access_block(&self, account_id: &str) -> CloudResult<()> {
        match self.client.delete_public_access_block().account_id(account_id).send().await {
            Ok(_) => Ok(()),
            Err(e) => {
                not_found_is_absent(cloud_error("s3", "PutAccountPublicAccessBlock", None, e)).absent::<()>().map(drop)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_account_prefix_is_taken_off_local_hosts_only() {
        let acct = "123456789012";
        let moto = "http://123456789012.127.0.0.1:5000";
        assert_eq!(unprefixed("http://127.0.0.1:5000", moto, acct).as_deref(), Some("http://127.0.0.1:5000"));
        let local = "http://123456789012.localhost:4566/";
        assert_eq!(unprefixed("http://localhost:4566/", local, acct).as_deref(), Some("http://localhost:4566/"));
        let v6 = "http://123456789012.[::1]:5000";
        assert_eq!(unprefixed("http://[::1]:5000", v6, acct).as_deref(), Some("http://[::1]:5000"));
        let vpce = "https://123456789012.vpce-1.s3-control.us-east-1.vpce.amazonaws.com";
        assert_eq!(unprefixed("https://vpce-1.s3-control.us-east-1.vpce.amazonaws.com", vpce, acct), None);
        assert_eq!(unprefixed("http://127.0.0.1:5000", "http://127.0.0.1:5000", acct), None, "no prefix to take off");
    }

    /// Against a local endpoint the request goes to that host itself, the account in its header.
    #[tokio::test]
    async fn a_local_endpoint_is_called_without_the_account_prefix() {
        let params = Params::builder()
            .region("us-east-1")
            .endpoint("http://127.0.0.1:5000")
            .account_id("123456789012")
            .requires_account_id(true)
            .use_fips(false)
            .use_dual_stack(false)
            .build()
            .unwrap();
        let ep = LocalHostResolver(DefaultResolver::new()).resolve_endpoint(&params).await.unwrap();
        assert_eq!(ep.url(), "http://127.0.0.1:5000");
    }
}
