//! Amazon EventBridge (regional): rules and their targets.

pub mod aws;
pub(crate) mod sandbox;

use async_trait::async_trait;
use serde::{Deserialize, Serialize};

use crate::cloud::{CloudResult, Tags};

/// An EventBridge rule as `DescribeRule` (plus `ListTagsForResource`) describes it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EventRule {
    pub name: String,
    pub arn: String,
    pub event_bus_name: String,
    pub schedule_expression: Option<String>,
    pub event_pattern: Option<String>,
    pub description: Option<String>,
    pub role_arn: Option<String>,
    /// `ENABLED`, `DISABLED` or `ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS`.
    pub state: String,
    pub tags: Tags,
}

/// Input of `PutRule` (creates or replaces the rule's settings).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PutRuleInput {
    pub name: String,
    pub event_bus_name: String,
    pub schedule_expression: Option<String>,
    pub event_pattern: Option<String>,
    pub description: Option<String>,
    pub role_arn: Option<String>,
    pub state: String,
    pub tags: Tags,
}

/// One EventBridge target of a rule.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EventTarget {
    pub id: String,
    pub arn: String,
    pub role_arn: Option<String>,
    pub input: Option<String>,
    pub input_path: Option<String>,
}

/// The EventBridge operations baseline uses. Every call names its region.
#[async_trait]
pub trait Events: Send + Sync {
    /// `PutRule` (+ `TagResource` for tags on a new rule); returns the rule ARN.
    async fn put_rule(&self, region: &str, input: &PutRuleInput) -> CloudResult<String>;
    /// `DescribeRule` (+ `ListTagsForResource` when `tags`; otherwise the tags are empty);
    /// `Ok(None)` when missing.
    async fn describe_rule(&self, region: &str, bus: &str, name: &str, tags: bool) -> CloudResult<Option<EventRule>>;
    /// `ListRules` (every page; `NamePrefix` when given), without tags: many rules for a few
    /// calls (100 a page).
    async fn list_rules(&self, region: &str, bus: &str, name_prefix: Option<&str>) -> CloudResult<Vec<EventRule>>;
    /// `ListTagsForResource` of a rule.
    async fn rule_tags(&self, region: &str, arn: &str) -> CloudResult<Tags>;
    /// `UntagResource` / `TagResource` on a rule ARN for what differs between `have` (the tags
    /// last recorded) and `want`; keys in neither (tags managed elsewhere) are left alone.
    async fn set_tags(&self, region: &str, arn: &str, have: &Tags, want: &Tags) -> CloudResult<()>;
    /// `DeleteRule`. Fails with `Conflict` while the rule has targets.
    async fn delete_rule(&self, region: &str, bus: &str, name: &str) -> CloudResult<()>;
    /// `ListTargetsByRule`: all targets of one rule in one call. `NotFound` when no rule.
    async fn list_targets(&self, region: &str, bus: &str, rule: &str) -> CloudResult<Vec<EventTarget>>;
    /// `PutTargets` (creates or replaces by id). `NotFound` when the rule does not exist.
    async fn put_targets(&self, region: &str, bus: &str, rule: &str, targets: &[EventTarget]) -> CloudResult<()>;
    /// `RemoveTargets`.
    async fn remove_targets(&self, region: &str, bus: &str, rule: &str, ids: &[String]) -> CloudResult<()>;
}
