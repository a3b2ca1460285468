//! `aws_cloudwatch_event_target`: what an EventBridge rule invokes (an Inspector assessment
//! template with the role EventBridge assumes to start it, a topic, a queue, an ECS task, a
//! Batch job, …), with every setting `PutTargets` takes: the input (`input`, `input_path` or
//! `input_transformer`), the retry policy and dead-letter queue, and the parameters of each
//! kind of target (`ecs_target`, `batch_target`, `kinesis_target`, `sqs_target`,
//! `http_target`, `redshift_target`, `sagemaker_pipeline_target`, `run_command_targets`,
//! `appsync_target`), as provider 6.25 declares them.

use async_trait::async_trait;
use serde_json::{json, Value as Json};

use serde::Deserialize;

use super::typed::{self};
use super::{obj, opt, Ctx, Declared, Import, Obj, Resource, ID, REGION};
use crate::cloud::Absent;
use crate::cloud::{CloudResult, Tags};
use crate::schema::{self, Attr, BlockType, Default, Invalid, Schema, Ty};
use crate::services::events::{self as ev, EventTarget, TargetParams};

resource_type!(CloudwatchEventTarget = "aws_cloudwatch_event_target", Import::Parse(import_prior));

/// A string of `lo..=hi` characters (the provider's `StringLenBetween`).
fn len(v: &Json, lo: usize, hi: usize) -> Result<(), Invalid> {
    let Some(s) = v.as_str() else { return Ok(()) };
    let n = s.chars().count();
    if n < lo || n > hi {
        return Err(Invalid::new(format!("must be {lo} to {hi} characters long, this is {n}")));
    }
    Ok(())
}

/// `input_transformer.input_paths`: at most 100 entries, none named `AWS…` (reserved).
fn input_paths(v: &Json) -> Result<(), Invalid> {
    let Some(m) = v.as_object() else { return Ok(()) };
    if m.len() > 100 {
        return Err(Invalid::new(format!("at most 100 input paths are allowed, got {}", m.len())));
    }
    match m.keys().find(|k| k.starts_with("AWS")) {
        Some(k) => Err(Invalid {
            message: format!("input path {k:?} must not start with \"AWS\""),
            help: Some("EventBridge reserves names starting with AWS; rename the path".into()),
            range: None,
        }),
        None => Ok(()),
    }
}

/// An HTTP header name (a token of RFC 9110) as the provider checks it.
fn header_name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || "_!#$%&'*+,.^|~-".contains(c)
}

/// `http_target.header_parameters`: names of token characters, printable ASCII values, each
/// at most 512 characters.
fn header_parameters(v: &Json) -> Result<(), Invalid> {
    let Some(m) = v.as_object() else { return Ok(()) };
    for (k, x) in m {
        if k.is_empty() || k.len() > 512 || !k.chars().all(header_name_char) {
            return Err(Invalid::new(format!("{k:?} is not a valid HTTP header name")));
        }
        let x = x.as_str().unwrap_or_default();
        let printable = x.chars().all(|c| c == '\t' || (' '..='~').contains(&c)) && !x.trim().is_empty();
        if x.len() > 512 || !printable {
            return Err(Invalid::new(format!("the value of header {k:?} must be 1 to 512 printable ASCII characters")));
        }
    }
    Ok(())
}

/// `http_target.query_string_parameters`: at most 512 characters each, not only control
/// characters.
fn query_string_parameters(v: &Json) -> Result<(), Invalid> {
    let Some(m) = v.as_object() else { return Ok(()) };
    for (k, x) in m {
        let x = x.as_str().unwrap_or_default();
        if k.len() > 512 || k.chars().all(char::is_control) || x.len() > 512 || x.chars().all(char::is_control) {
            return Err(Invalid::new(format!(
                "query string parameter {k:?} must have a name and value of 1 to 512 characters"
            )));
        }
    }
    Ok(())
}

/// `run_command_targets.values`: 1 to 50 values of 1 to 256 characters.
fn run_command_values(v: &Json) -> Result<(), Invalid> {
    let Some(a) = v.as_array() else { return Ok(()) };
    if a.len() > 50 {
        return Err(Invalid::new(format!("at most 50 values are allowed, got {}", a.len())));
    }
    a.iter().try_for_each(|x| len(x, 1, 256))
}

