//! `data "aws_region"` and `data "aws_partition"`: where the provider works, computed offline
//! from the region's name (no call is made).

use async_trait::async_trait;
use serde_json::Value as Json;

use super::{obj, Ctx, DataSource, Obj, ID};
use crate::cloud::{CloudError, CloudResult, ErrorKind};
use crate::schema::{Attr, Schema, Ty};

/// The partition of a region: `(partition, dns_suffix, reverse_dns_prefix)`.
pub(crate) fn partition(region: &str) -> (&'static str, &'static str, &'static str) {
    if region.starts_with("cn-") {
        ("aws-cn", "amazonaws.com.cn", "cn.com.amazonaws")
    } else if region.starts_with("us-gov-") {
        ("aws-us-gov", "amazonaws.com", "com.amazonaws")
    } else if region.starts_with("us-iso-") {
        ("aws-iso", "c2s.ic.gov", "gov.ic.c2s")
    } else if region.starts_with("us-isob-") {
        ("aws-iso-b", "sc2s.sgov.gov", "gov.sgov.sc2s")
    } else if region.starts_with("eusc-") {
        ("aws-eusc", "amazonaws.eu", "eu.amazonaws")
    } else {
        ("aws", "amazonaws.com", "com.amazonaws")
    }
}

/// The regions the provider's endpoint data knows, with their descriptions.
const REGIONS: &[(&str, &str)] = &[
    ("af-south-1", "Africa (Cape Town)"),
    ("ap-east-1", "Asia Pacific (Hong Kong)"),
    ("ap-east-2", "Asia Pacific (Taipei)"),
    ("ap-northeast-1", "Asia Pacific (Tokyo)"),
    ("ap-northeast-2", "Asia Pacific (Seoul)"),
    ("ap-northeast-3", "Asia Pacific (Osaka)"),
    ("ap-south-1", "Asia Pacific (Mumbai)"),
    ("ap-south-2", "Asia Pacific (Hyderabad)"),
    ("ap-southeast-1", "Asia Pacific (Singapore)"),
    ("ap-southeast-2", "Asia Pacific (Sydney)"),
    ("ap-southeast-3", "Asia Pacific (Jakarta)"),
    ("ap-southeast-4", "Asia Pacific (Melbourne)"),
    ("ap-southeast-5", "Asia Pacific (Malaysia)"),
    ("ap-southeast-7", "Asia Pacific (Thailand)"),
    ("ca-central-1", "Canada (Central)"),
    ("ca-west-1", "Canada West (Calgary)"),
    ("eu-central-1", "Europe (Frankfurt)"),
    ("eu-central-2", "Europe (Zurich)"),
    ("eu-north-1", "Europe (Stockholm)"),
    ("eu-south-1", "Europe (Milan)"),
    ("eu-south-2", "Europe (Spain)"),
    ("eu-west-1", "Europe (Ireland)"),
    ("eu-west-2", "Europe (London)"),
    ("eu-west-3", "Europe (Paris)"),
    ("il-central-1", "Israel (Tel Aviv)"),
    ("me-central-1", "Middle East (UAE)"),
    ("me-south-1", "Middle East (Bahrain)"),
    ("mx-central-1", "Mexico (Central)"),
    ("sa-east-1", "South America (Sao Paulo)"),
    ("us-east-1", "US East (N. Virginia)"),
    ("us-east-2", "US East (Ohio)"),
    ("us-west-1", "US West (N. California)"),
    ("us-west-2", "US West (Oregon)"),
    ("us-gov-east-1", "AWS GovCloud (US-East)"),
    ("us-gov-west-1", "AWS GovCloud (US-West)"),
    ("cn-north-1", "China (Beijing)"),
    ("cn-northwest-1", "China (Ningxia)"),
];

/// The region's description, as the provider's endpoint data names it.
/// The regions of the commercial partition (`aws`) the provider knows: where a sandbox
/// organization's regional designations are made.
pub fn commercial_regions() -> Vec<&'static str> {
    REGIONS.iter().map(|(r, _)| *r).filter(|r| partition(r).0 == "aws").collect()
}

fn description(region: &str) -> &'static str {
    REGIONS.iter().find(|(r, _)| *r == region).map_or("", |(_, d)| d)
}

/// A region's EC2 endpoint, the provider's `endpoint` of it.
fn ec2_endpoint(region: &str) -> String {
    format!("ec2.{region}.{}", partition(region).1)
}

/// The region whose EC2 endpoint `endpoint` is (the provider's `FindRegionByEndpoint`).
fn region_by_endpoint(endpoint: &str) -> Option<&'static str> {
    REGIONS.iter().map(|(r, _)| *r).find(|r| ec2_endpoint(r) == endpoint)
}

/// A failed lookup, as the provider words it.
fn not_found(what: &str) -> CloudError {
    CloudError::new("baseline", "aws_region", ErrorKind::NotFound, "RegionNotFound", what)
}

data_source!(Region = "aws_region", REGION);

static REGION: Schema = Schema {
    attrs: &[
        ID,
        Attr::optional_computed("region", Ty::String),
        Attr::optional_computed("name", Ty::String),
        Attr::optional_computed("endpoint", Ty::String),
        Attr::computed("description", Ty::String),
    ],
    ..Schema::NONE
};

