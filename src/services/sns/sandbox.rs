//! SNS in the sandbox: topics keyed by name per region (standard or FIFO), their attributes
//! and tags, and subscriptions, with SNS's validation rules and errors. Subscriptions to
//! email and HTTP(S) endpoints stay pending confirmation, as nobody can confirm them here.

use async_trait::async_trait;
use serde::{Deserialize, Serialize};

use super::{default_topic_policy, Attributes, Sns};
use crate::cloud::sandbox::table::Table;
use crate::cloud::{CloudError, CloudResult, ErrorKind, Tags};
use crate::services::sandbox::*;

/// SNS's part of a region in the account file.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub(crate) struct SnsState {
    /// Topics by name.
    pub(crate) topics: Table<Topic>,
    /// Subscriptions by ARN.
    pub(crate) subscriptions: Table<Subscription>,
}

crate::sandbox_tables!(SnsState: topics, subscriptions);

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub(crate) struct Topic {
    /// Settable attributes as given (`DisplayName`, `Policy`, `KmsMasterKeyId`, …).
    pub(crate) attributes: Attributes,
    pub(crate) tags: Tags,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub(crate) struct Subscription {
    pub(crate) topic_arn: String,
    pub(crate) protocol: String,
    pub(crate) endpoint: String,
    pub(crate) pending_confirmation: bool,
    pub(crate) attributes: Attributes,
}

const PROTOCOLS: [&str; 9] =
    ["application", "email", "email-json", "firehose", "http", "https", "lambda", "sms", "sqs"];
const TOPIC_ATTRIBUTES: [&str; 25] = [
    "DisplayName",
    "Policy",
    "DeliveryPolicy",
    "KmsMasterKeyId",
    "FifoTopic",
    "ContentBasedDeduplication",
    "SignatureVersion",
    "TracingConfig",
    "ArchivePolicy",
    "FifoThroughputScope",
    "ApplicationSuccessFeedbackRoleArn",
    "ApplicationFailureFeedbackRoleArn",
    "ApplicationSuccessFeedbackSampleRate",
    "FirehoseSuccessFeedbackRoleArn",
    "FirehoseFailureFeedbackRoleArn",
    "FirehoseSuccessFeedbackSampleRate",
    "HTTPSuccessFeedbackRoleArn",
    "HTTPFailureFeedbackRoleArn",
    "HTTPSuccessFeedbackSampleRate",
    "LambdaSuccessFeedbackRoleArn",
    "LambdaFailureFeedbackRoleArn",
    "LambdaSuccessFeedbackSampleRate",
    "SQSSuccessFeedbackRoleArn",
    "SQSFailureFeedbackRoleArn",
    "SQSSuccessFeedbackSampleRate",
];
const SUBSCRIPTION_ATTRIBUTES: [&str; 7] = [
    "RawMessageDelivery",
    "FilterPolicy",
    "FilterPolicyScope",
    "DeliveryPolicy",
    "RedrivePolicy",
    "SubscriptionRoleArn",
    "ReplayPolicy",
];

fn invalid(op: Op, what: &str, reason: &str) -> CloudError {
    op.invalid("InvalidParameter", format!("Invalid parameter: {what} Reason: {reason}"))
}

fn not_found(op: Op, what: &str) -> CloudError {
    op.not_found("NotFound", format!("{what} does not exist"))
}

/// The topic name of `arn` when it is a topic of this account and region.
fn topic_name<'a>(d: &Data, region: &str, arn: &'a str) -> Option<&'a str> {
    match arn_parts(arn) {
        Some([_, _, "sns", r, a, name]) if r == region && a == d.account_id && !name.contains(':') => Some(name),
        _ => None,
    }
}

