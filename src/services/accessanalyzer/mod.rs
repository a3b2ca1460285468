//! IAM Access Analyzer (regional): analyzers (external access, unused access, internal access;
//! of the account or of the organization) and their archive rules.

pub mod aws;
pub(crate) mod sandbox;
#[cfg(test)]
mod sandbox_tests;

use std::collections::BTreeMap;

use async_trait::async_trait;
use serde::{Deserialize, Serialize};

use crate::cloud::{CloudResult, Tags};

/// The analyzer types, as the API names them.
pub const TYPES: [&str; 6] = [
    "ACCOUNT",
    "ORGANIZATION",
    "ACCOUNT_UNUSED_ACCESS",
    "ORGANIZATION_UNUSED_ACCESS",
    "ACCOUNT_INTERNAL_ACCESS",
    "ORGANIZATION_INTERNAL_ACCESS",
];

/// An analyzer's `configuration`: at most one of the two.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct AnalyzerConfig {
    pub unused_access: Option<UnusedAccess>,
    pub internal_access: Option<InternalAccess>,
}

/// Unused access: how many days unused makes access unused, and what is excluded
/// (`exclusions`: `None` when no analysis rule is given).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct UnusedAccess {
    pub unused_access_age: Option<i32>,
    pub exclusions: Option<Vec<Exclusion>>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Exclusion {
    pub account_ids: Vec<String>,
    pub resource_tags: Vec<BTreeMap<String, String>>,
}

/// Internal access: what is analyzed (`inclusions`: `None` when no analysis rule is given).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct InternalAccess {
    pub inclusions: Option<Vec<Inclusion>>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Inclusion {
    pub account_ids: Vec<String>,
    pub resource_arns: Vec<String>,
    pub resource_types: Vec<String>,
}

/// An analyzer as `GetAnalyzer` describes it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Analyzer {
    pub name: String,
    pub arn: String,
    pub kind: String,
    pub tags: Tags,
    pub configuration: Option<AnalyzerConfig>,
}

/// One criterion of an archive rule's filter.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Criterion {
    pub eq: Vec<String>,
    pub neq: Vec<String>,
    pub contains: Vec<String>,
    pub exists: Option<bool>,
}

/// An archive rule's filter: criterion key (`isPublic`, `resourceType`, …) → criterion.
pub type Filter = BTreeMap<String, Criterion>;

/// The Access Analyzer operations baseline uses. Every call names its region.
#[async_trait]
pub trait AccessAnalyzer: Send + Sync {
    /// `CreateAnalyzer`; returns its ARN.
    async fn create_analyzer(
        &self,
        region: &str,
        name: &str,
        kind: &str,
        configuration: Option<&AnalyzerConfig>,
        tags: &Tags,
    ) -> CloudResult<String>;
    /// `GetAnalyzer`; `Ok(None)` when there is none of that name.
    async fn get_analyzer(&self, region: &str, name: &str) -> CloudResult<Option<Analyzer>>;
    /// `DeleteAnalyzer` (its archive rules go with it); a missing analyzer is no error.
    async fn delete_analyzer(&self, region: &str, name: &str) -> CloudResult<()>;
    /// `TagResource`.
    async fn tag_resource(&self, region: &str, arn: &str, tags: &Tags) -> CloudResult<()>;
    /// `UntagResource`.
    async fn untag_resource(&self, region: &str, arn: &str, keys: &[String]) -> CloudResult<()>;
    /// `CreateArchiveRule`.
    async fn create_archive_rule(&self, region: &str, analyzer: &str, rule: &str, filter: &Filter) -> CloudResult<()>;
    /// `GetArchiveRule`; `Ok(None)` when there is none.
    async fn get_archive_rule(&self, region: &str, analyzer: &str, rule: &str) -> CloudResult<Option<Filter>>;
    /// `UpdateArchiveRule`: the whole filter.
    async fn update_archive_rule(&self, region: &str, analyzer: &str, rule: &str, filter: &Filter) -> CloudResult<()>;
    /// `DeleteArchiveRule`; a missing rule is no error.
    async fn delete_archive_rule(&self, region: &str, analyzer: &str, rule: &str) -> CloudResult<()>;
}
