//! `aws_sns_topic`: a standard or FIFO topic. Settable attributes are sent with `CreateTopic`
//! and changed one `SetTopicAttributes` call each; tags go through the tagging API. The id is
//! the ARN. Left unset, `policy` is SNS's default policy and is not managed here (an
//! `aws_sns_topic_policy` may own it), as in the provider.

use async_trait::async_trait;
use serde::Deserialize;
use serde_json::Value as Json;

use super::sns_settings::{changed, initial, Setting};
use super::typed::{self};
use super::{arn_obj, opt, tags_json, Ctx, Declared, Import, Obj, Resource, ARN, ID, REGION, TAGS, TAGS_ALL};
use crate::cloud::{tag_delta, CloudError, CloudResult, ErrorKind, Tags};
use crate::policy::DocumentKind::Permissions;
use crate::schema::{self, Attr, Default, Invalid, Schema, Ty};
use crate::services::sns::Attributes;

// Import id: the topic ARN.
resource_type!(SnsTopic = "aws_sns_topic", Import::Arn);

static SCHEMA: Schema = Schema {
    attrs: &[
        ID,
        ARN,
        Attr::optional_computed("name", Ty::String).force_new(),
        // Recorded from the name (the provider's `NamePrefixFromName`): `terraform-` when generated.
        Attr::optional_computed("name_prefix", Ty::String).force_new(),
        Attr::optional("display_name", Ty::String),
        Attr::optional_computed("policy", Ty::String).json().validate(schema::json_object).policy(Permissions).shared(),
        Attr::optional("delivery_policy", Ty::String).json().validate(schema::json_object),
        Attr::optional("kms_master_key_id", Ty::String),
        Attr::optional("fifo_topic", Ty::Bool).force_new().default(Default::Bool(false)),
        Attr::optional("content_based_deduplication", Ty::Bool).default(Default::Bool(false)),
        Attr::optional_computed("signature_version", Ty::Number).validate(|v| schema::int_range(v, 1, 2)),
        Attr::optional_computed("tracing_config", Ty::String)
            .validate(|v| schema::one_of(v, &["Active", "PassThrough"])),
        TAGS,
        TAGS_ALL,
        Attr::computed("owner", Ty::String),
        REGION,
        // Delivery status logging: a role for SNS to log with, and the share of successes logged.
        Attr::optional("application_success_feedback_role_arn", Ty::String).validate(schema::arn).empty_is_unset(),
        Attr::optional("application_failure_feedback_role_arn", Ty::String).validate(schema::arn).empty_is_unset(),
        Attr::optional("application_success_feedback_sample_rate", Ty::Number)
            .validate(|v| schema::int_range(v, 0, 100))
            .empty_is_unset(),
        Attr::optional("firehose_success_feedback_role_arn", Ty::String).validate(schema::arn).empty_is_unset(),
        Attr::optional("firehose_failure_feedback_role_arn", Ty::String).validate(schema::arn).empty_is_unset(),
        Attr::optional("firehose_success_feedback_sample_rate", Ty::Number)
            .validate(|v| schema::int_range(v, 0, 100))
            .empty_is_unset(),
        Attr::optional("http_success_feedback_role_arn", Ty::String).validate(schema::arn).empty_is_unset(),
        Attr::optional("http_failure_feedback_role_arn", Ty::String).validate(schema::arn).empty_is_unset(),
        Attr::optional("http_success_feedback_sample_rate", Ty::Number)
            .validate(|v| schema::int_range(v, 0, 100))
            .empty_is_unset(),
        Attr::optional("lambda_success_feedback_role_arn", Ty::String).validate(schema::arn).empty_is_unset(),
        Attr::optional("lambda_failure_feedback_role_arn", Ty::String).validate(schema::arn).empty_is_unset(),
        Attr::optional("lambda_success_feedback_sample_rate", Ty::Number)
            .validate(|v| schema::int_range(v, 0, 100))
            .empty_is_unset(),
        Attr::optional("sqs_success_feedback_role_arn", Ty::String).validate(schema::arn).empty_is_unset(),
        Attr::optional("sqs_failure_feedback_role_arn", Ty::String).validate(schema::arn).empty_is_unset(),
        Attr::optional("sqs_success_feedback_sample_rate", Ty::Number)
            .validate(|v| schema::int_range(v, 0, 100))
            .empty_is_unset(),
        // `{}` turns archiving off and equals unset (SNS then keeps no policy: recorded "").
        Attr::optional("archive_policy", Ty::String).json().validate(schema::json_object).empty_is_unset(),
        Attr::computed("beginning_archive_time", Ty::String),
        Attr::optional_computed("fifo_throughput_scope", Ty::String)
            .validate(|v| schema::one_of(v, &["Topic", "MessageGroup"])),
    ],
    ..Schema::NONE
};