fn check_topic_attributes(op: Op, attributes: &Attributes) -> CloudResult<()> {
    for (k, v) in attributes {
        if !TOPIC_ATTRIBUTES.contains(&k.as_str()) {
            return Err(invalid(op, "AttributeName", &format!("Unknown attribute {k}")));
        }
        if matches!(k.as_str(), "Policy" | "DeliveryPolicy" | "TracingConfig" | "ArchivePolicy")
            && k != "TracingConfig"
            && !is_json_object(v)
        {
            return Err(invalid(op, k, "must be a JSON object"));
        }
        if k == "TracingConfig" && !["Active", "PassThrough"].contains(&v.as_str()) {
            return Err(invalid(op, "TracingConfig", "must be Active or PassThrough"));
        }
        if k == "SignatureVersion" && !["1", "2"].contains(&v.as_str()) {
            return Err(invalid(op, "SignatureVersion", "must be 1 or 2"));
        }
        if k == "DisplayName" && v.len() > 100 {
            return Err(invalid(op, "DisplayName", "must be at most 100 characters"));
        }
        if k.ends_with("SampleRate") && !v.parse::<u8>().is_ok_and(|n| n <= 100) {
            return Err(invalid(op, k, "must be a whole number from 0 to 100"));
        }
        if k == "FifoThroughputScope" && !["Topic", "MessageGroup"].contains(&v.as_str()) {
            return Err(invalid(op, "FifoThroughputScope", "must be Topic or MessageGroup"));
        }
        if k.ends_with("FeedbackRoleArn") && !v.is_empty() && arn_parts(v).is_none() {
            return Err(invalid(op, k, "must be an ARN"));
        }
    }
    Ok(())
}

/// A topic policy's AWS principals must exist, as SNS checks them: a role of this account
/// named by its ARN must be one of the account's roles (`PrincipalNotFound`). Account ids,
/// `root` and principals of other accounts are taken as they are.
fn check_principals(op: Op, d: &Data, attributes: &Attributes) -> CloudResult<()> {
    let Some(policy) = attributes.get("Policy") else { return Ok(()) };
    let Ok(doc) = serde_json::from_str::<serde_json::Value>(policy) else { return Ok(()) };
    let own_role = format!("arn:aws:iam::{}:role/", d.account_id);
    for s in crate::policy::statements(&doc) {
        let aws = s.get("Principal").and_then(|p| p.get("AWS"));
        let arns: Vec<&str> = match aws {
            Some(serde_json::Value::String(a)) => vec![a.as_str()],
            Some(serde_json::Value::Array(a)) => a.iter().filter_map(serde_json::Value::as_str).collect(),
            _ => vec![],
        };
        for arn in arns {
            let Some(path) = arn.strip_prefix(&own_role) else { continue };
            let name = path.rsplit('/').next().unwrap_or_default();
            if !d.iam.roles.iter().any(|(n, _)| n.eq_ignore_ascii_case(name)) {
                return Err(invalid(op, "Policy", "Policy Error: PrincipalNotFound"));
            }
        }
    }
    Ok(())
}

/// The attributes only FIFO topics take, refused on a standard topic as SNS refuses them.
fn check_fifo_only(op: Op, attributes: &Attributes, fifo: bool) -> CloudResult<()> {
    match ["FifoThroughputScope", "ArchivePolicy"]
        .into_iter()
        .find(|k| attributes.get(*k).is_some_and(|v| !v.is_empty()))
    {
        Some(k) if !fifo => Err(invalid(op, k, &format!("{k} is only valid for FIFO topics"))),
        _ => Ok(()),
    }
}

/// Turns message archiving on or off as SNS does when a FIFO topic's `ArchivePolicy` is set:
/// a policy with settings turns it on, and the first time stamps `BeginningArchiveTime` (from
/// when archived messages can be replayed; kept while the policy changes); an empty policy
/// (`{}`, or nothing) turns it off, and the topic then has neither attribute.
fn set_archive_policy(attributes: &mut Attributes, value: &str) {
    let off = serde_json::from_str::<serde_json::Value>(value)
        .ok()
        .and_then(|v| v.as_object().map(serde_json::Map::is_empty))
        .unwrap_or(value.trim().is_empty());
    if off {
        attributes.remove("ArchivePolicy");
        attributes.remove("BeginningArchiveTime");
    } else {
        attributes.insert("ArchivePolicy".into(), value.to_string());
        attributes.entry("BeginningArchiveTime".into()).or_insert_with(now_rfc3339);
    }
}