static INPUT_TRANSFORMER: &[Attr] = &[
    Attr::optional("input_paths", Ty::StringMap).validate(input_paths),
    Attr::required("input_template", Ty::String).validate(|v| len(v, 1, 8192)),
];
static DEAD_LETTER_CONFIG: &[Attr] = &[Attr::optional("arn", Ty::String).validate(schema::arn).empty_is_unset()];
// The provider records an unset number of these blocks as 0: a zero is "not set".
static RETRY_POLICY: &[Attr] = &[
    Attr::optional("maximum_event_age_in_seconds", Ty::Number)
        .validate(|v| schema::int_range(v, 0, 86400))
        .empty_is_unset(),
    Attr::optional("maximum_retry_attempts", Ty::Number).validate(|v| schema::int_range(v, 0, 185)).empty_is_unset(),
];
static CAPACITY_PROVIDER_STRATEGY: &[Attr] = &[
    Attr::optional("base", Ty::Number).validate(|v| schema::int_range(v, 0, 100_000)).empty_is_unset(),
    Attr::required("capacity_provider", Ty::String),
    Attr::optional("weight", Ty::Number).validate(|v| schema::int_range(v, 0, 1000)).empty_is_unset(),
];
static NETWORK_CONFIGURATION: &[Attr] = &[
    Attr::optional("assign_public_ip", Ty::Bool).default(Default::Bool(false)),
    Attr::optional("security_groups", Ty::StringSet),
    Attr::required("subnets", Ty::StringSet),
];
static ORDERED_PLACEMENT_STRATEGY: &[Attr] = &[
    Attr::optional("field", Ty::String).validate(|v| len(v, 0, 255)),
    Attr::required("type", Ty::String).validate(|v| schema::one_of(v, &["random", "spread", "binpack"])),
];
static PLACEMENT_CONSTRAINT: &[Attr] = &[
    Attr::optional("expression", Ty::String),
    Attr::required("type", Ty::String).validate(|v| schema::one_of(v, &["distinctInstance", "memberOf"])),
];
static ECS_TARGET: &[Attr] = &[
    Attr::optional("enable_ecs_managed_tags", Ty::Bool).default(Default::Bool(false)),
    Attr::optional("enable_execute_command", Ty::Bool).default(Default::Bool(false)),
    Attr::optional("group", Ty::String).validate(|v| len(v, 1, 255)),
    Attr::optional("launch_type", Ty::String).validate(|v| schema::one_of(v, &["EC2", "FARGATE", "EXTERNAL"])),
    Attr::optional("platform_version", Ty::String).validate(|v| len(v, 0, 1600)),
    Attr::optional("propagate_tags", Ty::String).validate(|v| schema::one_of(v, &["TASK_DEFINITION"])),
    Attr::optional("tags", Ty::StringMap),
    Attr::optional("task_count", Ty::Number)
        .default(Default::Int(1))
        .validate(|v| schema::int_range(v, 1, i32::MAX as i64)),
    Attr::required("task_definition_arn", Ty::String).validate(schema::arn),
];
static ECS_BLOCKS: &[BlockType] = &[
    BlockType::new("capacity_provider_strategy", CAPACITY_PROVIDER_STRATEGY).set(),
    BlockType::new("network_configuration", NETWORK_CONFIGURATION).single(),
    BlockType::new("ordered_placement_strategy", ORDERED_PLACEMENT_STRATEGY).max_items(5),
    BlockType::new("placement_constraint", PLACEMENT_CONSTRAINT).set().max_items(10),
];
static BATCH_TARGET: &[Attr] = &[
    Attr::optional("array_size", Ty::Number).validate(|v| schema::int_range(v, 2, 10_000)).empty_is_unset(),
    Attr::optional("job_attempts", Ty::Number).validate(|v| schema::int_range(v, 1, 10)).empty_is_unset(),
    Attr::required("job_definition", Ty::String),
    Attr::required("job_name", Ty::String),
];
static KINESIS_TARGET: &[Attr] = &[Attr::optional("partition_key_path", Ty::String).validate(|v| len(v, 1, 256))];
static SQS_TARGET: &[Attr] = &[Attr::optional("message_group_id", Ty::String)];
static HTTP_TARGET: &[Attr] = &[
    Attr::optional("header_parameters", Ty::StringMap).validate(header_parameters),
    Attr::optional("path_parameter_values", Ty::StringList),
    Attr::optional("query_string_parameters", Ty::StringMap).validate(query_string_parameters),
];
static REDSHIFT_TARGET: &[Attr] = &[
    Attr::required("database", Ty::String).validate(|v| len(v, 1, 64)),
    Attr::optional("db_user", Ty::String).validate(|v| len(v, 1, 128)),
    Attr::optional("secrets_manager_arn", Ty::String).validate(schema::arn),
    Attr::optional("sql", Ty::String).validate(|v| len(v, 1, 100_000)),
    Attr::optional("statement_name", Ty::String).validate(|v| len(v, 1, 500)),
    // The provider records an unset `with_event` as false.
    Attr::optional("with_event", Ty::Bool).empty_is_unset(),
];
static PIPELINE_PARAMETER: &[Attr] = &[Attr::required("name", Ty::String), Attr::required("value", Ty::String)];
static SAGEMAKER_BLOCKS: &[BlockType] =
    &[BlockType::new("pipeline_parameter_list", PIPELINE_PARAMETER).set().max_items(200)];
static RUN_COMMAND_TARGETS: &[Attr] = &[
    Attr::required("key", Ty::String).validate(|v| len(v, 1, 128)),
    Attr::required("values", Ty::StringList).validate(run_command_values),
];
static APPSYNC_TARGET: &[Attr] = &[Attr::optional("graphql_operation", Ty::String).validate(|v| len(v, 1, 1_048_576))];