/// The settings `SetTopicAttributes` changes.
const SETTABLE: &[Setting] = &[
    Setting { attr: "display_name", sns: "DisplayName", unset: "" },
    Setting { attr: "policy", sns: "Policy", unset: "" },
    Setting { attr: "delivery_policy", sns: "DeliveryPolicy", unset: "" },
    Setting { attr: "kms_master_key_id", sns: "KmsMasterKeyId", unset: "" },
    Setting { attr: "content_based_deduplication", sns: "ContentBasedDeduplication", unset: "false" },
    Setting { attr: "signature_version", sns: "SignatureVersion", unset: "" },
    Setting { attr: "tracing_config", sns: "TracingConfig", unset: "" },
    Setting { attr: "archive_policy", sns: "ArchivePolicy", unset: "" },
    Setting { attr: "fifo_throughput_scope", sns: "FifoThroughputScope", unset: "" },
    Setting { attr: "application_success_feedback_role_arn", sns: "ApplicationSuccessFeedbackRoleArn", unset: "" },
    Setting { attr: "application_failure_feedback_role_arn", sns: "ApplicationFailureFeedbackRoleArn", unset: "" },
    Setting {
        attr: "application_success_feedback_sample_rate",
        sns: "ApplicationSuccessFeedbackSampleRate",
        unset: "0",
    },
    Setting { attr: "firehose_success_feedback_role_arn", sns: "FirehoseSuccessFeedbackRoleArn", unset: "" },
    Setting { attr: "firehose_failure_feedback_role_arn", sns: "FirehoseFailureFeedbackRoleArn", unset: "" },
    Setting { attr: "firehose_success_feedback_sample_rate", sns: "FirehoseSuccessFeedbackSampleRate", unset: "0" },
    Setting { attr: "http_success_feedback_role_arn", sns: "HTTPSuccessFeedbackRoleArn", unset: "" },
    Setting { attr: "http_failure_feedback_role_arn", sns: "HTTPFailureFeedbackRoleArn", unset: "" },
    Setting { attr: "http_success_feedback_sample_rate", sns: "HTTPSuccessFeedbackSampleRate", unset: "0" },
    Setting { attr: "lambda_success_feedback_role_arn", sns: "LambdaSuccessFeedbackRoleArn", unset: "" },
    Setting { attr: "lambda_failure_feedback_role_arn", sns: "LambdaFailureFeedbackRoleArn", unset: "" },
    Setting { attr: "lambda_success_feedback_sample_rate", sns: "LambdaSuccessFeedbackSampleRate", unset: "0" },
    Setting { attr: "sqs_success_feedback_role_arn", sns: "SQSSuccessFeedbackRoleArn", unset: "" },
    Setting { attr: "sqs_failure_feedback_role_arn", sns: "SQSFailureFeedbackRoleArn", unset: "" },
    Setting { attr: "sqs_success_feedback_sample_rate", sns: "SQSSuccessFeedbackSampleRate", unset: "0" },
];

/// What the verbs read.
#[derive(Deserialize)]
pub struct Args {
    #[serde(default, deserialize_with = "typed::text")]
    arn: Option<String>,
    #[serde(default, deserialize_with = "typed::text")]
    name: Option<String>,
    #[serde(default, deserialize_with = "typed::text")]
    name_prefix: Option<String>,
    #[serde(default, deserialize_with = "typed::flag")]
    fifo_topic: Option<bool>,
    #[serde(default, deserialize_with = "typed::tags")]
    tags: Tags,
}