#[async_trait]
impl DataSource for Region {
    /// `endpoint` (an EC2 endpoint) or the deprecated `name` picks a region, and must agree
    /// when both are given; else `region` (the planner's: the argument or the provider's).
    fn reads() -> Vec<String> {
        vec!["name".into(), "endpoint".into()]
    }

    async fn read(&self, ctx: &Ctx<'_>, args: &Obj) -> CloudResult<Obj> {
        let given = |k: &str| args.get(k).and_then(Json::as_str).filter(|s| !s.is_empty());
        let by_endpoint = match given("endpoint") {
            Some(e) => {
                Some(region_by_endpoint(e).ok_or_else(|| not_found(&format!("region not found for endpoint {e:?}")))?)
            }
            None => None,
        };
        // A name is taken as it is (a region newer than this table still reads).
        let by_name = given("name");
        if let (Some(e), Some(n)) = (by_endpoint, by_name) {
            if e != n {
                let msg = format!(
                    "multiple Regions matched: endpoint names {e}, name {n}; use additional constraints to reduce \
                     matches to a single Region"
                );
                return Err(CloudError::new("baseline", "aws_region", ErrorKind::Invalid, "MultipleRegions", msg));
            }
        }
        let region = by_endpoint.or(by_name).unwrap_or(ctx.region);
        Ok(obj(
            &REGION,
            vec![
                ("id", Json::from(region)),
                ("region", Json::from(region)),
                ("name", Json::from(region)),
                ("endpoint", Json::from(ec2_endpoint(region))),
                ("description", Json::from(description(region))),
            ],
        ))
    }
}

data_source!(Partition = "aws_partition", PARTITION);

static PARTITION: Schema = Schema {
    attrs: &[
        ID,
        Attr::computed("partition", Ty::String),
        Attr::computed("dns_suffix", Ty::String),
        Attr::computed("reverse_dns_prefix", Ty::String),
    ],
    ..Schema::NONE
};

#[async_trait]
impl DataSource for Partition {
    async fn read(&self, ctx: &Ctx<'_>, _args: &Obj) -> CloudResult<Obj> {
        let (p, dns, reverse) = partition(ctx.region);
        Ok(obj(
            &PARTITION,
            vec![
                ("id", Json::from(p)),
                ("partition", Json::from(p)),
                ("dns_suffix", Json::from(dns)),
                ("reverse_dns_prefix", Json::from(reverse)),
            ],
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn partitions_follow_the_region() {
        assert_eq!(partition("eu-west-1"), ("aws", "amazonaws.com", "com.amazonaws"));
        assert_eq!(partition("cn-north-1"), ("aws-cn", "amazonaws.com.cn", "cn.com.amazonaws"));
        assert_eq!(partition("us-gov-west-1").0, "aws-us-gov");
        assert_eq!(description("ap-northeast-1"), "Asia Pacific (Tokyo)");
    }

    #[test]
    fn an_ec2_endpoint_names_its_region() {
        assert_eq!(region_by_endpoint("ec2.eu-west-1.amazonaws.com"), Some("eu-west-1"));
        assert_eq!(region_by_endpoint("ec2.cn-north-1.amazonaws.com.cn"), Some("cn-north-1"));
        assert_eq!(region_by_endpoint("ec2.cn-north-1.amazonaws.com"), None, "the wrong partition's suffix");
        assert_eq!(region_by_endpoint("ec2.xx-nowhere-1.amazonaws.com"), None);
    }

    async fn read(args: serde_json::Value) -> CloudResult<Obj> {
        let dir = tempfile::tempdir().unwrap();
        let sandbox = crate::services::sandbox::Sandbox::open(&dir.path().join("s.json")).unwrap();
        let account = crate::services::Account::from(sandbox);
        let args: Obj = serde_json::from_value(args).unwrap();
        Region.read(&Ctx::for_tests(&account), &args).await
    }

    /// TestAccMetaRegionDataSource_endpoint: the endpoint selects the region, whatever the
    /// provider's region is.
    #[tokio::test]
    async fn the_endpoint_argument_selects_the_region() {
        let o = read(serde_json::json!({ "endpoint": "ec2.eu-west-1.amazonaws.com" })).await.unwrap();
        for k in ["id", "name", "region"] {
            assert_eq!(o[k], "eu-west-1", "{k}");
        }
        assert_eq!(o["endpoint"], "ec2.eu-west-1.amazonaws.com");
        assert_eq!(o["description"], "Europe (Ireland)");
        let agreeing = serde_json::json!({ "endpoint": "ec2.eu-west-1.amazonaws.com", "name": "eu-west-1" });
        assert_eq!(read(agreeing).await.unwrap()["region"], "eu-west-1");
        let e = read(serde_json::json!({ "endpoint": "ec2.eu-west-1.amazonaws.com", "name": "us-east-2" }))
            .await
            .unwrap_err();
        assert!(e.to_string().contains("multiple Regions matched"), "{e}");
        let e = read(serde_json::json!({ "endpoint": "ec2.example.com" })).await.unwrap_err();
        assert!(e.to_string().contains("region not found for endpoint"), "{e}");
        // Neither: the provider's region (here the test context's).
        assert_eq!(read(serde_json::json!({})).await.unwrap()["region"], "us-east-1");
    }
}
