//! `aws_sns_topic_subscription`: one endpoint subscribed to a topic. The topic, protocol and
//! endpoint force a new subscription; the delivery settings change in place, one
//! `SetSubscriptionAttributes` call each. The id is the subscription ARN.
//!
//! Email and HTTP(S) subscriptions wait for the endpoint's owner to confirm them. Whether
//! that has happened (`pending_confirmation`) is not drift. SNS refuses to remove a pending
//! subscription; destroy then forgets it with a note, as the provider does, and SNS deletes it
//! when it expires unconfirmed (after three days).

use async_trait::async_trait;
use serde::Deserialize;
use serde_json::Value as Json;

use super::sns_settings::{changed, initial, Setting};
use super::typed::{self};
use super::{obj, opt, Ctx, Declared, Import, Obj, Resource, ARN, ID, REGION};
use crate::cloud::{CloudResult, ErrorKind};
use crate::schema::{self, Attr, Default, Invalid, Schema, Ty};
use crate::services::sns::Attributes;

// Import id: the subscription ARN.
resource_type!(SnsTopicSubscription = "aws_sns_topic_subscription", Import::Arn);

const PROTOCOLS: &[&str] = &["application", "email", "email-json", "firehose", "http", "https", "lambda", "sms", "sqs"];

static SCHEMA: Schema = Schema {
    attrs: &[
        ID,
        ARN,
        Attr::required("topic_arn", Ty::String).force_new().validate(schema::arn),
        Attr::required("protocol", Ty::String).force_new().validate(|v| schema::one_of(v, PROTOCOLS)),
        Attr::required("endpoint", Ty::String).force_new(),
        Attr::optional("endpoint_auto_confirms", Ty::Bool).default(Default::Bool(false)),
        Attr::optional("confirmation_timeout_in_minutes", Ty::Number).default(Default::Int(1)),
        Attr::optional("raw_message_delivery", Ty::Bool).default(Default::Bool(false)),
        Attr::optional("filter_policy", Ty::String).json().validate(schema::json_object),
        Attr::optional_computed("filter_policy_scope", Ty::String)
            .validate(|v| schema::one_of(v, &["MessageAttributes", "MessageBody"])),
        Attr::optional("delivery_policy", Ty::String).json().validate(schema::json_object),
        Attr::optional("redrive_policy", Ty::String).json().validate(schema::json_object),
        Attr::optional("replay_policy", Ty::String).json().validate(schema::json_object),
        Attr::optional("subscription_role_arn", Ty::String).validate(schema::arn).empty_is_unset(),
        Attr::computed("owner_id", Ty::String),
        Attr::computed("pending_confirmation", Ty::Bool).shared(),
        Attr::computed("confirmation_was_authenticated", Ty::Bool).shared(),
        REGION,
    ],
    ..Schema::NONE
};

/// The settings `SetSubscriptionAttributes` changes.
const SETTABLE: &[Setting] = &[
    Setting { attr: "raw_message_delivery", sns: "RawMessageDelivery", unset: "false" },
    Setting { attr: "filter_policy", sns: "FilterPolicy", unset: "" },
    Setting { attr: "filter_policy_scope", sns: "FilterPolicyScope", unset: "" },
    Setting { attr: "delivery_policy", sns: "DeliveryPolicy", unset: "" },
    Setting { attr: "redrive_policy", sns: "RedrivePolicy", unset: "" },
    Setting { attr: "replay_policy", sns: "ReplayPolicy", unset: "" },
    Setting { attr: "subscription_role_arn", sns: "SubscriptionRoleArn", unset: "" },
];

/// What the verbs read.
#[derive(Deserialize)]
pub struct Args {
    #[serde(default, deserialize_with = "typed::text")]
    arn: Option<String>,
    #[serde(default, deserialize_with = "typed::required")]
    topic_arn: String,
    #[serde(default, deserialize_with = "typed::required")]
    protocol: String,
    #[serde(default, deserialize_with = "typed::required")]
    endpoint: String,
}

fn to_obj(planned: &Obj, a: &Attributes) -> Obj {
    let text = |k: &str| opt(a.get(k).map(String::as_str));
    let flag = |k: &str| Json::Bool(a.get(k).is_some_and(|v| v == "true"));
    // Settings only the configuration knows (nothing in SNS records them).
    let keep = |k: &str, d: Json| planned.get(k).filter(|v| !v.is_null()).cloned().unwrap_or(d);
    let arn = text("SubscriptionArn");
    obj(
        &SCHEMA,
        vec![
            ("id", arn.clone()),
            ("arn", arn),
            ("topic_arn", text("TopicArn")),
            ("protocol", text("Protocol")),
            ("endpoint", text("Endpoint")),
            ("endpoint_auto_confirms", keep("endpoint_auto_confirms", Json::Bool(false))),
            ("confirmation_timeout_in_minutes", keep("confirmation_timeout_in_minutes", Json::from(1))),
            ("raw_message_delivery", flag("RawMessageDelivery")),
            ("filter_policy", text("FilterPolicy")),
            ("filter_policy_scope", text("FilterPolicyScope")),
            ("delivery_policy", text("DeliveryPolicy")),
            ("redrive_policy", text("RedrivePolicy")),
            ("replay_policy", text("ReplayPolicy")),
            ("subscription_role_arn", text("SubscriptionRoleArn")),
            ("owner_id", text("Owner")),
            ("pending_confirmation", flag("PendingConfirmation")),
            ("confirmation_was_authenticated", flag("ConfirmationWasAuthenticated")),
        ],
    )
}

