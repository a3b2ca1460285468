//! EventBridge calls. A role created moments ago may not be assumable yet; PutRule and
//! PutTargets retry that failure with backoff for a bounded time and say so.

use std::time::Duration;

use aws_sdk_eventbridge::types as sdk;
use aws_sdk_eventbridge::types::{RuleState, Tag, Target};
use aws_sdk_eventbridge::Client as SdkClient;

use crate::cloud::aws::cloud_error;
use crate::cloud::{CloudError, CloudResult, ErrorKind, Tags};
use std::sync::Arc;

use async_trait::async_trait;

use super::{EventBus, EventRule, EventTarget, Events, PutRuleInput, TargetParams};
use crate::cloud::aws::{Connection, Regional};

/// How long to keep retrying "cannot be assumed" (IAM propagation takes seconds).
const ASSUME_RETRY_FOR: Duration = Duration::from_secs(60);

fn rule_arn_hint(bus: &str, name: &str) -> String {
    if bus == "default" {
        format!("arn:aws:events:*:*:rule/{name}")
    } else {
        format!("arn:aws:events:*:*:rule/{bus}/{name}")
    }
}

/// True for the transient error of a role that IAM has not propagated yet.
fn not_assumable_yet(e: &CloudError) -> bool {
    e.message.contains("cannot be assumed")
}

/// Runs `op` until it succeeds, fails otherwise, or ASSUME_RETRY_FOR has passed.
async fn retry_assume<T, F, Fut>(what: &str, note: &(dyn Fn(&str) + Sync), mut op: F) -> CloudResult<T>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = CloudResult<T>>,
{
    let start = std::time::Instant::now();
    let mut delay = Duration::from_secs(1);
    loop {
        match op().await {
            Err(e) if not_assumable_yet(&e) && start.elapsed() < ASSUME_RETRY_FOR => {
                note(&format!(
                    "{what}: the role cannot be assumed yet (IAM is still propagating it); retrying in {}s",
                    delay.as_secs()
                ));
                tokio::time::sleep(delay).await;
                delay = (delay * 2).min(Duration::from_secs(10));
            }
            other => return other,
        }
    }
}

/// `PutRule` (with tags, which AWS applies only when creating); returns the rule ARN.
pub(crate) async fn put_rule(c: &SdkClient, input: &PutRuleInput, note: &(dyn Fn(&str) + Sync)) -> CloudResult<String> {
    let hint = rule_arn_hint(&input.event_bus_name, &input.name);
    retry_assume(&format!("PutRule {}", input.name), note, || async {
        let out = c
            .put_rule()
            .name(&input.name)
            .event_bus_name(&input.event_bus_name)
            .set_schedule_expression(input.schedule_expression.clone())
            .set_event_pattern(input.event_pattern.clone())
            .set_description(input.description.clone())
            .set_role_arn(input.role_arn.clone())
            .state(RuleState::from(input.state.as_str()))
            .set_tags((!input.tags.is_empty()).then(|| tags(&input.tags)))
            .send()
            .await
            .map_err(|e| cloud_error("events", "PutRule", Some(&hint), e))?;
        Ok(out.rule_arn().unwrap_or_default().to_string())
    })
    .await
}

fn tags(t: &Tags) -> Vec<Tag> {
    // Tag::build fails only without key or value; both are always set here.
    t.iter().filter_map(|(k, v)| Tag::builder().key(k).value(v).build().ok()).collect()
}

/// An [`EventRule`] (without tags) from a `DescribeRule` answer or a `ListRules` item: both
/// have the same accessors, but are different types.
macro_rules! rule_from_sdk {
    ($r:expr, $name:expr, $bus:expr) => {{
        let (r, bus) = ($r, $bus);
        EventRule {
            name: $name,
            arn: r.arn().unwrap_or_default().to_string(),
            event_bus_name: r.event_bus_name().unwrap_or(bus).to_string(),
            schedule_expression: r.schedule_expression().filter(|s| !s.is_empty()).map(str::to_string),
            event_pattern: r.event_pattern().filter(|s| !s.is_empty()).map(str::to_string),
            description: r.description().filter(|s| !s.is_empty()).map(str::to_string),
            role_arn: r.role_arn().filter(|s| !s.is_empty()).map(str::to_string),
            state: r.state().map(|s| s.as_str().to_string()).unwrap_or_else(|| "ENABLED".to_string()),
            tags: Tags::new(),
        }
    }};
}