impl Data {
    fn topic_attributes(&self, region: &str, name: &str, t: &Topic) -> Attributes {
        let arn = format!("{}{name}", self.arn_prefix("sns", region));
        let subs = self.region(region).sns.subscriptions.values().filter(|s| s.topic_arn == arn);
        let (pending, confirmed): (Vec<_>, Vec<_>) = subs.partition(|s| s.pending_confirmation);
        let mut out = t.attributes.clone();
        out.entry("Policy".into()).or_insert_with(|| default_topic_policy(&arn, &self.account_id));
        out.entry("DisplayName".into()).or_default();
        out.insert("Owner".into(), self.account_id.clone());
        out.insert("SubscriptionsConfirmed".into(), confirmed.len().to_string());
        out.insert("SubscriptionsPending".into(), pending.len().to_string());
        out.insert("SubscriptionsDeleted".into(), "0".into());
        out.insert("TopicArn".into(), arn);
        if out.get("FifoTopic").is_some_and(|v| v == "true") {
            out.entry("FifoThroughputScope".into()).or_insert_with(|| "Topic".into());
        }
        out
    }
}

#[async_trait]
impl Sns for Sandbox {
    async fn create_topic(
        &self,
        region: &str,
        name: &str,
        attributes: &Attributes,
        tags: &Tags,
    ) -> CloudResult<String> {
        let op = Op("sns", "CreateTopic");
        self.write(op, |d| {
            let fifo = attributes.get("FifoTopic").is_some_and(|v| v == "true");
            let base = name.strip_suffix(".fifo").filter(|_| fifo).unwrap_or(name);
            let ok_chars = base.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
            if name.is_empty() || name.len() > 256 || !ok_chars {
                let reason = "Topic Name must be made up of only uppercase and lowercase ASCII letters, numbers, \
                              underscores, and hyphens, and must be between 1 and 256 characters long.";
                return Err(invalid(op, "Topic Name", reason));
            }
            if fifo != name.ends_with(".fifo") {
                return Err(invalid(
                    op,
                    "Topic Name",
                    "Fifo Topic names must end with .fifo and Standard Topic names cannot end with .fifo",
                ));
            }
            check_topic_attributes(op, attributes)?;
            check_fifo_only(op, attributes, fifo)?;
            check_principals(op, d, attributes)?;
            if let Some(p) = tag_problem(tags, 50, 0) {
                return Err(invalid(op, "Tags", &p));
            }
            let arn = format!("{}{name}", d.arn_prefix("sns", region));
            let mut kept = attributes.clone();
            if let Some(policy) = kept.remove("ArchivePolicy") {
                set_archive_policy(&mut kept, &policy);
            }
            // The archive's start is SNS's own, not one of the attributes asked for.
            let asked = |a: &Attributes| {
                let mut a = a.clone();
                a.remove("BeginningArchiveTime");
                a
            };
            let topics = &mut d.region_mut(region).sns.topics;
            match topics.get(name) {
                Some(t) if asked(&t.attributes) != asked(&kept) => Err(op.err(
                    ErrorKind::AlreadyExists,
                    "InvalidParameter",
                    "Invalid parameter: Attributes Reason: Topic already exists with different attributes",
                )),
                Some(_) => Ok(arn),
                None => {
                    topics.insert(name.to_string(), Topic { attributes: kept, tags: tags.clone() });
                    Ok(arn)
                }
            }
        })
    }

    async fn get_topic_attributes(&self, region: &str, arn: &str) -> CloudResult<Option<Attributes>> {
        self.read(Op("sns", "GetTopicAttributes"), |d| {
            let Some(name) = topic_name(d, region, arn) else { return Ok(None) };
            Ok(d.region(region).sns.topics.get(name).map(|t| d.topic_attributes(region, name, t)))
        })
    }