fn to_obj(a: &Attributes, tags: &Tags) -> Obj {
    let arn = a.get("TopicArn").cloned().unwrap_or_default();
    let name = arn.rsplit(':').next().unwrap_or_default().to_string();
    let text = |k: &str| opt(a.get(k).map(String::as_str));
    let flag = |k: &str| Json::Bool(a.get(k).is_some_and(|v| v == "true"));
    let number = |k: &str| Json::from(a.get(k).and_then(|v| v.parse::<i64>().ok()).unwrap_or(0));
    let mut feedback = Vec::new();
    for (p, sns) in FEEDBACK {
        feedback.push((format!("{p}_success_feedback_role_arn"), text(&format!("{sns}SuccessFeedbackRoleArn"))));
        feedback.push((format!("{p}_failure_feedback_role_arn"), text(&format!("{sns}FailureFeedbackRoleArn"))));
        feedback
            .push((format!("{p}_success_feedback_sample_rate"), number(&format!("{sns}SuccessFeedbackSampleRate"))));
    }
    let mut o = arn_obj(
        &SCHEMA,
        arn.as_str(),
        vec![
            ("name", Json::from(name.as_str())),
            (
                "name_prefix",
                super::name_prefix_json(&name, if flag("FifoTopic") == Json::Bool(true) { ".fifo" } else { "" }),
            ),
            ("display_name", text("DisplayName")),
            ("policy", text("Policy")),
            ("delivery_policy", text("DeliveryPolicy")),
            ("kms_master_key_id", text("KmsMasterKeyId")),
            ("fifo_topic", flag("FifoTopic")),
            ("content_based_deduplication", flag("ContentBasedDeduplication")),
            // Absent numbers are recorded as 0, as the provider records them.
            ("signature_version", number("SignatureVersion")),
            ("tracing_config", text("TracingConfig")),
            ("archive_policy", text("ArchivePolicy")),
            ("beginning_archive_time", text("BeginningArchiveTime")),
            ("fifo_throughput_scope", text("FifoThroughputScope")),
            ("tags", tags_json(tags)),
            ("owner", text("Owner")),
        ],
    );
    o.extend(feedback);
    o
}

/// The protocols SNS logs delivery status for, as the schema and as SNS name them.
const FEEDBACK: [(&str, &str); 5] =
    [("application", "Application"), ("firehose", "Firehose"), ("http", "HTTP"), ("lambda", "Lambda"), ("sqs", "SQS")];

async fn read_arn(ctx: &Ctx<'_>, arn: &str) -> CloudResult<Option<Obj>> {
    let Some(attrs) = ctx.cloud.sns.get_topic_attributes(ctx.region, arn).await? else { return Ok(None) };
    let tags = ctx.cloud.sns.list_tags(ctx.region, arn).await?;
    Ok(Some(to_obj(&attrs, &tags)))
}

#[async_trait]
impl Resource for SnsTopic {
    fn reads() -> Vec<String> {
        let mut r = typed::names::<Args>("");
        r.extend(SETTABLE.iter().map(|s| s.attr.to_string()));
        r
    }