/// `DescribeRule`; `None` when the rule does not exist. Tags are filled by the caller.
pub(crate) async fn describe_rule(c: &SdkClient, bus: &str, name: &str) -> CloudResult<Option<EventRule>> {
    match c.describe_rule().name(name).event_bus_name(bus).send().await {
        Ok(r) => Ok(Some(rule_from_sdk!(&r, r.name().unwrap_or(name).to_string(), bus))),
        Err(e) => {
            let err = cloud_error("events", "DescribeRule", Some(&rule_arn_hint(bus, name)), e);
            if err.kind == ErrorKind::NotFound {
                Ok(None)
            } else {
                Err(err)
            }
        }
    }
}

/// `ListRules`, every page (100 rules each), with `NamePrefix` when given; tags are not read.
pub(crate) async fn list_rules(c: &SdkClient, bus: &str, prefix: Option<&str>) -> CloudResult<Vec<EventRule>> {
    let mut out = Vec::new();
    let mut token: Option<String> = None;
    loop {
        let page = c
            .list_rules()
            .event_bus_name(bus)
            .set_name_prefix(prefix.map(str::to_string))
            .limit(100)
            .set_next_token(token.take())
            .send()
            .await
            .map_err(|e| cloud_error("events", "ListRules", None, e))?;
        for r in page.rules() {
            let Some(name) = r.name() else { continue };
            out.push(rule_from_sdk!(r, name.to_string(), bus));
        }
        match page.next_token() {
            Some(t) if !t.is_empty() => token = Some(t.to_string()),
            _ => return Ok(out),
        }
    }
}

/// `ListTagsForResource`.
pub(crate) async fn list_tags(c: &SdkClient, arn: &str) -> CloudResult<Tags> {
    let out = c
        .list_tags_for_resource()
        .resource_arn(arn)
        .send()
        .await
        .map_err(|e| cloud_error("events", "ListTagsForResource", Some(arn), e))?;
    Ok(out.tags().iter().map(|t| (t.key().to_string(), t.value().to_string())).collect())
}

/// `TagResource`.
pub(crate) async fn tag(c: &SdkClient, arn: &str, t: &Tags) -> CloudResult<()> {
    c.tag_resource()
        .resource_arn(arn)
        .set_tags(Some(tags(t)))
        .send()
        .await
        .map_err(|e| cloud_error("events", "TagResource", Some(arn), e))?;
    Ok(())
}

/// `UntagResource`.
pub(crate) async fn untag(c: &SdkClient, arn: &str, keys: &[String]) -> CloudResult<()> {
    c.untag_resource()
        .resource_arn(arn)
        .set_tag_keys(Some(keys.to_vec()))
        .send()
        .await
        .map_err(|e| cloud_error("events", "UntagResource", Some(arn), e))?;
    Ok(())
}

/// `UntagResource`/`TagResource` only for what differs between `have` and `want`.
pub(crate) async fn set_tags(c: &SdkClient, arn: &str, have: &Tags, want: &Tags) -> CloudResult<()> {
    let (remove, add) = crate::cloud::tag_delta(have, want);
    if !remove.is_empty() {
        untag(c, arn, &remove).await?;
    }
    if !add.is_empty() {
        tag(c, arn, &add).await?;
    }
    Ok(())
}

/// `DeleteRule`.
pub(crate) async fn delete_rule(c: &SdkClient, bus: &str, name: &str, force: bool) -> CloudResult<()> {
    c.delete_rule()
        .name(name)
        .event_bus_name(bus)
        .force(force)
        .send()
        .await
        .map_err(|e| cloud_error("events", "DeleteRule", Some(&rule_arn_hint(bus, name)), e))?;
    Ok(())
}

