//! The one table of Amazon Inspector v2 `FilterCriteria` members. Everything that knows the
//! members reads it: the SDK conversions (`aws.rs`), the sandbox's validation (`sandbox.rs`)
//! and the `aws_inspector2_filter` schema (`crate::resources`).
//!
//! Each row is `sdk_field "apiMemberName" kind availability`: the SDK's `FilterCriteria` field
//! (also the Terraform block name, which is the same snake_case word), the API's JSON member
//! name, the kind of filter the member's list holds, and whether the Terraform AWS provider's
//! `filter_criteria` block offers it (`terraform`) or only the API does (`api_only`). Rows are
//! sorted by field name.

use serde::{Deserialize, Serialize};
use serde_json::{Number, Value};

/// Calls macro `$callback` with every row of the table (see the module documentation).
#[macro_export]
macro_rules! with_filter_criteria {
    ($callback:ident) => {
        $callback! {
            aws_account_id "awsAccountId" string terraform,
            cloud_image_architecture "cloudImageArchitecture" string api_only,
            cloud_image_digest "cloudImageDigest" string api_only,
            cloud_image_in_use_count "cloudImageInUseCount" number api_only,
            cloud_image_last_in_use_at "cloudImageLastInUseAt" date api_only,
            cloud_image_pushed_at "cloudImagePushedAt" date api_only,
            cloud_image_registry "cloudImageRegistry" string api_only,
            cloud_image_repository_name "cloudImageRepositoryName" string api_only,
            cloud_image_tags "cloudImageTags" string api_only,
            cloud_provider "cloudProvider" string api_only,
            cloud_provider_account_id "cloudProviderAccountId" string api_only,
            cloud_provider_org_id "cloudProviderOrgId" string api_only,
            cloud_provider_region "cloudProviderRegion" string api_only,
            cloud_serverless_function_execution_role "cloudServerlessFunctionExecutionRole" string api_only,
            cloud_serverless_function_last_modified_at "cloudServerlessFunctionLastModifiedAt" date api_only,
            cloud_serverless_function_name "cloudServerlessFunctionName" string api_only,
            cloud_serverless_function_runtime "cloudServerlessFunctionRuntime" string api_only,
            cloud_vm_image_reference "cloudVmImageReference" string api_only,
            cloud_vm_network_id "cloudVmNetworkId" string api_only,
            cloud_vm_subnet_ids "cloudVmSubnetIds" string api_only,
            code_repository_project_name "codeRepositoryProjectName" string terraform,
            code_repository_provider_type "codeRepositoryProviderType" string terraform,
            code_vulnerability_detector_name "codeVulnerabilityDetectorName" string terraform,
            code_vulnerability_detector_tags "codeVulnerabilityDetectorTags" string terraform,
            code_vulnerability_file_path "codeVulnerabilityFilePath" string terraform,
            component_id "componentId" string terraform,
            component_type "componentType" string terraform,
            ec2_instance_image_id "ec2InstanceImageId" string terraform,
            ec2_instance_subnet_id "ec2InstanceSubnetId" string terraform,
            ec2_instance_vpc_id "ec2InstanceVpcId" string terraform,
            ecr_image_architecture "ecrImageArchitecture" string terraform,
            ecr_image_hash "ecrImageHash" string terraform,
            ecr_image_in_use_count "ecrImageInUseCount" number terraform,
            ecr_image_last_in_use_at "ecrImageLastInUseAt" date terraform,
            ecr_image_pushed_at "ecrImagePushedAt" date terraform,
            ecr_image_registry "ecrImageRegistry" string terraform,
            ecr_image_repository_name "ecrImageRepositoryName" string terraform,
            ecr_image_tags "ecrImageTags" string terraform,
            epss_score "epssScore" number terraform,
            exploit_available "exploitAvailable" string terraform,
            finding_arn "findingArn" string terraform,
            finding_status "findingStatus" string terraform,
            finding_type "findingType" string terraform,
            first_observed_at "firstObservedAt" date terraform,
            fix_available "fixAvailable" string terraform,
            inspector_score "inspectorScore" number terraform,
            lambda_function_execution_role_arn "lambdaFunctionExecutionRoleArn" string terraform,
            lambda_function_last_modified_at "lambdaFunctionLastModifiedAt" date terraform,
            lambda_function_layers "lambdaFunctionLayers" string terraform,
            lambda_function_name "lambdaFunctionName" string terraform,
            lambda_function_runtime "lambdaFunctionRuntime" string terraform,
            last_observed_at "lastObservedAt" date terraform,
            machine_image_id "machineImageId" string api_only,
            machine_image_name "machineImageName" string api_only,
            machine_image_owner_account_id "machineImageOwnerAccountId" string api_only,
            machine_image_platform "machineImagePlatform" string api_only,
            network_protocol "networkProtocol" string terraform,
            port_range "portRange" port terraform,
            related_vulnerabilities "relatedVulnerabilities" string terraform,
            resource_id "resourceId" string terraform,
            resource_tags "resourceTags" map terraform,
            resource_type "resourceType" string terraform,
            severity "severity" string terraform,
            title "title" string terraform,
            updated_at "updatedAt" date terraform,
            vendor_severity "vendorSeverity" string terraform,
            vulnerability_id "vulnerabilityId" string terraform,
            vulnerability_source "vulnerabilitySource" string terraform,
            vulnerable_packages "vulnerablePackages" package terraform,
        }
    };
}

