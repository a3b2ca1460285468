//! `data "aws_region"` and `data "aws_partition"`: where the provider works, computed offline
//! from the region's name (no call is made).

use async_trait::async_trait;
use serde_json::Value as Json;

use super::{obj, Ctx, DataSource, Obj, ID};
use crate::cloud::CloudResult;
use crate::schema::{Attr, Schema, Ty};

/// The partition of a region: `(partition, dns_suffix, reverse_dns_prefix)`.
fn partition(region: &str) -> (&'static str, &'static str, &'static str) {
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

/// The region's description, as the provider's endpoint data names it.
fn description(region: &str) -> &'static str {
    match region {
        "af-south-1" => "Africa (Cape Town)",
        "ap-east-1" => "Asia Pacific (Hong Kong)",
        "ap-east-2" => "Asia Pacific (Taipei)",
        "ap-northeast-1" => "Asia Pacific (Tokyo)",
        "ap-northeast-2" => "Asia Pacific (Seoul)",
        "ap-northeast-3" => "Asia Pacific (Osaka)",
        "ap-south-1" => "Asia Pacific (Mumbai)",
        "ap-south-2" => "Asia Pacific (Hyderabad)",
        "ap-southeast-1" => "Asia Pacific (Singapore)",
        "ap-southeast-2" => "Asia Pacific (Sydney)",
        "ap-southeast-3" => "Asia Pacific (Jakarta)",
        "ap-southeast-4" => "Asia Pacific (Melbourne)",
        "ap-southeast-5" => "Asia Pacific (Malaysia)",
        "ap-southeast-7" => "Asia Pacific (Thailand)",
        "ca-central-1" => "Canada (Central)",
        "ca-west-1" => "Canada West (Calgary)",
        "eu-central-1" => "Europe (Frankfurt)",
        "eu-central-2" => "Europe (Zurich)",
        "eu-north-1" => "Europe (Stockholm)",
        "eu-south-1" => "Europe (Milan)",
        "eu-south-2" => "Europe (Spain)",
        "eu-west-1" => "Europe (Ireland)",
        "eu-west-2" => "Europe (London)",
        "eu-west-3" => "Europe (Paris)",
        "il-central-1" => "Israel (Tel Aviv)",
        "me-central-1" => "Middle East (UAE)",
        "me-south-1" => "Middle East (Bahrain)",
        "mx-central-1" => "Mexico (Central)",
        "sa-east-1" => "South America (Sao Paulo)",
        "us-east-1" => "US East (N. Virginia)",
        "us-east-2" => "US East (Ohio)",
        "us-west-1" => "US West (N. California)",
        "us-west-2" => "US West (Oregon)",
        "us-gov-east-1" => "AWS GovCloud (US-East)",
        "us-gov-west-1" => "AWS GovCloud (US-West)",
        "cn-north-1" => "China (Beijing)",
        "cn-northwest-1" => "China (Ningxia)",
        _ => "",
    }
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
    /// `region` (or the deprecated `name`) picks a region; the planner applies `region`.
    fn reads() -> Vec<String> {
        vec!["name".into()]
    }

    async fn read(&self, ctx: &Ctx<'_>, args: &Obj) -> CloudResult<Obj> {
        let region = args.get("name").and_then(Json::as_str).filter(|s| !s.is_empty()).unwrap_or(ctx.region);
        let (_, dns, _) = partition(region);
        Ok(obj(
            &REGION,
            vec![
                ("id", Json::from(region)),
                ("region", Json::from(region)),
                ("name", Json::from(region)),
                ("endpoint", Json::from(format!("ec2.{region}.{dns}"))),
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
}
