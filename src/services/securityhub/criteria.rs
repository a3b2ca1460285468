//! The one table of Security Hub finding filters: the members an automation rule's criteria
//! (`AutomationRulesFindingFilters`) and an insight's filters (`AwsSecurityFindingFilters`)
//! share. Everything that knows the members reads it: the service's [`FindingFilters`] (the
//! API's JSON), the SDK conversions (`aws.rs`), the sandbox's checks and the resources'
//! schemas and conversions (`crate::resources`).
//!
//! Each row is `sdk_field "ApiMember" kind rule insight`: the SDK's field (the same on both
//! shapes), the API's JSON member name, the kind of filter its list holds, and the Terraform
//! block name in `aws_securityhub_automation_rule`'s `criteria` and in
//! `aws_securityhub_insight`'s `filters` (`-` where that type does not offer it). Rows are
//! sorted by API name. The insight's members that automation rules lack are added with the
//! insight.

use serde::{Deserialize, Serialize};
use serde_json::Value as Json;

/// Calls macro `$callback` with every row of the table (see the module documentation).
#[macro_export]
macro_rules! with_finding_filters {
    ($callback:ident) => {
        $callback! {
            aws_account_id "AwsAccountId" string "aws_account_id" "aws_account_id",
            aws_account_name "AwsAccountName" string "aws_account_name" -,
            company_name "CompanyName" string "company_name" "company_name",
            compliance_associated_standards_id "ComplianceAssociatedStandardsId" string "compliance_associated_standards_id" -,
            compliance_security_control_id "ComplianceSecurityControlId" string "compliance_security_control_id" -,
            compliance_status "ComplianceStatus" string "compliance_status" "compliance_status",
            confidence "Confidence" number "confidence" "confidence",
            created_at "CreatedAt" date "created_at" "created_at",
            criticality "Criticality" number "criticality" "criticality",
            description "Description" string "description" "description",
            first_observed_at "FirstObservedAt" date "first_observed_at" "first_observed_at",
            generator_id "GeneratorId" string "generator_id" "generator_id",
            id "Id" string "id" "id",
            last_observed_at "LastObservedAt" date "last_observed_at" "last_observed_at",
            note_text "NoteText" string "note_text" "note_text",
            note_updated_at "NoteUpdatedAt" date "note_updated_at" "note_updated_at",
            note_updated_by "NoteUpdatedBy" string "note_updated_by" "note_updated_by",
            product_arn "ProductArn" string "product_arn" "product_arn",
            product_name "ProductName" string "product_name" "product_name",
            record_state "RecordState" string "record_state" "record_state",
            related_findings_id "RelatedFindingsId" string "related_findings_id" "related_findings_id",
            related_findings_product_arn "RelatedFindingsProductArn" string "related_findings_product_arn" "related_findings_product_arn",
            resource_application_arn "ResourceApplicationArn" string "resource_application_arn" -,
            resource_application_name "ResourceApplicationName" string "resource_application_name" -,
            resource_details_other "ResourceDetailsOther" map "resource_details_other" "resource_details_other",
            resource_id "ResourceId" string "resource_id" "resource_id",
            resource_partition "ResourcePartition" string "resource_partition" "resource_partition",
            resource_region "ResourceRegion" string "resource_region" "resource_region",
            resource_tags "ResourceTags" map "resource_tags" "resource_tags",
            resource_type "ResourceType" string "resource_type" "resource_type",
            severity_label "SeverityLabel" string "severity_label" "severity_label",
            source_url "SourceUrl" string "source_url" "source_url",
            title "Title" string "title" "title",
            r#type "Type" string "type" "type",
            updated_at "UpdatedAt" date "updated_at" "updated_at",
            user_defined_fields "UserDefinedFields" map "user_defined_fields" "user_defined_values",
            verification_state "VerificationState" string "verification_state" "verification_state",
            workflow_status "WorkflowStatus" string "workflow_status" "workflow_status",
        }
    };
}

/// The kind of filter a member holds a list of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `{"Comparison": …, "Value": …}`.
    String,
    /// `{"Eq"|"Gt"|"Gte"|"Lt"|"Lte": …}`.
    Number,
    /// `{"Start": …, "End": …}` or `{"DateRange": {"Unit": "DAYS", "Value": …}}`.
    Date,
    /// `{"Comparison": …, "Key": …, "Value": …}`.
    Map,
}

/// One member of the finding filters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Criterion {
    /// The API's JSON member name (`AwsAccountId`).
    pub api: &'static str,
    pub kind: Kind,
    /// The block name in an automation rule's `criteria`, if it offers the member.
    pub rule: Option<&'static str>,
    /// The block name in an insight's `filters`, if it offers the member.
    pub insight: Option<&'static str>,
}

macro_rules! criteria_table {
    ($( $field:ident $api:literal $kind:ident $rule:tt $insight:tt, )*) => {
        /// Every finding filter member, sorted by API name.
        pub const CRITERIA: &[Criterion] = &[$(
            Criterion {
                api: $api,
                kind: criteria_table!(@kind $kind),
                rule: criteria_table!(@name $rule),
                insight: criteria_table!(@name $insight),
            },
        )*];
    };
    (@kind string) => { Kind::String };
    (@kind number) => { Kind::Number };
    (@kind date) => { Kind::Date };
    (@kind map) => { Kind::Map };
    (@name -) => { None };
    (@name $n:literal) => { Some($n) };
}