/// The kind of filter a `FilterCriteria` member holds a list of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `{"comparison": "EQUALS" | "PREFIX" | "NOT_EQUALS", "value": "…"}`.
    String,
    /// `{"startInclusive": …, "endInclusive": …}`.
    Date,
    /// `{"lowerInclusive": …, "upperInclusive": …}`.
    Number,
    /// `{"comparison": "EQUALS", "key": "…", "value": "…"}`.
    Map,
    /// `{"beginInclusive": …, "endInclusive": …}`.
    Port,
    /// A `PackageFilter`: string filters per member, a number filter for `epoch`.
    Package,
}

/// One member of `FilterCriteria`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Criterion {
    /// The API's JSON member name (`awsAccountId`).
    pub api: &'static str,
    /// The Terraform block name, also the SDK field (`aws_account_id`).
    pub terraform: &'static str,
    pub kind: Kind,
    /// True when the Terraform AWS provider's `filter_criteria` offers it.
    pub in_provider: bool,
}

macro_rules! criteria_table {
    ($( $field:ident $api:literal $kind:ident $availability:ident, )*) => {
        /// Every `FilterCriteria` member, sorted by Terraform name.
        pub const CRITERIA: &[Criterion] = &[$(
            Criterion {
                api: $api,
                terraform: stringify!($field),
                kind: criteria_table!(@kind $kind),
                in_provider: criteria_table!(@availability $availability),
            },
        )*];
    };
    (@kind string) => { Kind::String };
    (@kind date) => { Kind::Date };
    (@kind number) => { Kind::Number };
    (@kind map) => { Kind::Map };
    (@kind port) => { Kind::Port };
    (@kind package) => { Kind::Package };
    (@availability terraform) => { true };
    (@availability api_only) => { false };
}

with_filter_criteria!(criteria_table);

/// A date bound: epoch seconds, or an RFC 3339 timestamp.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum DateBound {
    Seconds(Number),
    Timestamp(String),
}

/// `StringFilter`: `comparison` is `EQUALS`, `PREFIX` or `NOT_EQUALS`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct StringFilter {
    pub comparison: String,
    pub value: String,
}

/// `DateFilter`: either end optional.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DateFilter {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_inclusive: Option<DateBound>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_inclusive: Option<DateBound>,
}

/// `NumberFilter`: either bound optional; numbers keep the form they were given in.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NumberFilter {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lower_inclusive: Option<Number>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub upper_inclusive: Option<Number>,
}

/// `MapFilter`: `comparison` is `EQUALS`; the value is optional.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct MapFilter {
    pub comparison: String,
    pub key: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
}

/// `PortRangeFilter`: either end optional.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PortRangeFilter {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub begin_inclusive: Option<Number>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_inclusive: Option<Number>,
}

/// `PackageFilter`: a string filter per member, a number filter for `epoch`; all optional.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PackageFilter {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<StringFilter>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<StringFilter>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub epoch: Option<NumberFilter>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub release: Option<StringFilter>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub architecture: Option<StringFilter>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_layer_hash: Option<StringFilter>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_lambda_layer_arn: Option<StringFilter>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file_path: Option<StringFilter>,
}

macro_rules! criteria_struct {
    ($( $field:ident $api:literal $kind:ident $availability:ident, )*) => {
        /// `FilterCriteria`: for each member of the table, an optional list of filters of its
        /// kind. Serialises to the API's JSON (camelCase members, absent lists left out).
        #[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
        #[serde(deny_unknown_fields)]
        pub struct FilterCriteria {
            $(
                #[serde(rename = $api, default, skip_serializing_if = "Option::is_none")]
                pub $field: Option<Vec<criteria_struct!(@ty $kind)>>,
            )*
        }
    };
    (@ty string) => { StringFilter };
    (@ty date) => { DateFilter };
    (@ty number) => { NumberFilter };
    (@ty map) => { MapFilter };
    (@ty port) => { PortRangeFilter };
    (@ty package) => { PackageFilter };
}

with_filter_criteria!(criteria_struct);

impl FilterCriteria {
    /// The criteria as the API's JSON.
    pub fn to_json(&self) -> Value {
        super::api_json(self)
    }
}

/// The member named `api` in the API's JSON.
pub fn by_api_name(api: &str) -> Option<&'static Criterion> {
    CRITERIA.iter().find(|c| c.api == api)
}

/// `PackageFilter` members that are string filters (`epoch` is a number filter).
pub const PACKAGE_STRING_MEMBERS: &[&str] =
    &["name", "version", "release", "architecture", "sourceLayerHash", "sourceLambdaLayerArn", "filePath"];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_is_sorted_and_its_names_agree() {
        let names: Vec<&str> = CRITERIA.iter().map(|c| c.terraform).collect();
        let mut sorted = names.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(names, sorted, "rows sorted by name, no repeats");
        for c in CRITERIA {
            // The API's camelCase name is the snake_case name with its words joined.
            let joined: String = c
                .terraform
                .split('_')
                .enumerate()
                .map(|(i, w)| if i == 0 { w.to_string() } else { w[..1].to_uppercase() + &w[1..] })
                .collect();
            assert_eq!(joined, c.api, "{}", c.terraform);
        }
        assert_eq!(CRITERIA.len(), 69);
        // Provider 6.25's filter_criteria blocks (ecr_image_in_use_count and _last_in_use_at among them).
        assert_eq!(CRITERIA.iter().filter(|c| c.in_provider).count(), 46);
    }
}