/// `ListTargetsByRule`, all pages: every target of the rule.
pub(crate) async fn list_targets(c: &SdkClient, bus: &str, rule: &str) -> CloudResult<Vec<EventTarget>> {
    let mut out = Vec::new();
    let mut token: Option<String> = None;
    loop {
        let page = c
            .list_targets_by_rule()
            .rule(rule)
            .event_bus_name(bus)
            .set_next_token(token.take())
            .send()
            .await
            .map_err(|e| cloud_error("events", "ListTargetsByRule", Some(&rule_arn_hint(bus, rule)), e))?;
        out.extend(page.targets().iter().map(target_from_sdk));
        match page.next_token() {
            Some(t) if !t.is_empty() => token = Some(t.to_string()),
            _ => break,
        }
    }
    Ok(out)
}

/// A shape the SDK refuses to build (a member PutTargets requires is missing) as an error
/// naming the member, before any call is made.
fn built<T>(r: Result<T, aws_smithy_types::error::operation::BuildError>, what: &str) -> CloudResult<T> {
    r.map_err(|e| {
        CloudError::new("events", "PutTargets", ErrorKind::Invalid, "InvalidParameter", format!("{what}: {e}"))
    })
}

fn some_text(s: Option<&str>) -> Option<String> {
    s.filter(|s| !s.is_empty()).map(str::to_string)
}