static SCHEMA: Schema = Schema {
    // The provider's `SchemaVersion: 1` (its state upgrader reads version 0).
    version: 1,
    attrs: &[
        ID,
        Attr::required("rule", Ty::String).force_new().validate(schema::events_name),
        Attr::optional_computed("target_id", Ty::String).force_new().validate(schema::events_name),
        Attr::required("arn", Ty::String).validate(schema::arn),
        Attr::optional("role_arn", Ty::String).validate(schema::arn).empty_is_unset(),
        Attr::optional("input", Ty::String).json().validate(input).empty_is_unset(),
        Attr::optional("input_path", Ty::String).validate(|v| len(v, 0, 256)),
        Attr::optional("event_bus_name", Ty::String).force_new().default(Default::Str("default")),
        // Sent with RemoveTargets (`Force`), which AWS needs only on a rule another service
        // manages; kept in the state as configured.
        Attr::optional("force_destroy", Ty::Bool).default(Default::Bool(false)),
        REGION,
    ],
    blocks: &[
        BlockType::new("appsync_target", APPSYNC_TARGET).single(),
        BlockType::new("batch_target", BATCH_TARGET).single(),
        BlockType::new("dead_letter_config", DEAD_LETTER_CONFIG).single(),
        BlockType::new("ecs_target", ECS_TARGET).single().blocks(ECS_BLOCKS),
        BlockType::new("http_target", HTTP_TARGET).single(),
        BlockType::new("input_transformer", INPUT_TRANSFORMER).single(),
        BlockType::new("kinesis_target", KINESIS_TARGET).single(),
        BlockType::new("redshift_target", REDSHIFT_TARGET).single(),
        BlockType::new("retry_policy", RETRY_POLICY).single(),
        BlockType::new("run_command_targets", RUN_COMMAND_TARGETS).max_items(5),
        BlockType::new("sagemaker_pipeline_target", &[]).single().blocks(SAGEMAKER_BLOCKS),
        BlockType::new("sqs_target", SQS_TARGET).single(),
    ],
    ..Schema::NONE
};

/// `input`: JSON text (not only an object: built-in targets take a string) of at most 8192
/// characters, as the provider checks it.
fn input(v: &Json) -> Result<(), Invalid> {
    len(v, 0, 8192)?;
    let Some(s) = v.as_str() else { return Ok(()) };
    serde_json::from_str::<Json>(s).map(|_| ()).map_err(|e| Invalid {
        message: format!("not valid JSON: {e}"),
        help: Some("build the input with jsonencode(...) to get valid JSON".into()),
        range: None,
    })
}

/// A block list of one item, or none.
fn one<T>(v: Option<&T>, f: impl Fn(&T) -> Json) -> Json {
    Json::Array(v.map(f).into_iter().collect())
}

fn text_list(v: &[String]) -> Json {
    if v.is_empty() {
        Json::Null
    } else {
        Json::from(v.to_vec())
    }
}

fn text_map(m: &std::collections::BTreeMap<String, String>) -> Json {
    if m.is_empty() {
        Json::Null
    } else {
        json!(m)
    }
}