    async fn set_topic_attribute(&self, region: &str, arn: &str, name: &str, value: &str) -> CloudResult<()> {
        let op = Op("sns", "SetTopicAttributes");
        self.write(op, |d| {
            if matches!(name, "FifoTopic") {
                return Err(invalid(op, "AttributeName", "FifoTopic cannot be changed"));
            }
            let set = Attributes::from([(name.to_string(), value.to_string())]);
            check_topic_attributes(op, &set)?;
            check_principals(op, d, &set)?;
            let topic = topic_name(d, region, arn).ok_or_else(|| not_found(op, "Topic"))?.to_string();
            let t = d.region_mut(region).sns.topics.get_mut(&topic).ok_or_else(|| not_found(op, "Topic"))?;
            let fifo = t.attributes.get("FifoTopic").is_some_and(|v| v == "true");
            check_fifo_only(op, &Attributes::from([(name.to_string(), value.to_string())]), fifo)?;
            if name == "ArchivePolicy" {
                set_archive_policy(&mut t.attributes, value);
            } else if value.is_empty() && name != "DisplayName" {
                t.attributes.remove(name);
            } else {
                t.attributes.insert(name.to_string(), value.to_string());
            }
            Ok(())
        })
    }

    async fn delete_topic(&self, region: &str, arn: &str) -> CloudResult<()> {
        self.write(Op("sns", "DeleteTopic"), |d| {
            if let Some(name) = topic_name(d, region, arn).map(str::to_string) {
                let sns = &mut d.region_mut(region).sns;
                sns.topics.remove(&name);
                sns.subscriptions.retain(|_, s| s.topic_arn != arn);
            }
            Ok(())
        })
    }

    async fn list_tags(&self, region: &str, arn: &str) -> CloudResult<Tags> {
        let op = Op("sns", "ListTagsForResource");
        self.read(op, |d| {
            let name = topic_name(d, region, arn)
                .ok_or_else(|| op.not_found("ResourceNotFound", "Resource does not exist"))?;
            let t = d.region(region).sns.topics.get(name);
            t.map(|t| t.tags.clone()).ok_or_else(|| op.not_found("ResourceNotFound", "Resource does not exist"))
        })
    }

    async fn tag_resource(&self, region: &str, arn: &str, tags: &Tags) -> CloudResult<()> {
        let op = Op("sns", "TagResource");
        self.write(op, |d| {
            let name = topic_name(d, region, arn).ok_or_else(|| not_found(op, "Resource"))?.to_string();
            let t = d.region_mut(region).sns.topics.get_mut(&name).ok_or_else(|| not_found(op, "Resource"))?;
            t.tags.extend(tags.iter().map(|(k, v)| (k.clone(), v.clone())));
            match tag_problem(&t.tags, 50, 0) {
                Some(p) => Err(invalid(op, "Tags", &p)),
                None => Ok(()),
            }
        })
    }

    async fn untag_resource(&self, region: &str, arn: &str, keys: &[String]) -> CloudResult<()> {
        let op = Op("sns", "UntagResource");
        self.write(op, |d| {
            let name = topic_name(d, region, arn).ok_or_else(|| not_found(op, "Resource"))?.to_string();
            let t = d.region_mut(region).sns.topics.get_mut(&name).ok_or_else(|| not_found(op, "Resource"))?;
            t.tags.retain(|k, _| !keys.contains(k));
            Ok(())
        })
    }