fn pending_refusal(e: &crate::cloud::CloudError) -> bool {
    e.kind == ErrorKind::Invalid && e.message.contains("pending confirmation")
}

#[async_trait]
impl Resource for SnsTopicSubscription {
    fn reads() -> Vec<String> {
        let mut r = typed::names::<Args>("");
        r.extend(SETTABLE.iter().map(|s| s.attr.to_string()));
        r
    }

    /// The endpoint must suit the protocol, as SNS checks it.
    fn check(&self, planned: &Obj) -> Vec<(&'static str, Invalid)> {
        let (Some(protocol), Some(endpoint)) =
            (planned.get("protocol").and_then(Json::as_str), planned.get("endpoint").and_then(Json::as_str))
        else {
            return vec![];
        };
        let why = match protocol {
            "email" | "email-json" if !endpoint.contains('@') => "an email subscription's endpoint is an email address",
            "https" if !endpoint.starts_with("https://") => "an https subscription's endpoint starts with `https://`",
            "http" if !endpoint.starts_with("http://") => "an http subscription's endpoint starts with `http://`",
            "sqs" | "lambda" | "firehose" | "application" if !endpoint.starts_with("arn:") => {
                "this protocol's endpoint is an ARN"
            }
            _ => return vec![],
        };
        vec![("endpoint", Invalid::new(why))]
    }

    async fn read(&self, ctx: &Ctx<'_>, prior: &Obj) -> CloudResult<Option<Obj>> {
        let arn = Self::args(prior)?.arn.unwrap_or_default();
        Ok(ctx.cloud.sns.get_subscription_attributes(ctx.region, &arn).await?.map(|a| to_obj(prior, &a)))
    }

    async fn create(&self, ctx: &Ctx<'_>, planned: &Obj) -> CloudResult<Obj> {
        let a = Self::args(planned)?;
        let mut attributes = initial(SETTABLE, planned);
        // `false` is SNS's default; sending it is noise.
        attributes.retain(|k, v| k != "RawMessageDelivery" || v == "true");
        let arn = ctx.cloud.sns.subscribe(ctx.region, &a.topic_arn, &a.protocol, &a.endpoint, &attributes).await?;
        let mut known = planned.clone();
        known.insert("id".into(), Json::from(arn.as_str()));
        known.insert("arn".into(), Json::from(arn.as_str()));
        (ctx.record)(&known);
        match ctx.cloud.sns.get_subscription_attributes(ctx.region, &arn).await? {
            Some(live) => {
                if live.get("PendingConfirmation").is_some_and(|v| v == "true") {
                    (ctx.log)(&format!(
                        "subscription of {} is pending confirmation: the endpoint's owner must confirm it",
                        a.endpoint
                    ));
                }
                Ok(to_obj(planned, &live))
            }
            None => Err(crate::cloud::CloudError::new(
                "sns",
                "GetSubscriptionAttributes",
                ErrorKind::NotFound,
                "NotFound",
                format!("subscription {arn} could not be read back after it was made"),
            )),
        }
    }

    async fn update(&self, ctx: &Ctx<'_>, prior: &Obj, planned: &Obj) -> CloudResult<Obj> {
        let arn = Self::args(prior)?.arn.unwrap_or_default();
        for (name, value) in changed(&SCHEMA, SETTABLE, prior, planned, &[]) {
            ctx.cloud.sns.set_subscription_attribute(ctx.region, &arn, name, &value).await?;
        }
        let live = ctx.cloud.sns.get_subscription_attributes(ctx.region, &arn).await?;
        Ok(live.map(|l| to_obj(planned, &l)).unwrap_or_else(|| planned.clone()))
    }

    async fn delete(&self, ctx: &Ctx<'_>, prior: &Obj) -> CloudResult<()> {
        let a = Self::args(prior)?;
        let arn = a.arn.unwrap_or_default();
        match ctx.cloud.sns.unsubscribe(ctx.region, &arn).await {
            Err(e) if pending_refusal(&e) => {
                (ctx.log)(&format!(
                    "subscription of {} is still pending confirmation, which SNS does not let anyone remove; \
                     it is forgotten here and SNS deletes it when it expires unconfirmed",
                    a.endpoint
                ));
                Ok(())
            }
            Err(e) if e.kind != ErrorKind::NotFound => Err(e),
            _ => Ok(()),
        }
    }
}
