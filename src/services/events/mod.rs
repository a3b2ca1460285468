//! Amazon EventBridge (regional): rules and their targets.

pub mod aws;
pub(crate) mod sandbox;

use std::collections::BTreeMap;

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
    /// Everything else `PutTargets` takes for a target.
    #[serde(flatten)]
    pub params: TargetParams,
}

/// A target's settings beside its ARN, role and input, as `PutTargets` takes them and
/// `ListTargetsByRule` returns them: each is absent (`None`, empty) unless set.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct TargetParams {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub input_transformer: Option<InputTransformer>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dead_letter_config: Option<DeadLetterConfig>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub retry_policy: Option<RetryPolicy>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ecs: Option<EcsParameters>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub batch: Option<BatchParameters>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kinesis: Option<KinesisParameters>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sqs: Option<SqsParameters>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub http: Option<HttpParameters>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub redshift_data: Option<RedshiftDataParameters>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sagemaker_pipeline: Option<SageMakerPipelineParameters>,
    /// `RunCommandParameters.RunCommandTargets`; empty when the target has none.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub run_command_targets: Vec<RunCommandTarget>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub app_sync: Option<AppSyncParameters>,
}

/// `InputTransformer`: values picked from the event by JSON path, put into a template.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct InputTransformer {
    pub input_paths_map: BTreeMap<String, String>,
    pub input_template: String,
}

/// `DeadLetterConfig`: the SQS queue that keeps events the target could not take.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct DeadLetterConfig {
    pub arn: Option<String>,
}

/// `RetryPolicy`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct RetryPolicy {
    pub maximum_event_age_in_seconds: Option<i64>,
    pub maximum_retry_attempts: Option<i64>,
}

/// `EcsParameters`: the task an ECS target runs.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct EcsParameters {
    pub task_definition_arn: String,
    pub task_count: Option<i64>,
    /// `EC2`, `FARGATE` or `EXTERNAL`.
    pub launch_type: Option<String>,
    pub network_configuration: Option<AwsVpcConfiguration>,
    pub platform_version: Option<String>,
    pub group: Option<String>,
    pub capacity_provider_strategy: Vec<CapacityProviderStrategyItem>,
    pub enable_ecs_managed_tags: bool,
    pub enable_execute_command: bool,
    pub placement_constraints: Vec<PlacementConstraint>,
    pub placement_strategy: Vec<PlacementStrategy>,
    /// `TASK_DEFINITION`.
    pub propagate_tags: Option<String>,
    pub tags: Tags,
}

/// `NetworkConfiguration.AwsvpcConfiguration`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct AwsVpcConfiguration {
    pub subnets: Vec<String>,
    pub security_groups: Vec<String>,
    /// `AssignPublicIp`: `ENABLED` (true) or `DISABLED` (false).
    pub assign_public_ip: Option<bool>,
}

/// One `CapacityProviderStrategyItem`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct CapacityProviderStrategyItem {
    pub capacity_provider: String,
    pub weight: i64,
    pub base: i64,
}

/// One `PlacementConstraint`: `distinctInstance` or `memberOf` (with an expression).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct PlacementConstraint {
    pub r#type: Option<String>,
    pub expression: Option<String>,
}

/// One `PlacementStrategy`: `random`, `spread` or `binpack` (with a field).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct PlacementStrategy {
    pub r#type: Option<String>,
    pub field: Option<String>,
}

/// `BatchParameters`: the AWS Batch job a target submits.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct BatchParameters {
    pub job_definition: String,
    pub job_name: String,
    /// `ArrayProperties.Size`.
    pub array_size: Option<i64>,
    /// `RetryStrategy.Attempts`.
    pub job_attempts: Option<i64>,
}

/// `KinesisParameters`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct KinesisParameters {
    pub partition_key_path: Option<String>,
}

/// `SqsParameters` (FIFO queues).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct SqsParameters {
    pub message_group_id: Option<String>,
}

/// `HttpParameters` of an API destination or API Gateway target.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct HttpParameters {
    pub header_parameters: BTreeMap<String, String>,
    pub path_parameter_values: Vec<String>,
    pub query_string_parameters: BTreeMap<String, String>,
}

/// `RedshiftDataParameters`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct RedshiftDataParameters {
    pub database: String,
    pub db_user: Option<String>,
    pub secret_manager_arn: Option<String>,
    pub sql: Option<String>,
    pub statement_name: Option<String>,
    pub with_event: bool,
}

/// `SageMakerPipelineParameters`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct SageMakerPipelineParameters {
    /// (name, value) pairs.
    pub pipeline_parameter_list: Vec<(String, String)>,
}

/// One `RunCommandTarget` (Systems Manager Run Command: which instances).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct RunCommandTarget {
    pub key: String,
    pub values: Vec<String>,
}

/// `AppSyncParameters`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct AppSyncParameters {
    pub graphql_operation: Option<String>,
}

/// An event bus as `DescribeEventBus` describes it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct EventBus {
    pub name: String,
    pub arn: String,
    pub description: Option<String>,
    pub kms_key_identifier: Option<String>,
}

/// The EventBridge operations baseline uses. Every call names its region.
#[async_trait]
pub trait Events: Send + Sync {
    /// `DescribeEventBus` by name; `Ok(None)` when there is no such bus.
    async fn describe_event_bus(&self, region: &str, name: &str) -> CloudResult<Option<EventBus>>;
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
    /// `DeleteRule` (`Force` when `force`: needed only for a rule another service manages).
    /// Fails with `Conflict` while the rule has targets.
    async fn delete_rule(&self, region: &str, bus: &str, name: &str, force: bool) -> CloudResult<()>;
    /// `ListTargetsByRule`: all targets of one rule in one call. `NotFound` when no rule.
    async fn list_targets(&self, region: &str, bus: &str, rule: &str) -> CloudResult<Vec<EventTarget>>;
    /// `PutTargets` (creates or replaces by id). `NotFound` when the rule does not exist.
    async fn put_targets(&self, region: &str, bus: &str, rule: &str, targets: &[EventTarget]) -> CloudResult<()>;
    /// `RemoveTargets` (`Force` when `force`: needed only on a rule another service manages).
    async fn remove_targets(&self, region: &str, bus: &str, rule: &str, ids: &[String], force: bool)
        -> CloudResult<()>;
}