with_finding_filters!(criteria_table);

/// `StringFilter`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct StringFilter {
    pub comparison: String,
    pub value: String,
}

/// `NumberFilter`: any of its bounds.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct NumberFilter {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub eq: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gt: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gte: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lt: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lte: Option<f64>,
}

/// `DateRange`: the last `value` `unit`s (`DAYS`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct DateRange {
    pub unit: String,
    #[serde(deserialize_with = "whole")]
    pub value: i32,
}

/// A whole number that JSON may carry as a float (`10.0`), as configurations give numbers.
pub fn whole<'de, D: serde::Deserializer<'de>>(d: D) -> Result<i32, D::Error> {
    let f = f64::deserialize(d)?;
    if f.fract() != 0.0 || f < i32::MIN as f64 || f > i32::MAX as f64 {
        return Err(serde::de::Error::custom(format!("{f} is not a whole number")));
    }
    Ok(f as i32)
}

/// [`whole`] for an optional member.
pub fn whole_opt<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<i32>, D::Error> {
    #[derive(Deserialize)]
    struct W(#[serde(deserialize_with = "whole")] i32);
    Ok(Option::<W>::deserialize(d)?.map(|W(v)| v))
}

/// `DateFilter`: an absolute range (RFC 3339 ends) or a relative one.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct DateFilter {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_range: Option<DateRange>,
}

/// `MapFilter`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct MapFilter {
    pub comparison: String,
    pub key: String,
    pub value: String,
}

macro_rules! filters_struct {
    ($( $field:ident $api:literal $kind:ident $rule:tt $insight:tt, )*) => {
        /// Finding filters: for each member of the table, an optional list of filters of its
        /// kind. Serialises to the API's JSON (absent lists left out).
        #[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
        #[serde(deny_unknown_fields)]
        pub struct FindingFilters {
            $(
                #[serde(rename = $api, default, skip_serializing_if = "Option::is_none")]
                pub $field: Option<Vec<filters_struct!(@ty $kind)>>,
            )*
        }
    };
    (@ty string) => { StringFilter };
    (@ty number) => { NumberFilter };
    (@ty date) => { DateFilter };
    (@ty map) => { MapFilter };
}

with_finding_filters!(filters_struct);

impl FindingFilters {
    /// The filters as the API's JSON.
    pub fn to_json(&self) -> Json {
        serde_json::to_value(self).unwrap_or(Json::Null)
    }
}

/// `StringFilter` comparisons.
pub const STRING_COMPARISONS: [&str; 7] =
    ["EQUALS", "PREFIX", "NOT_EQUALS", "PREFIX_NOT_EQUALS", "CONTAINS", "NOT_CONTAINS", "CONTAINS_WORD"];

/// `MapFilter` comparisons.
pub const MAP_COMPARISONS: [&str; 4] = ["EQUALS", "NOT_EQUALS", "CONTAINS", "NOT_CONTAINS"];

/// The member named `api` in the API's JSON.
pub fn by_api_name(api: &str) -> Option<&'static Criterion> {
    CRITERIA.iter().find(|c| c.api == api)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_is_sorted_and_its_names_agree() {
        let names: Vec<&str> = CRITERIA.iter().map(|c| c.api).collect();
        let mut sorted = names.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(names, sorted, "rows sorted by API name, no repeats");
        for c in CRITERIA {
            // The Terraform name is the API's name in snake_case (the insight's user-defined
            // fields aside, which the provider calls values).
            let snake: String = c
                .api
                .chars()
                .enumerate()
                .flat_map(|(i, ch)| {
                    let lower = ch.to_ascii_lowercase();
                    if ch.is_ascii_uppercase() && i > 0 {
                        vec!['_', lower]
                    } else {
                        vec![lower]
                    }
                })
                .collect();
            assert_eq!(c.rule, Some(snake.as_str()), "{}", c.api);
            if c.api != "UserDefinedFields" {
                assert!(c.insight.is_none_or(|i| i == snake), "{}", c.api);
            }
        }
        // Provider 6.x's automation rule criteria blocks.
        assert_eq!(CRITERIA.iter().filter(|c| c.rule.is_some()).count(), 38);
    }

    #[test]
    fn filters_serialise_to_the_apis_json_and_back() {
        let json = serde_json::json!({
            "AwsAccountId": [{ "Comparison": "EQUALS", "Value": "1234567890" }],
            "CreatedAt": [{ "DateRange": { "Unit": "DAYS", "Value": 10 } }],
            "Confidence": [{ "Lte": 50.0 }],
            "ResourceDetailsOther": [{ "Comparison": "CONTAINS", "Key": "k", "Value": "v" }],
        });
        let f: FindingFilters = serde_json::from_value(json.clone()).unwrap();
        assert_eq!(f.created_at.as_ref().unwrap()[0].date_range.as_ref().unwrap().value, 10);
        assert_eq!(f.to_json(), json);
        assert!(serde_json::from_value::<FindingFilters>(serde_json::json!({ "Nope": [] })).is_err());
    }
}
