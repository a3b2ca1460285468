//! Amazon SNS (regional): topics, their policies and subscriptions. Attributes cross this
//! interface as SNS's own name → string maps (`DisplayName`, `Policy`, `PendingConfirmation`),
//! so the sandbox and AWS answer in the same words.

pub mod aws;
pub(crate) mod sandbox;

use std::collections::BTreeMap;

use async_trait::async_trait;

use crate::cloud::{CloudResult, Tags};

/// SNS attributes: name → value, as `GetTopicAttributes`/`GetSubscriptionAttributes` return.
pub type Attributes = BTreeMap<String, String>;

/// The SNS operations baseline uses. Every call names its region.
#[async_trait]
pub trait Sns: Send + Sync {
    /// `CreateTopic` with attributes and tags; returns the topic ARN. As in SNS, creating an
    /// existing topic with the same attributes returns its ARN; with others it fails.
    async fn create_topic(&self, region: &str, name: &str, attributes: &Attributes, tags: &Tags)
        -> CloudResult<String>;
    /// `GetTopicAttributes`; `Ok(None)` when the topic does not exist.
    async fn get_topic_attributes(&self, region: &str, arn: &str) -> CloudResult<Option<Attributes>>;
    /// `SetTopicAttributes` of one attribute (SNS sets one per call).
    async fn set_topic_attribute(&self, region: &str, arn: &str, name: &str, value: &str) -> CloudResult<()>;
    /// `DeleteTopic` (its subscriptions go with it); deleting a missing topic succeeds.
    async fn delete_topic(&self, region: &str, arn: &str) -> CloudResult<()>;
    /// `ListTagsForResource`.
    async fn list_tags(&self, region: &str, arn: &str) -> CloudResult<Tags>;
    /// `TagResource`.
    async fn tag_resource(&self, region: &str, arn: &str, tags: &Tags) -> CloudResult<()>;
    /// `UntagResource`.
    async fn untag_resource(&self, region: &str, arn: &str, keys: &[String]) -> CloudResult<()>;
    /// `Subscribe` with `ReturnSubscriptionArn`, so a subscription pending confirmation has
    /// its real ARN too.
    async fn subscribe(
        &self,
        region: &str,
        topic_arn: &str,
        protocol: &str,
        endpoint: &str,
        attributes: &Attributes,
    ) -> CloudResult<String>;
    /// `GetSubscriptionAttributes`; `Ok(None)` when the subscription does not exist.
    async fn get_subscription_attributes(&self, region: &str, arn: &str) -> CloudResult<Option<Attributes>>;
    /// `SetSubscriptionAttributes` of one attribute.
    async fn set_subscription_attribute(&self, region: &str, arn: &str, name: &str, value: &str) -> CloudResult<()>;
    /// `Unsubscribe`. A subscription pending confirmation cannot be removed (`Invalid`).
    async fn unsubscribe(&self, region: &str, arn: &str) -> CloudResult<()>;
}

/// The policy SNS gives a topic that was created without one: the owner account may do
/// everything a topic owner can.
pub fn default_topic_policy(topic_arn: &str, account: &str) -> String {
    let actions = [
        "SNS:GetTopicAttributes",
        "SNS:SetTopicAttributes",
        "SNS:AddPermission",
        "SNS:RemovePermission",
        "SNS:DeleteTopic",
        "SNS:Subscribe",
        "SNS:ListSubscriptionsByTopic",
        "SNS:Publish",
    ];
    serde_json::json!({
        "Version": "2008-10-17",
        "Id": "__default_policy_ID",
        "Statement": [{
            "Sid": "__default_statement_ID",
            "Effect": "Allow",
            "Principal": { "AWS": "*" },
            "Action": actions,
            "Resource": topic_arn,
            "Condition": { "StringEquals": { "AWS:SourceOwner": account } }
        }]
    })
    .to_string()
}