fn map_of(m: &std::collections::BTreeMap<String, String>) -> Option<std::collections::HashMap<String, String>> {
    (!m.is_empty()).then(|| m.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
}

fn int32(n: Option<i64>) -> Option<i32> {
    n.and_then(|n| i32::try_from(n).ok())
}

/// A target as `PutTargets` takes it.
fn target_to_sdk(t: &EventTarget) -> CloudResult<Target> {
    let p = &t.params;
    let mut b = Target::builder()
        .id(&t.id)
        .arn(&t.arn)
        .set_role_arn(t.role_arn.clone())
        .set_input(t.input.clone())
        .set_input_path(t.input_path.clone());
    if let Some(it) = &p.input_transformer {
        let x = sdk::InputTransformer::builder()
            .set_input_paths_map(map_of(&it.input_paths_map))
            .input_template(&it.input_template)
            .build();
        b = b.input_transformer(built(x, "input_transformer.input_template")?);
    }
    if let Some(d) = &p.dead_letter_config {
        b = b.dead_letter_config(sdk::DeadLetterConfig::builder().set_arn(d.arn.clone()).build());
    }
    if let Some(r) = &p.retry_policy {
        let x = sdk::RetryPolicy::builder()
            .set_maximum_event_age_in_seconds(int32(r.maximum_event_age_in_seconds))
            .set_maximum_retry_attempts(int32(r.maximum_retry_attempts))
            .build();
        b = b.retry_policy(x);
    }
    if let Some(e) = &p.ecs {
        b = b.ecs_parameters(ecs_to_sdk(e)?);
    }
    if let Some(x) = &p.batch {
        let mut bb = sdk::BatchParameters::builder().job_definition(&x.job_definition).job_name(&x.job_name);
        if let Some(n) = int32(x.array_size) {
            bb = bb.array_properties(sdk::BatchArrayProperties::builder().size(n).build());
        }
        if let Some(n) = int32(x.job_attempts) {
            bb = bb.retry_strategy(sdk::BatchRetryStrategy::builder().attempts(n).build());
        }
        b = b.batch_parameters(built(bb.build(), "batch_target")?);
    }
    if let Some(k) = &p.kinesis {
        let x = sdk::KinesisParameters::builder().set_partition_key_path(k.partition_key_path.clone()).build();
        b = b.kinesis_parameters(built(x, "kinesis_target.partition_key_path")?);
    }
    if let Some(q) = &p.sqs {
        b = b.sqs_parameters(sdk::SqsParameters::builder().set_message_group_id(q.message_group_id.clone()).build());
    }
    if let Some(h) = &p.http {
        let x = sdk::HttpParameters::builder()
            .set_header_parameters(map_of(&h.header_parameters))
            .set_path_parameter_values((!h.path_parameter_values.is_empty()).then(|| h.path_parameter_values.clone()))
            .set_query_string_parameters(map_of(&h.query_string_parameters))
            .build();
        b = b.http_parameters(x);
    }
    if let Some(r) = &p.redshift_data {
        let x = sdk::RedshiftDataParameters::builder()
            .database(&r.database)
            .set_db_user(r.db_user.clone())
            .set_secret_manager_arn(r.secret_manager_arn.clone())
            .set_sql(r.sql.clone())
            .set_statement_name(r.statement_name.clone())
            .with_event(r.with_event)
            .build();
        b = b.redshift_data_parameters(built(x, "redshift_target")?);
    }
    if let Some(s) = &p.sagemaker_pipeline {
        let mut list = Vec::new();
        for (name, value) in &s.pipeline_parameter_list {
            let x = sdk::SageMakerPipelineParameter::builder().name(name).value(value).build();
            list.push(built(x, "sagemaker_pipeline_target.pipeline_parameter_list")?);
        }
        let x = sdk::SageMakerPipelineParameters::builder().set_pipeline_parameter_list(Some(list)).build();
        b = b.sage_maker_pipeline_parameters(x);
    }
    if !p.run_command_targets.is_empty() {
        let mut list = Vec::new();
        for r in &p.run_command_targets {
            let x = sdk::RunCommandTarget::builder().key(&r.key).set_values(Some(r.values.clone())).build();
            list.push(built(x, "run_command_targets")?);
        }
        let x = sdk::RunCommandParameters::builder().set_run_command_targets(Some(list)).build();
        b = b.run_command_parameters(built(x, "run_command_targets")?);
    }
    if let Some(a) = &p.app_sync {
        b = b.app_sync_parameters(
            sdk::AppSyncParameters::builder().set_graph_ql_operation(a.graphql_operation.clone()).build(),
        );
    }
    built(b.build(), "target")
}

fn ecs_to_sdk(e: &super::EcsParameters) -> CloudResult<sdk::EcsParameters> {
    let mut b = sdk::EcsParameters::builder()
        .task_definition_arn(&e.task_definition_arn)
        .set_task_count(int32(e.task_count))
        .set_launch_type(e.launch_type.as_deref().map(sdk::LaunchType::from))
        .set_platform_version(e.platform_version.clone())
        .set_group(e.group.clone())
        .enable_ecs_managed_tags(e.enable_ecs_managed_tags)
        .enable_execute_command(e.enable_execute_command)
        .set_propagate_tags(e.propagate_tags.as_deref().map(sdk::PropagateTags::from));
    if let Some(n) = &e.network_configuration {
        let ip =
            n.assign_public_ip.map(|on| if on { sdk::AssignPublicIp::Enabled } else { sdk::AssignPublicIp::Disabled });
        let vpc = sdk::AwsVpcConfiguration::builder()
            .set_subnets(Some(n.subnets.clone()))
            .set_security_groups((!n.security_groups.is_empty()).then(|| n.security_groups.clone()))
            .set_assign_public_ip(ip)
            .build();
        let vpc = built(vpc, "ecs_target.network_configuration.subnets")?;
        b = b.network_configuration(sdk::NetworkConfiguration::builder().awsvpc_configuration(vpc).build());
    }
    for c in &e.capacity_provider_strategy {
        let x = sdk::CapacityProviderStrategyItem::builder()
            .capacity_provider(&c.capacity_provider)
            .set_weight(int32(Some(c.weight)))
            .set_base(int32(Some(c.base)))
            .build();
        b = b.capacity_provider_strategy(built(x, "ecs_target.capacity_provider_strategy")?);
    }
    for c in &e.placement_constraints {
        let x = sdk::PlacementConstraint::builder()
            .set_type(c.r#type.as_deref().map(sdk::PlacementConstraintType::from))
            .set_expression(c.expression.clone())
            .build();
        b = b.placement_constraints(x);
    }
    for s in &e.placement_strategy {
        let x = sdk::PlacementStrategy::builder()
            .set_type(s.r#type.as_deref().map(sdk::PlacementStrategyType::from))
            .set_field(s.field.clone())
            .build();
        b = b.placement_strategy(x);
    }
    if !e.tags.is_empty() {
        b = b.set_tags(Some(tags(&e.tags)));
    }
    built(b.build(), "ecs_target.task_definition_arn")
}

/// A target as `ListTargetsByRule` returns it.
fn target_from_sdk(t: &Target) -> EventTarget {
    let map = |m: Option<&std::collections::HashMap<String, String>>| {
        m.map(|m| m.iter().map(|(k, v)| (k.clone(), v.clone())).collect()).unwrap_or_default()
    };
    let params = TargetParams {
        input_transformer: t.input_transformer().map(|x| super::InputTransformer {
            input_paths_map: map(x.input_paths_map()),
            input_template: x.input_template().to_string(),
        }),
        dead_letter_config: t.dead_letter_config().map(|x| super::DeadLetterConfig { arn: some_text(x.arn()) }),
        retry_policy: t.retry_policy().map(|x| super::RetryPolicy {
            maximum_event_age_in_seconds: x.maximum_event_age_in_seconds().map(i64::from),
            maximum_retry_attempts: x.maximum_retry_attempts().map(i64::from),
        }),
        ecs: t.ecs_parameters().map(ecs_from_sdk),
        batch: t.batch_parameters().map(|x| super::BatchParameters {
            job_definition: x.job_definition().to_string(),
            job_name: x.job_name().to_string(),
            array_size: x.array_properties().map(|a| i64::from(a.size())),
            job_attempts: x.retry_strategy().map(|r| i64::from(r.attempts())),
        }),
        kinesis: t
            .kinesis_parameters()
            .map(|x| super::KinesisParameters { partition_key_path: some_text(Some(x.partition_key_path())) }),
        sqs: t.sqs_parameters().map(|x| super::SqsParameters { message_group_id: some_text(x.message_group_id()) }),
        http: t.http_parameters().map(|x| super::HttpParameters {
            header_parameters: map(x.header_parameters()),
            path_parameter_values: x.path_parameter_values().to_vec(),
            query_string_parameters: map(x.query_string_parameters()),
        }),
        redshift_data: t.redshift_data_parameters().map(|x| super::RedshiftDataParameters {
            database: x.database().to_string(),
            db_user: some_text(x.db_user()),
            secret_manager_arn: some_text(x.secret_manager_arn()),
            sql: some_text(x.sql()),
            statement_name: some_text(x.statement_name()),
            with_event: x.with_event(),
        }),
        sagemaker_pipeline: t.sage_maker_pipeline_parameters().map(|x| super::SageMakerPipelineParameters {
            pipeline_parameter_list: x
                .pipeline_parameter_list()
                .iter()
                .map(|p| (p.name().to_string(), p.value().to_string()))
                .collect(),
        }),
        run_command_targets: t
            .run_command_parameters()
            .map(|x| {
                x.run_command_targets()
                    .iter()
                    .map(|r| super::RunCommandTarget { key: r.key().to_string(), values: r.values().to_vec() })
                    .collect()
            })
            .unwrap_or_default(),
        app_sync: t
            .app_sync_parameters()
            .map(|x| super::AppSyncParameters { graphql_operation: some_text(x.graph_ql_operation()) }),
    };
    EventTarget {
        id: t.id().to_string(),
        arn: t.arn().to_string(),
        role_arn: some_text(t.role_arn()),
        input: some_text(t.input()),
        input_path: some_text(t.input_path()),
        params,
    }
}

fn ecs_from_sdk(e: &sdk::EcsParameters) -> super::EcsParameters {
    let vpc = e.network_configuration().and_then(|n| n.awsvpc_configuration());
    super::EcsParameters {
        task_definition_arn: e.task_definition_arn().to_string(),
        task_count: e.task_count().map(i64::from),
        launch_type: e.launch_type().map(|l| l.as_str().to_string()),
        network_configuration: vpc.map(|v| super::AwsVpcConfiguration {
            subnets: v.subnets().to_vec(),
            security_groups: v.security_groups().to_vec(),
            assign_public_ip: v.assign_public_ip().map(|ip| *ip == sdk::AssignPublicIp::Enabled),
        }),
        platform_version: some_text(e.platform_version()),
        group: some_text(e.group()),
        capacity_provider_strategy: e
            .capacity_provider_strategy()
            .iter()
            .map(|c| super::CapacityProviderStrategyItem {
                capacity_provider: c.capacity_provider().to_string(),
                weight: i64::from(c.weight()),
                base: i64::from(c.base()),
            })
            .collect(),
        enable_ecs_managed_tags: e.enable_ecs_managed_tags(),
        enable_execute_command: e.enable_execute_command(),
        placement_constraints: e
            .placement_constraints()
            .iter()
            .map(|c| super::PlacementConstraint {
                r#type: c.r#type().map(|t| t.as_str().to_string()),
                expression: some_text(c.expression()),
            })
            .collect(),
        placement_strategy: e
            .placement_strategy()
            .iter()
            .map(|s| super::PlacementStrategy {
                r#type: s.r#type().map(|t| t.as_str().to_string()),
                field: some_text(s.field()),
            })
            .collect(),
        propagate_tags: e.propagate_tags().map(|p| p.as_str().to_string()),
        tags: e.tags().iter().map(|t| (t.key().to_string(), t.value().to_string())).collect(),
    }
}

/// `PutTargets`. AWS reports per-target failures in a 200 response; those are errors too.
pub(crate) async fn put_targets(
    c: &SdkClient,
    bus: &str,
    rule: &str,
    targets: &[EventTarget],
    note: &(dyn Fn(&str) + Sync),
) -> CloudResult<()> {
    let hint = rule_arn_hint(bus, rule);
    let sdk_targets: Vec<Target> = targets.iter().map(target_to_sdk).collect::<CloudResult<_>>()?;
    retry_assume(&format!("PutTargets {rule}"), note, || async {
        let out = c
            .put_targets()
            .rule(rule)
            .event_bus_name(bus)
            .set_targets(Some(sdk_targets.clone()))
            .send()
            .await
            .map_err(|e| cloud_error("events", "PutTargets", Some(&hint), e))?;
        if let Some(f) = out.failed_entries().first() {
            let code = f.error_code().unwrap_or("FailedEntry").to_string();
            let message = format!("target {}: {}", f.target_id().unwrap_or("?"), f.error_message().unwrap_or(""));
            let kind = crate::cloud::aws::classify(&code, &message);
            return Err(CloudError::new("events", "PutTargets", kind, code, message));
        }
        Ok(())
    })
    .await
}

/// `RemoveTargets`.
pub(crate) async fn remove_targets(
    c: &SdkClient,
    bus: &str,
    rule: &str,
    ids: &[String],
    force: bool,
) -> CloudResult<()> {
    c.remove_targets()
        .rule(rule)
        .event_bus_name(bus)
        .set_ids(Some(ids.to_vec()))
        .force(force)
        .send()
        .await
        .map_err(|e| cloud_error("events", "RemoveTargets", Some(&rule_arn_hint(bus, rule)), e))?;
    Ok(())
}

/// EventBridge over the SDK (one client per region).
pub struct Client {
    clients: Regional<aws_sdk_eventbridge::Client>,
}

impl Client {
    /// EventBridge clients of `conn`.
    pub fn new(conn: &Arc<Connection>) -> Client {
        Client { clients: Regional::new(conn, |c, r| crate::sdk_client!(c, aws_sdk_eventbridge, "events", Some(r))) }
    }

    fn note(&self, msg: &str) {
        self.clients.connection().note(msg);
    }
}

#[async_trait]
impl Events for Client {
    async fn describe_event_bus(&self, region: &str, name: &str) -> CloudResult<Option<EventBus>> {
        match self.clients.get(region).describe_event_bus().name(name).send().await {
            Ok(b) => Ok(Some(EventBus {
                name: b.name().unwrap_or(name).to_string(),
                arn: b.arn().unwrap_or_default().to_string(),
                description: b.description().map(str::to_string),
                kms_key_identifier: b.kms_key_identifier().map(str::to_string),
            })),
            Err(e) => {
                let err = cloud_error("events", "DescribeEventBus", Some(name), e);
                if err.kind == ErrorKind::NotFound {
                    Ok(None)
                } else {
                    Err(err)
                }
            }
        }
    }

    async fn put_rule(&self, region: &str, input: &PutRuleInput) -> CloudResult<String> {
        put_rule(&self.clients.get(region), input, &|m| self.note(m)).await
    }
    async fn describe_rule(&self, region: &str, bus: &str, name: &str, tags: bool) -> CloudResult<Option<EventRule>> {
        let client = self.clients.get(region);
        let Some(mut rule) = describe_rule(&client, bus, name).await? else { return Ok(None) };
        if tags {
            rule.tags = list_tags(&client, &rule.arn).await?;
        }
        Ok(Some(rule))
    }
    async fn list_rules(&self, region: &str, bus: &str, name_prefix: Option<&str>) -> CloudResult<Vec<EventRule>> {
        list_rules(&self.clients.get(region), bus, name_prefix).await
    }
    async fn rule_tags(&self, region: &str, arn: &str) -> CloudResult<Tags> {
        list_tags(&self.clients.get(region), arn).await
    }
    async fn set_tags(&self, region: &str, arn: &str, have: &Tags, want: &Tags) -> CloudResult<()> {
        set_tags(&self.clients.get(region), arn, have, want).await
    }
    async fn delete_rule(&self, region: &str, bus: &str, name: &str, force: bool) -> CloudResult<()> {
        delete_rule(&self.clients.get(region), bus, name, force).await
    }
    async fn list_targets(&self, region: &str, bus: &str, rule: &str) -> CloudResult<Vec<EventTarget>> {
        list_targets(&self.clients.get(region), bus, rule).await
    }
    async fn put_targets(&self, region: &str, bus: &str, rule: &str, targets: &[EventTarget]) -> CloudResult<()> {
        put_targets(&self.clients.get(region), bus, rule, targets, &|m| self.note(m)).await
    }
    async fn remove_targets(
        &self,
        region: &str,
        bus: &str,
        rule: &str,
        ids: &[String],
        force: bool,
    ) -> CloudResult<()> {
        remove_targets(&self.clients.get(region), bus, rule, ids, force).await
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Mutex;

    use aws_sdk_eventbridge::operation::put_targets::{PutTargetsError, PutTargetsOutput};
    use aws_sdk_eventbridge::types::PutTargetsResultEntry;
    use aws_smithy_mocks::{mock, Rule, RuleMode};
    use aws_smithy_types::error::ErrorMetadata;

    use super::*;

    fn client(mode: RuleMode, rules: &[&Rule]) -> SdkClient {
        crate::mocked_client!(aws_sdk_eventbridge, mode, rules)
    }

    fn target() -> EventTarget {
        EventTarget {
            id: "t".into(),
            arn: "arn:aws:inspector:us-east-1:1:target/0-a/template/0-b".into(),
            role_arn: Some("arn:aws:iam::1:role/events".into()),
            input: None,
            input_path: None,
            params: TargetParams::default(),
        }
    }

    /// A target with every parameter set: the SDK shape PutTargets sends reads back
    /// (ListTargetsByRule's shape is the same type) as the same target, nothing lost.
    #[test]
    fn every_target_parameter_maps_to_the_sdk_and_back() {
        use crate::services::events as ev;
        let mut t = target();
        t.params = TargetParams {
            input_transformer: Some(ev::InputTransformer {
                input_paths_map: [("a".to_string(), "$.a".to_string())].into(),
                input_template: "<a>".into(),
            }),
            dead_letter_config: Some(ev::DeadLetterConfig { arn: Some("arn:aws:sqs:us-east-1:1:dlq".into()) }),
            retry_policy: Some(ev::RetryPolicy {
                maximum_event_age_in_seconds: Some(60),
                maximum_retry_attempts: None,
            }),
            ecs: Some(ev::EcsParameters {
                task_definition_arn: "arn:aws:ecs:us-east-1:1:task-definition/t:1".into(),
                task_count: Some(2),
                launch_type: Some("FARGATE".into()),
                network_configuration: Some(ev::AwsVpcConfiguration {
                    subnets: vec!["s".into()],
                    security_groups: vec!["g".into()],
                    assign_public_ip: Some(true),
                }),
                platform_version: Some("LATEST".into()),
                group: Some("g".into()),
                capacity_provider_strategy: vec![ev::CapacityProviderStrategyItem {
                    capacity_provider: "FARGATE".into(),
                    weight: 1,
                    base: 2,
                }],
                enable_ecs_managed_tags: true,
                enable_execute_command: true,
                placement_constraints: vec![ev::PlacementConstraint {
                    r#type: Some("memberOf".into()),
                    expression: Some("x".into()),
                }],
                placement_strategy: vec![ev::PlacementStrategy {
                    r#type: Some("spread".into()),
                    field: Some("f".into()),
                }],
                propagate_tags: Some("TASK_DEFINITION".into()),
                tags: [("k".to_string(), "v".to_string())].into(),
            }),
            batch: Some(ev::BatchParameters {
                job_definition: "d".into(),
                job_name: "n".into(),
                array_size: Some(3),
                job_attempts: Some(2),
            }),
            kinesis: Some(ev::KinesisParameters { partition_key_path: Some("$.id".into()) }),
            sqs: Some(ev::SqsParameters { message_group_id: Some("g".into()) }),
            http: Some(ev::HttpParameters {
                header_parameters: [("h".to_string(), "1".to_string())].into(),
                path_parameter_values: vec!["p".into()],
                query_string_parameters: [("q".to_string(), "2".to_string())].into(),
            }),
            redshift_data: Some(ev::RedshiftDataParameters {
                database: "db".into(),
                db_user: Some("u".into()),
                secret_manager_arn: None,
                sql: Some("select 1".into()),
                statement_name: Some("s".into()),
                with_event: true,
            }),
            sagemaker_pipeline: Some(ev::SageMakerPipelineParameters {
                pipeline_parameter_list: vec![("n".into(), "v".into())],
            }),
            run_command_targets: vec![ev::RunCommandTarget { key: "tag:a".into(), values: vec!["b".into()] }],
            app_sync: Some(ev::AppSyncParameters { graphql_operation: Some("mutation { x }".into()) }),
        };
        let sdk = target_to_sdk(&t).unwrap();
        assert_eq!(sdk.ecs_parameters().unwrap().launch_type(), Some(&sdk::LaunchType::Fargate));
        assert_eq!(target_from_sdk(&sdk), t);
        assert_eq!(target_from_sdk(&target_to_sdk(&target()).unwrap()), target(), "and a bare target stays bare");
    }

    /// A member PutTargets requires that is missing is an error naming it, not a target
    /// silently left out of the call.
    #[test]
    fn a_target_the_sdk_cannot_build_is_an_error() {
        let mut t = target();
        t.params.kinesis = Some(crate::services::events::KinesisParameters { partition_key_path: None });
        let err = target_to_sdk(&t).unwrap_err();
        assert_eq!(err.kind, ErrorKind::Invalid);
        assert!(err.message.contains("kinesis_target.partition_key_path"), "{}", err.message);
    }

    #[tokio::test]
    async fn failed_entries_in_a_200_answer_are_errors() {
        let rule = mock!(SdkClient::put_targets).then_output(|| {
            PutTargetsOutput::builder()
                .failed_entry_count(1)
                .failed_entries(
                    PutTargetsResultEntry::builder()
                        .target_id("t")
                        .error_code("ValidationException")
                        .error_message("bad arn")
                        .build(),
                )
                .build()
        });
        let err =
            put_targets(&client(RuleMode::MatchAny, &[&rule]), "default", "r", &[target()], &|_| {}).await.unwrap_err();
        assert_eq!(err.kind, ErrorKind::Invalid);
        assert!(err.message.contains("target t: bad arn"), "{}", err.message);
    }

    #[tokio::test]
    async fn a_role_not_yet_assumable_is_retried_and_said() {
        let first = mock!(SdkClient::put_targets).then_error(|| {
            PutTargetsError::generic(
                ErrorMetadata::builder()
                    .code("ValidationException")
                    .message("Role arn:aws:iam::1:role/events cannot be assumed by principal events.amazonaws.com")
                    .build(),
            )
        });
        let second = mock!(SdkClient::put_targets)
            .match_requests(|r| r.targets()[0].role_arn().is_some())
            .then_output(|| PutTargetsOutput::builder().failed_entry_count(0).build());
        let notes = Mutex::new(Vec::<String>::new());
        let c = client(RuleMode::Sequential, &[&first, &second]);
        put_targets(&c, "default", "r", &[target()], &|m| notes.lock().unwrap().push(m.to_string())).await.unwrap();
        assert_eq!(first.num_calls() + second.num_calls(), 2);
        let notes = notes.into_inner().unwrap();
        assert_eq!(notes.len(), 1);
        assert!(notes[0].contains("cannot be assumed yet"), "{notes:?}");
    }
}