    async fn subscribe(
        &self,
        region: &str,
        topic_arn: &str,
        protocol: &str,
        endpoint: &str,
        attributes: &Attributes,
    ) -> CloudResult<String> {
        let op = Op("sns", "Subscribe");
        self.write(op, |d| {
            if !PROTOCOLS.contains(&protocol) {
                return Err(invalid(op, "Protocol", &format!("Invalid protocol type: {protocol}")));
            }
            let endpoint_ok = match protocol {
                "email" | "email-json" => endpoint.contains('@'),
                "http" => endpoint.starts_with("http://"),
                "https" => endpoint.starts_with("https://"),
                "sqs" | "lambda" | "firehose" | "application" => arn_parts(endpoint).is_some(),
                _ => !endpoint.is_empty(),
            };
            if !endpoint_ok {
                return Err(invalid(op, "Endpoint", &format!("An endpoint of protocol {protocol} is not valid")));
            }
            for k in attributes.keys() {
                if !SUBSCRIPTION_ATTRIBUTES.contains(&k.as_str()) {
                    return Err(invalid(op, "Attributes", &format!("Unknown attribute {k}")));
                }
            }
            let topic = topic_name(d, region, topic_arn).ok_or_else(|| not_found(op, "Topic"))?.to_string();
            if !d.region(region).sns.topics.contains_key(&topic) {
                return Err(not_found(op, "Topic"));
            }
            let subs = &d.region(region).sns.subscriptions;
            let same =
                subs.iter().find(|(_, s)| s.topic_arn == topic_arn && s.protocol == protocol && s.endpoint == endpoint);
            if let Some((arn, _)) = same {
                return Ok(arn.clone());
            }
            let arn = format!("{topic_arn}:{}", d.fresh_uuid());
            let sub = Subscription {
                topic_arn: topic_arn.to_string(),
                protocol: protocol.to_string(),
                endpoint: endpoint.to_string(),
                pending_confirmation: matches!(protocol, "email" | "email-json" | "http" | "https"),
                attributes: attributes.clone(),
            };
            d.region_mut(region).sns.subscriptions.insert(arn.clone(), sub);
            Ok(arn)
        })
    }

    async fn get_subscription_attributes(&self, region: &str, arn: &str) -> CloudResult<Option<Attributes>> {
        self.read(Op("sns", "GetSubscriptionAttributes"), |d| {
            let Some(s) = d.region(region).sns.subscriptions.get(arn) else { return Ok(None) };
            let mut out = s.attributes.clone();
            out.entry("RawMessageDelivery".into()).or_insert_with(|| "false".into());
            out.insert("SubscriptionArn".into(), arn.to_string());
            out.insert("TopicArn".into(), s.topic_arn.clone());
            out.insert("Protocol".into(), s.protocol.clone());
            out.insert("Endpoint".into(), s.endpoint.clone());
            out.insert("Owner".into(), d.account_id.clone());
            out.insert("PendingConfirmation".into(), s.pending_confirmation.to_string());
            out.insert("ConfirmationWasAuthenticated".into(), (!s.pending_confirmation).to_string());
            Ok(Some(out))
        })
    }

    async fn set_subscription_attribute(&self, region: &str, arn: &str, name: &str, value: &str) -> CloudResult<()> {
        let op = Op("sns", "SetSubscriptionAttributes");
        self.write(op, |d| {
            if !SUBSCRIPTION_ATTRIBUTES.contains(&name) {
                return Err(invalid(op, "AttributeName", &format!("Unknown attribute {name}")));
            }
            let s = d.region_mut(region).sns.subscriptions.get_mut(arn).ok_or_else(|| not_found(op, "Subscription"))?;
            if value.is_empty() {
                s.attributes.remove(name);
            } else {
                s.attributes.insert(name.to_string(), value.to_string());
            }
            Ok(())
        })
    }

    async fn unsubscribe(&self, region: &str, arn: &str) -> CloudResult<()> {
        let op = Op("sns", "Unsubscribe");
        self.write(op, |d| {
            let subs = &mut d.region_mut(region).sns.subscriptions;
            match subs.get(arn) {
                Some(s) if s.pending_confirmation => Err(invalid(
                    op,
                    "SubscriptionArn",
                    "Cannot unsubscribe a subscription that is pending confirmation",
                )),
                Some(_) => {
                    subs.remove(arn);
                    Ok(())
                }
                None => Ok(()),
            }
        })
    }
}

#[cfg(test)]
#[path = "sandbox_tests.rs"]
mod tests;