/// The ECS parameters as the `ecs_target` block records them.
fn ecs_block(e: &ev::EcsParameters) -> Json {
    let strategy: Vec<Json> = e
        .capacity_provider_strategy
        .iter()
        .map(|c| json!({ "base": c.base, "capacity_provider": c.capacity_provider, "weight": c.weight }))
        .collect();
    let network = one(e.network_configuration.as_ref(), |n| {
        json!({
            "assign_public_ip": n.assign_public_ip.unwrap_or(false),
            "security_groups": text_list(&n.security_groups),
            "subnets": text_list(&n.subnets),
        })
    });
    let ordered: Vec<Json> = e
        .placement_strategy
        .iter()
        .map(|s| json!({ "field": opt(s.field.as_deref()), "type": opt(s.r#type.as_deref()) }))
        .collect();
    let constraints: Vec<Json> = e
        .placement_constraints
        .iter()
        .map(|c| json!({ "expression": opt(c.expression.as_deref()), "type": opt(c.r#type.as_deref()) }))
        .collect();
    json!({
        "capacity_provider_strategy": strategy,
        "enable_ecs_managed_tags": e.enable_ecs_managed_tags,
        "enable_execute_command": e.enable_execute_command,
        "group": opt(e.group.as_deref()),
        "launch_type": opt(e.launch_type.as_deref()),
        "network_configuration": network,
        "ordered_placement_strategy": ordered,
        "placement_constraint": constraints,
        "platform_version": opt(e.platform_version.as_deref()),
        "propagate_tags": opt(e.propagate_tags.as_deref()),
        "tags": text_map(&e.tags),
        "task_count": e.task_count,
        "task_definition_arn": e.task_definition_arn,
    })
}

/// The target's parameters as the blocks record them (a block list is empty when the target
/// has none of that kind).
fn param_blocks(p: &TargetParams) -> Vec<(&'static str, Json)> {
    vec![
        (
            "appsync_target",
            one(p.app_sync.as_ref(), |a| json!({ "graphql_operation": opt(a.graphql_operation.as_deref()) })),
        ),
        (
            "batch_target",
            one(p.batch.as_ref(), |b| {
                json!({
                    "array_size": b.array_size,
                    "job_attempts": b.job_attempts,
                    "job_definition": b.job_definition,
                    "job_name": b.job_name,
                })
            }),
        ),
        ("dead_letter_config", one(p.dead_letter_config.as_ref(), |d| json!({ "arn": opt(d.arn.as_deref()) }))),
        ("ecs_target", one(p.ecs.as_ref(), ecs_block)),
        (
            "http_target",
            one(p.http.as_ref(), |h| {
                json!({
                    "header_parameters": text_map(&h.header_parameters),
                    "path_parameter_values": text_list(&h.path_parameter_values),
                    "query_string_parameters": text_map(&h.query_string_parameters),
                })
            }),
        ),
        (
            "input_transformer",
            one(
                p.input_transformer.as_ref(),
                |t| json!({ "input_paths": text_map(&t.input_paths_map), "input_template": t.input_template }),
            ),
        ),
        (
            "kinesis_target",
            one(p.kinesis.as_ref(), |k| json!({ "partition_key_path": opt(k.partition_key_path.as_deref()) })),
        ),
        (
            "redshift_target",
            one(p.redshift_data.as_ref(), |r| {
                json!({
                    "database": r.database,
                    "db_user": opt(r.db_user.as_deref()),
                    "secrets_manager_arn": opt(r.secret_manager_arn.as_deref()),
                    "sql": opt(r.sql.as_deref()),
                    "statement_name": opt(r.statement_name.as_deref()),
                    "with_event": r.with_event,
                })
            }),
        ),
        (
            "retry_policy",
            one(p.retry_policy.as_ref(), |r| {
                json!({
                    "maximum_event_age_in_seconds": r.maximum_event_age_in_seconds,
                    "maximum_retry_attempts": r.maximum_retry_attempts,
                })
            }),
        ),
        (
            "run_command_targets",
            Json::Array(p.run_command_targets.iter().map(|r| json!({ "key": r.key, "values": r.values })).collect()),
        ),
        (
            "sagemaker_pipeline_target",
            one(p.sagemaker_pipeline.as_ref(), |s| {
                let list: Vec<Json> =
                    s.pipeline_parameter_list.iter().map(|(n, v)| json!({ "name": n, "value": v })).collect();
                json!({ "pipeline_parameter_list": list })
            }),
        ),
        ("sqs_target", one(p.sqs.as_ref(), |q| json!({ "message_group_id": opt(q.message_group_id.as_deref()) }))),
    ]
}

/// The id the provider records (its `targetCreateResourceID`): `RULE-TARGET_ID`, or
/// `BUS-RULE-TARGET_ID` on another event bus. `-` may occur in all three parts, so the id is
/// never parsed: the verbs read `event_bus_name`, `rule` and `target_id` (which is also why a
/// state recorded with the older `BUS/RULE/TARGET_ID` id still refreshes, to this id).
fn resource_id(bus: &str, rule: &str, target_id: &str) -> String {
    if bus.is_empty() || bus == "default" {
        format!("{rule}-{target_id}")
    } else {
        format!("{bus}-{rule}-{target_id}")
    }
}

/// The stored object; `force_destroy` is the configuration's (AWS does not keep it).
fn to_obj(bus: &str, rule: &str, t: &EventTarget, force_destroy: bool) -> Obj {
    let mut pairs = vec![
        ("id", Json::from(resource_id(bus, rule, &t.id))),
        ("rule", Json::from(rule)),
        ("target_id", Json::from(t.id.as_str())),
        ("arn", Json::from(t.arn.as_str())),
        ("role_arn", opt(t.role_arn.as_deref())),
        ("input", opt(t.input.as_deref())),
        ("input_path", opt(t.input_path.as_deref())),
        ("event_bus_name", Json::from(bus)),
        ("force_destroy", Json::Bool(force_destroy)),
    ];
    pairs.extend(param_blocks(&t.params));
    obj(&SCHEMA, pairs)
}

/// What the verbs read; each block's items are read by a struct of their own (below).
#[derive(Deserialize)]
pub struct Args {
    #[serde(default, deserialize_with = "typed::required")]
    rule: String,
    #[serde(default, deserialize_with = "typed::text")]
    target_id: Option<String>,
    #[serde(default, deserialize_with = "typed::required")]
    arn: String,
    #[serde(default, deserialize_with = "typed::text")]
    role_arn: Option<String>,
    #[serde(default, deserialize_with = "typed::text")]
    input: Option<String>,
    #[serde(default, deserialize_with = "typed::text")]
    input_path: Option<String>,
    #[serde(default, deserialize_with = "typed::text")]
    event_bus_name: Option<String>,
    #[serde(default, deserialize_with = "typed::flag")]
    force_destroy: Option<bool>,
    #[serde(default, deserialize_with = "typed::blocks")]
    appsync_target: Vec<AppsyncBlock>,
    #[serde(default, deserialize_with = "typed::blocks")]
    batch_target: Vec<BatchBlock>,
    #[serde(default, deserialize_with = "typed::blocks")]
    dead_letter_config: Vec<DeadLetterBlock>,
    #[serde(default, deserialize_with = "typed::blocks")]
    ecs_target: Vec<EcsBlock>,
    #[serde(default, deserialize_with = "typed::blocks")]
    http_target: Vec<HttpBlock>,
    #[serde(default, deserialize_with = "typed::blocks")]
    input_transformer: Vec<TransformerBlock>,
    #[serde(default, deserialize_with = "typed::blocks")]
    kinesis_target: Vec<KinesisBlock>,
    #[serde(default, deserialize_with = "typed::blocks")]
    redshift_target: Vec<RedshiftBlock>,
    #[serde(default, deserialize_with = "typed::blocks")]
    retry_policy: Vec<RetryBlock>,
    #[serde(default, deserialize_with = "typed::blocks")]
    run_command_targets: Vec<RunCommandBlock>,
    #[serde(default, deserialize_with = "typed::blocks")]
    sagemaker_pipeline_target: Vec<SagemakerBlock>,
    #[serde(default, deserialize_with = "typed::blocks")]
    sqs_target: Vec<SqsBlock>,
}

#[derive(Deserialize)]
struct AppsyncBlock {
    #[serde(default, deserialize_with = "typed::text")]
    graphql_operation: Option<String>,
}

#[derive(Deserialize)]
struct BatchBlock {
    #[serde(default, deserialize_with = "typed::int")]
    array_size: Option<i64>,
    #[serde(default, deserialize_with = "typed::int")]
    job_attempts: Option<i64>,
    #[serde(default, deserialize_with = "typed::required")]
    job_definition: String,
    #[serde(default, deserialize_with = "typed::required")]
    job_name: String,
}

#[derive(Deserialize)]
struct DeadLetterBlock {
    #[serde(default, deserialize_with = "typed::text")]
    arn: Option<String>,
}

#[derive(Deserialize)]
struct EcsBlock {
    #[serde(default, deserialize_with = "typed::blocks")]
    capacity_provider_strategy: Vec<CapacityBlock>,
    #[serde(default, deserialize_with = "typed::flag")]
    enable_ecs_managed_tags: Option<bool>,
    #[serde(default, deserialize_with = "typed::flag")]
    enable_execute_command: Option<bool>,
    #[serde(default, deserialize_with = "typed::text")]
    group: Option<String>,
    #[serde(default, deserialize_with = "typed::text")]
    launch_type: Option<String>,
    #[serde(default, deserialize_with = "typed::blocks")]
    network_configuration: Vec<NetworkBlock>,
    #[serde(default, deserialize_with = "typed::blocks")]
    ordered_placement_strategy: Vec<PlacementBlock>,
    #[serde(default, deserialize_with = "typed::blocks")]
    placement_constraint: Vec<ConstraintBlock>,
    #[serde(default, deserialize_with = "typed::text")]
    platform_version: Option<String>,
    #[serde(default, deserialize_with = "typed::text")]
    propagate_tags: Option<String>,
    #[serde(default, deserialize_with = "typed::tags")]
    tags: Tags,
    #[serde(default, deserialize_with = "typed::int")]
    task_count: Option<i64>,
    #[serde(default, deserialize_with = "typed::required")]
    task_definition_arn: String,
}

#[derive(Deserialize)]
struct CapacityBlock {
    #[serde(default, deserialize_with = "typed::int")]
    base: Option<i64>,
    #[serde(default, deserialize_with = "typed::required")]
    capacity_provider: String,
    #[serde(default, deserialize_with = "typed::int")]
    weight: Option<i64>,
}

#[derive(Deserialize)]
struct NetworkBlock {
    #[serde(default, deserialize_with = "typed::flag")]
    assign_public_ip: Option<bool>,
    #[serde(default, deserialize_with = "typed::strings")]
    security_groups: Vec<String>,
    #[serde(default, deserialize_with = "typed::strings")]
    subnets: Vec<String>,
}

#[derive(Deserialize)]
struct PlacementBlock {
    #[serde(default, deserialize_with = "typed::text")]
    field: Option<String>,
    #[serde(default, deserialize_with = "typed::text")]
    r#type: Option<String>,
}

#[derive(Deserialize)]
struct ConstraintBlock {
    #[serde(default, deserialize_with = "typed::text")]
    expression: Option<String>,
    #[serde(default, deserialize_with = "typed::text")]
    r#type: Option<String>,
}

#[derive(Deserialize)]
struct HttpBlock {
    #[serde(default, deserialize_with = "typed::tags")]
    header_parameters: Tags,
    #[serde(default, deserialize_with = "typed::strings")]
    path_parameter_values: Vec<String>,
    #[serde(default, deserialize_with = "typed::tags")]
    query_string_parameters: Tags,
}

#[derive(Deserialize)]
struct TransformerBlock {
    #[serde(default, deserialize_with = "typed::tags")]
    input_paths: Tags,
    #[serde(default, deserialize_with = "typed::required")]
    input_template: String,
}

#[derive(Deserialize)]
struct KinesisBlock {
    #[serde(default, deserialize_with = "typed::text")]
    partition_key_path: Option<String>,
}

#[derive(Deserialize)]
struct RedshiftBlock {
    #[serde(default, deserialize_with = "typed::required")]
    database: String,
    #[serde(default, deserialize_with = "typed::text")]
    db_user: Option<String>,
    #[serde(default, deserialize_with = "typed::text")]
    secrets_manager_arn: Option<String>,
    #[serde(default, deserialize_with = "typed::text")]
    sql: Option<String>,
    #[serde(default, deserialize_with = "typed::text")]
    statement_name: Option<String>,
    #[serde(default, deserialize_with = "typed::flag")]
    with_event: Option<bool>,
}

#[derive(Deserialize)]
struct RetryBlock {
    #[serde(default, deserialize_with = "typed::int")]
    maximum_event_age_in_seconds: Option<i64>,
    #[serde(default, deserialize_with = "typed::int")]
    maximum_retry_attempts: Option<i64>,
}

#[derive(Deserialize)]
struct RunCommandBlock {
    #[serde(default, deserialize_with = "typed::required")]
    key: String,
    #[serde(default, deserialize_with = "typed::strings")]
    values: Vec<String>,
}

#[derive(Deserialize)]
struct SagemakerBlock {
    #[serde(default, deserialize_with = "typed::blocks")]
    pipeline_parameter_list: Vec<PipelineParameterBlock>,
}

#[derive(Deserialize)]
struct PipelineParameterBlock {
    #[serde(default, deserialize_with = "typed::required")]
    name: String,
    #[serde(default, deserialize_with = "typed::required")]
    value: String,
}

#[derive(Deserialize)]
struct SqsBlock {
    #[serde(default, deserialize_with = "typed::text")]
    message_group_id: Option<String>,
}

/// The ECS parameters of an `ecs_target` block; what the provider sends for each unset
/// argument (false, zero weight and base, `DISABLED` public IP).
fn ecs_params(e: &EcsBlock) -> ev::EcsParameters {
    ev::EcsParameters {
        task_definition_arn: e.task_definition_arn.clone(),
        task_count: Some(e.task_count.unwrap_or(1)),
        launch_type: e.launch_type.clone(),
        network_configuration: e.network_configuration.first().map(|n| ev::AwsVpcConfiguration {
            subnets: n.subnets.clone(),
            security_groups: n.security_groups.clone(),
            assign_public_ip: Some(n.assign_public_ip.unwrap_or(false)),
        }),
        platform_version: e.platform_version.clone(),
        group: e.group.clone(),
        capacity_provider_strategy: e
            .capacity_provider_strategy
            .iter()
            .map(|c| ev::CapacityProviderStrategyItem {
                capacity_provider: c.capacity_provider.clone(),
                weight: c.weight.unwrap_or(0),
                base: c.base.unwrap_or(0),
            })
            .collect(),
        enable_ecs_managed_tags: e.enable_ecs_managed_tags.unwrap_or(false),
        enable_execute_command: e.enable_execute_command.unwrap_or(false),
        placement_constraints: e
            .placement_constraint
            .iter()
            .map(|c| ev::PlacementConstraint { r#type: c.r#type.clone(), expression: c.expression.clone() })
            .collect(),
        placement_strategy: e
            .ordered_placement_strategy
            .iter()
            .map(|s| ev::PlacementStrategy { r#type: s.r#type.clone(), field: s.field.clone() })
            .collect(),
        propagate_tags: e.propagate_tags.clone(),
        tags: e.tags.clone(),
    }
}

impl Args {
    fn bus(&self) -> &str {
        self.event_bus_name.as_deref().unwrap_or("default")
    }
    fn id(&self) -> &str {
        self.target_id.as_deref().unwrap_or_default()
    }
    fn force(&self) -> bool {
        self.force_destroy.unwrap_or(false)
    }
    /// The target's parameters as PutTargets takes them, from the blocks.
    fn params(&self) -> TargetParams {
        TargetParams {
            input_transformer: self.input_transformer.first().map(|t| ev::InputTransformer {
                input_paths_map: t.input_paths.clone(),
                input_template: t.input_template.clone(),
            }),
            dead_letter_config: self.dead_letter_config.first().map(|d| ev::DeadLetterConfig { arn: d.arn.clone() }),
            retry_policy: self.retry_policy.first().map(|r| ev::RetryPolicy {
                maximum_event_age_in_seconds: r.maximum_event_age_in_seconds,
                maximum_retry_attempts: r.maximum_retry_attempts,
            }),
            ecs: self.ecs_target.first().map(ecs_params),
            batch: self.batch_target.first().map(|b| ev::BatchParameters {
                job_definition: b.job_definition.clone(),
                job_name: b.job_name.clone(),
                array_size: b.array_size,
                job_attempts: b.job_attempts,
            }),
            kinesis: self
                .kinesis_target
                .first()
                .map(|k| ev::KinesisParameters { partition_key_path: k.partition_key_path.clone() }),
            sqs: self.sqs_target.first().map(|q| ev::SqsParameters { message_group_id: q.message_group_id.clone() }),
            http: self.http_target.first().map(|h| ev::HttpParameters {
                header_parameters: h.header_parameters.clone(),
                path_parameter_values: h.path_parameter_values.clone(),
                query_string_parameters: h.query_string_parameters.clone(),
            }),
            redshift_data: self.redshift_target.first().map(|r| ev::RedshiftDataParameters {
                database: r.database.clone(),
                db_user: r.db_user.clone(),
                secret_manager_arn: r.secrets_manager_arn.clone(),
                sql: r.sql.clone(),
                statement_name: r.statement_name.clone(),
                with_event: r.with_event.unwrap_or(false),
            }),
            sagemaker_pipeline: self.sagemaker_pipeline_target.first().map(|s| ev::SageMakerPipelineParameters {
                pipeline_parameter_list: s
                    .pipeline_parameter_list
                    .iter()
                    .map(|p| (p.name.clone(), p.value.clone()))
                    .collect(),
            }),
            run_command_targets: self
                .run_command_targets
                .iter()
                .map(|r| ev::RunCommandTarget { key: r.key.clone(), values: r.values.clone() })
                .collect(),
            app_sync: self
                .appsync_target
                .first()
                .map(|a| ev::AppSyncParameters { graphql_operation: a.graphql_operation.clone() }),
        }
    }
    fn target(&self, id: &str) -> EventTarget {
        EventTarget {
            id: id.to_string(),
            arn: self.arn.clone(),
            role_arn: self.role_arn.clone(),
            input: self.input.clone(),
            input_path: self.input_path.clone(),
            params: self.params(),
        }
    }
}

#[async_trait]
impl Resource for CloudwatchEventTarget {
    fn reads() -> Vec<String> {
        [
            typed::names::<Args>(""),
            typed::names::<AppsyncBlock>("appsync_target"),
            typed::names::<BatchBlock>("batch_target"),
            typed::names::<DeadLetterBlock>("dead_letter_config"),
            typed::names::<EcsBlock>("ecs_target"),
            typed::names::<CapacityBlock>("ecs_target.capacity_provider_strategy"),
            typed::names::<NetworkBlock>("ecs_target.network_configuration"),
            typed::names::<PlacementBlock>("ecs_target.ordered_placement_strategy"),
            typed::names::<ConstraintBlock>("ecs_target.placement_constraint"),
            typed::names::<HttpBlock>("http_target"),
            typed::names::<TransformerBlock>("input_transformer"),
            typed::names::<KinesisBlock>("kinesis_target"),
            typed::names::<RedshiftBlock>("redshift_target"),
            typed::names::<RetryBlock>("retry_policy"),
            typed::names::<RunCommandBlock>("run_command_targets"),
            typed::names::<SagemakerBlock>("sagemaker_pipeline_target"),
            typed::names::<PipelineParameterBlock>("sagemaker_pipeline_target.pipeline_parameter_list"),
            typed::names::<SqsBlock>("sqs_target"),
        ]
        .concat()
    }

    /// The provider's `ConflictsWith` among the three ways to give the input.
    fn check(&self, planned: &Obj) -> Vec<(&'static str, Invalid)> {
        // Planned objects always fit the schema's types; nothing to check otherwise.
        let Ok(a) = Self::args(planned) else { return Vec::new() };
        let set = [
            ("input", a.input.is_some()),
            ("input_path", a.input_path.is_some()),
            ("input_transformer", !a.input_transformer.is_empty()),
        ];
        let given: Vec<&'static str> = set.iter().filter(|(_, on)| *on).map(|(n, _)| *n).collect();
        if given.len() > 1 {
            let names: Vec<String> = given.iter().map(|n| format!("`{n}`")).collect();
            let at = if a.input_path.is_some() { "input_path" } else { "input" };
            return vec![(
                at,
                Invalid {
                    message: format!("{} cannot both be set", names.join(" and ")),
                    help: Some("give the target's input one way: `input`, `input_path` or `input_transformer`".into()),
                    range: None,
                },
            )];
        }
        Vec::new()
    }
    /// One `ListTargetsByRule` call returns every target of the rule.
    fn identity(&self, planned: &Obj) -> Option<String> {
        let text = |k: &str| planned.get(k).and_then(Json::as_str).filter(|s| !s.is_empty());
        Some(format!("{}/{}/{}", text("event_bus_name").unwrap_or("default"), text("rule")?, text("target_id")?))
    }

    async fn read(&self, ctx: &Ctx<'_>, prior: &Obj) -> CloudResult<Option<Obj>> {
        let p = Self::args(prior)?;
        let Some(targets) = ctx.cloud.events.list_targets(ctx.region, p.bus(), &p.rule).await.found()? else {
            return Ok(None);
        };
        Ok(targets.iter().find(|t| t.id == p.id()).map(|t| to_obj(p.bus(), &p.rule, t, p.force())))
    }

    fn batch_read(&self) -> bool {
        true
    }

    /// One ListTargetsByRule call per rule, however many of its targets are managed.
    async fn read_many(&self, ctx: &Ctx<'_>, priors: &[&Obj]) -> CloudResult<Vec<Option<Obj>>> {
        let priors: Vec<Args> = priors.iter().map(|p| Self::args(p)).collect::<CloudResult<_>>()?;
        let mut by_rule: std::collections::BTreeMap<(&str, &str), Option<Vec<EventTarget>>> =
            std::collections::BTreeMap::new();
        for p in &priors {
            let key = (p.bus(), p.rule.as_str());
            if by_rule.contains_key(&key) {
                continue;
            }
            let listed = ctx.cloud.events.list_targets(ctx.region, key.0, key.1).await.found()?;
            by_rule.insert(key, listed);
        }
        Ok(priors
            .iter()
            .map(|p| {
                let listed = by_rule.get(&(p.bus(), p.rule.as_str()))?.as_ref()?;
                listed.iter().find(|t| t.id == p.id()).map(|t| to_obj(p.bus(), &p.rule, t, p.force()))
            })
            .collect())
    }

    async fn create(&self, ctx: &Ctx<'_>, planned: &Obj) -> CloudResult<Obj> {
        let a = Self::args(planned)?;
        // Unset, the provider generates `terraform-` and a unique suffix.
        let id = super::new_name(a.target_id.as_deref(), None, "");
        let t = a.target(&id);
        ctx.cloud.events.put_targets(ctx.region, a.bus(), &a.rule, std::slice::from_ref(&t)).await?;
        Ok(to_obj(a.bus(), &a.rule, &t, a.force()))
    }

    async fn update(&self, ctx: &Ctx<'_>, prior: &Obj, planned: &Obj) -> CloudResult<Obj> {
        let p = Self::args(prior)?;
        let want = Self::args(planned)?;
        let t = want.target(p.id());
        ctx.cloud.events.put_targets(ctx.region, p.bus(), &p.rule, std::slice::from_ref(&t)).await?;
        Ok(to_obj(p.bus(), &p.rule, &t, want.force()))
    }

    async fn delete(&self, ctx: &Ctx<'_>, prior: &Obj) -> CloudResult<()> {
        let p = Self::args(prior)?;
        let ids = [p.id().to_string()];
        ctx.cloud.events.remove_targets(ctx.region, p.bus(), &p.rule, &ids, p.force()).await.gone()
    }
}

/// Import id, as the provider's `targetParseImportID` reads it: `RULE/TARGET_ID` on the default
/// event bus, `BUS/RULE/TARGET_ID` on another, where the bus may be an event bus ARN (which
/// holds a `/` itself) or a partner bus name (`aws.partner/...`). The planner's identity of a
/// target is the three-part form.
fn import_prior(id: &str) -> Option<Obj> {
    let parts: Vec<&str> = id.split('/').collect();
    let (bus, rule, target) = match parts.as_slice() {
        [rule, target] => ("default", *rule, *target),
        [bus, rule, target] => (*bus, *rule, *target),
        _ => {
            let (rest, target) = id.rsplit_once('/')?;
            let (bus, rule) = rest.rsplit_once('/')?;
            // The bus: an event bus ARN, or a partner bus by name or ARN.
            let arn_name = bus.strip_prefix("arn:").and_then(|a| a.split_once(":event-bus/")).map(|(_, n)| n);
            let name = arn_name.unwrap_or(bus);
            if !(name.starts_with("aws.partner/") || arn_name.is_some() && !name.contains('/')) {
                return None;
            }
            (bus, rule, target)
        }
    };
    if [bus, rule, target].iter().any(|p| p.is_empty()) {
        return None;
    }
    Some(obj(
        &SCHEMA,
        vec![("event_bus_name", Json::from(bus)), ("rule", Json::from(rule)), ("target_id", Json::from(target))],
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::services::events::PutRuleInput;
    use crate::services::sandbox::Sandbox;
    use crate::services::Account;

    fn key(o: &Obj) -> (String, String, String) {
        let s = |k: &str| o.get(k).and_then(Json::as_str).unwrap_or_default().to_string();
        (s("event_bus_name"), s("rule"), s("target_id"))
    }

    #[test]
    fn the_id_is_the_providers() {
        assert_eq!(resource_id("default", "my-rule", "t-1"), "my-rule-t-1");
        assert_eq!(resource_id("", "r", "t"), "r-t");
        assert_eq!(resource_id("orders", "r", "t"), "orders-r-t");
    }

    #[test]
    fn import_takes_the_providers_import_ids() {
        let k = |id: &str| import_prior(id).map(|o| key(&o));
        let own = |b: &str, r: &str, t: &str| Some((b.to_string(), r.to_string(), t.to_string()));
        assert_eq!(k("r/t"), own("default", "r", "t"));
        assert_eq!(k("default/r/t"), own("default", "r", "t"));
        assert_eq!(k("orders/r/t"), own("orders", "r", "t"));
        let arn = "arn:aws:events:us-east-1:123456789012:event-bus/orders";
        assert_eq!(k(&format!("{arn}/r/t")), own(arn, "r", "t"));
        assert_eq!(k("aws.partner/example.com/123/r/t"), own("aws.partner/example.com/123", "r", "t"));
        // Not an ARN or a partner bus; empty parts; the resource id (not an import id).
        assert_eq!(k("a/b/r/t"), None);
        assert_eq!(k("r//t"), None);
        assert_eq!(k("/r/t"), None);
        assert_eq!(k("r-t"), None);
    }

    /// A state written before the id was the provider's (`BUS/RULE/TARGET_ID`) still refreshes,
    /// and the refreshed record carries the provider's id.
    #[tokio::test]
    async fn a_target_recorded_with_the_old_id_refreshes_to_the_providers_id() {
        let dir = tempfile::tempdir().unwrap();
        let account = Account::from(Sandbox::open(&dir.path().join("s.json")).unwrap());
        let ctx = Ctx::for_tests(&account);
        let rule = PutRuleInput {
            name: "r".into(),
            event_bus_name: "default".into(),
            schedule_expression: Some("rate(1 day)".into()),
            ..std::default::Default::default()
        };
        account.events.put_rule("us-east-1", &rule).await.unwrap();
        let planned = obj(
            &SCHEMA,
            vec![
                ("rule", Json::from("r")),
                ("target_id", Json::from("t")),
                ("arn", Json::from("arn:aws:sns:us-east-1:123456789012:topic")),
            ],
        );
        let made = CloudwatchEventTarget.create(&ctx, &planned).await.unwrap();
        assert_eq!(made["id"], "r-t");
        let mut old = made.clone();
        old.insert("id".into(), Json::from("default/r/t"));
        let read = CloudwatchEventTarget.read(&ctx, &old).await.unwrap().expect("the target is found");
        assert_eq!(read["id"], "r-t");
        let many = CloudwatchEventTarget.read_many(&ctx, &[&old, &made]).await.unwrap();
        assert!(many.iter().all(|o| o.as_ref().is_some_and(|o| o["id"] == "r-t")));
    }
}
