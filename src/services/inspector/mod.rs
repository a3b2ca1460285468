//! Amazon Inspector Classic (regional): resource groups, assessment targets and templates,
//! event subscriptions, rules packages.

pub mod aws;
pub(crate) mod sandbox;

use async_trait::async_trait;
use serde::{Deserialize, Serialize};

use crate::cloud::{CloudResult, Tags};

/// An Inspector Classic resource group (tag filters selecting instances).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ResourceGroup {
    pub arn: String,
    pub tags: Tags,
}

/// An Inspector Classic assessment target.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AssessmentTarget {
    pub arn: String,
    pub name: String,
    pub resource_group_arn: Option<String>,
}

/// An Inspector Classic assessment template.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AssessmentTemplate {
    pub arn: String,
    pub name: String,
    pub assessment_target_arn: String,
    pub duration_in_seconds: i64,
    pub rules_package_arns: Vec<String>,
}

/// An Inspector Classic event subscription of one resource.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct EventSubscription {
    pub event: String,
    pub topic_arn: String,
}

/// The Inspector Classic operations baseline uses. Every call names its region.
#[async_trait]
pub trait Inspector: Send + Sync {
    /// `ListRulesPackages` (all pages): the ARNs of the region's rules packages, sorted, each
    /// once. Their names are not read: the data source, like Terraform's, exposes ARNs only.
    async fn rules_package_arns(&self, region: &str) -> CloudResult<Vec<String>>;
    /// `CreateResourceGroup`; returns the ARN.
    async fn create_resource_group(&self, region: &str, tags: &Tags) -> CloudResult<String>;
    /// `DescribeResourceGroups` for the given ARNs; missing ones are left out.
    async fn describe_resource_groups(&self, region: &str, arns: &[String]) -> CloudResult<Vec<ResourceGroup>>;
    /// `CreateAssessmentTarget`; returns the ARN.
    async fn create_assessment_target(
        &self,
        region: &str,
        name: &str,
        resource_group_arn: Option<&str>,
    ) -> CloudResult<String>;
    /// `UpdateAssessmentTarget`.
    async fn update_assessment_target(
        &self,
        region: &str,
        arn: &str,
        name: &str,
        resource_group_arn: Option<&str>,
    ) -> CloudResult<()>;
    /// `DescribeAssessmentTargets` for the given ARNs; missing ones are left out.
    async fn describe_assessment_targets(&self, region: &str, arns: &[String]) -> CloudResult<Vec<AssessmentTarget>>;
    /// `DeleteAssessmentTarget`.
    async fn delete_assessment_target(&self, region: &str, arn: &str) -> CloudResult<()>;
    /// `CreateAssessmentTemplate`; returns the ARN.
    async fn create_assessment_template(
        &self,
        region: &str,
        target_arn: &str,
        name: &str,
        duration_in_seconds: i64,
        rules_package_arns: &[String],
    ) -> CloudResult<String>;
    /// `DescribeAssessmentTemplates` for the given ARNs; missing ones are left out.
    async fn describe_assessment_templates(
        &self,
        region: &str,
        arns: &[String],
    ) -> CloudResult<Vec<AssessmentTemplate>>;
    /// `DeleteAssessmentTemplate`.
    async fn delete_assessment_template(&self, region: &str, arn: &str) -> CloudResult<()>;
    /// `ListEventSubscriptions` for one resource ARN, sorted.
    async fn list_event_subscriptions(&self, region: &str, resource_arn: &str) -> CloudResult<Vec<EventSubscription>>;
    /// `SubscribeToEvent`.
    async fn subscribe(&self, region: &str, resource_arn: &str, sub: &EventSubscription) -> CloudResult<()>;
    /// `UnsubscribeFromEvent`.
    async fn unsubscribe(&self, region: &str, resource_arn: &str, sub: &EventSubscription) -> CloudResult<()>;
    /// `ListTagsForResource`.
    async fn list_tags(&self, region: &str, arn: &str) -> CloudResult<Tags>;
    /// `SetTagsForResource` (replaces all tags).
    async fn set_tags(&self, region: &str, arn: &str, tags: &Tags) -> CloudResult<()>;
}