    /// FIFO topic names end in `.fifo`, standard ones do not; FIFO-only settings need FIFO.
    fn check(&self, planned: &Obj) -> Vec<(&'static str, Invalid)> {
        let mut out: Vec<_> = super::name_conflict(planned).into_iter().collect();
        let fifo = planned.get("fifo_topic").and_then(Json::as_bool).unwrap_or(false);
        if let Some(name) = planned.get("name").and_then(Json::as_str) {
            let ok = name.strip_suffix(".fifo").filter(|_| fifo).unwrap_or(name);
            if ok.is_empty() || ok.len() > 256 || !ok.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
            {
                let why = if fifo && !name.ends_with(".fifo") {
                    "a FIFO topic's name must end with `.fifo`"
                } else {
                    "1 to 256 letters, digits, `-` and `_` (a FIFO topic's name ends with `.fifo`)"
                };
                out.push(("name", Invalid::new(why)));
            }
        }
        // The provider checks the name it would generate: the prefix, 26 characters, `.fifo`.
        if let Some(prefix) = planned.get("name_prefix").and_then(Json::as_str) {
            let max = if fifo { 251 } else { 256 } - super::UNIQUE_SUFFIX_LEN;
            if prefix.len() > max || !prefix.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_') {
                let why = format!(
                    "a topic name prefix is at most {max} letters, digits, `-` and `_` (26 characters follow it)"
                );
                out.push(("name_prefix", Invalid::new(why)));
            }
        }
        if !fifo && planned.get("content_based_deduplication").and_then(Json::as_bool) == Some(true) {
            out.push((
                "content_based_deduplication",
                Invalid::new("content-based deduplication needs `fifo_topic = true`"),
            ));
        }
        for (attr, what) in
            [("archive_policy", "a message archive policy"), ("fifo_throughput_scope", "a FIFO throughput scope")]
        {
            if !fifo && planned.get(attr).and_then(Json::as_str).is_some_and(|v| !v.is_empty()) {
                out.push((attr, Invalid::new(format!("{what} needs `fifo_topic = true`"))));
            }
        }
        out
    }

    async fn read(&self, ctx: &Ctx<'_>, prior: &Obj) -> CloudResult<Option<Obj>> {
        let arn = Self::args(prior)?.arn.unwrap_or_default();
        read_arn(ctx, &arn).await
    }

    async fn create(&self, ctx: &Ctx<'_>, planned: &Obj) -> CloudResult<Obj> {
        let a = Self::args(planned)?;
        let fifo = a.fifo_topic.unwrap_or(false);
        // The provider adds `.fifo` to a generated FIFO name (a configured one has it).
        let name = super::new_name(a.name.as_deref(), a.name_prefix.as_deref(), if fifo { ".fifo" } else { "" });
        let mut attributes = initial(SETTABLE, planned);
        // Standard topics refuse the FIFO-only attribute even when it is false.
        attributes.retain(|k, v| k != "ContentBasedDeduplication" || v == "true");
        if fifo {
            attributes.insert("FifoTopic".into(), "true".into());
        }
        let arn = ctx.cloud.sns.create_topic(ctx.region, &name, &attributes, &a.tags).await?;
        (ctx.record)(&arn_obj(&SCHEMA, arn.as_str(), vec![]));
        read_arn(ctx, &arn).await?.ok_or_else(|| gone(&arn))
    }

    /// Each changed attribute is one `SetTopicAttributes` call; an attribute set back to
    /// unset is cleared (an empty value), except `policy`, which SNS keeps.
    async fn update(&self, ctx: &Ctx<'_>, prior: &Obj, planned: &Obj) -> CloudResult<Obj> {
        let (p, a) = (Self::args(prior)?, Self::args(planned)?);
        let arn = p.arn.clone().unwrap_or_default();
        for (name, value) in changed(&SCHEMA, SETTABLE, prior, planned, &["policy"]) {
            ctx.cloud.sns.set_topic_attribute(ctx.region, &arn, name, &value).await?;
        }
        let (remove, add) = tag_delta(&p.tags, &a.tags);
        if !remove.is_empty() {
            ctx.cloud.sns.untag_resource(ctx.region, &arn, &remove).await?;
        }
        if !add.is_empty() {
            ctx.cloud.sns.tag_resource(ctx.region, &arn, &add).await?;
        }
        read_arn(ctx, &arn).await?.ok_or_else(|| gone(&arn))
    }

    async fn delete(&self, ctx: &Ctx<'_>, prior: &Obj) -> CloudResult<()> {
        let arn = Self::args(prior)?.arn.unwrap_or_default();
        ctx.cloud.sns.delete_topic(ctx.region, &arn).await
    }
}

fn gone(arn: &str) -> CloudError {
    let msg = format!("topic {arn} could not be read back after it was written");
    CloudError::new("sns", "GetTopicAttributes", ErrorKind::NotFound, "NotFound", msg)
}
