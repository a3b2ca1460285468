//! SNS over the SDK.

use std::sync::Arc;

use async_trait::async_trait;
use aws_sdk_sns::types::Tag;

use super::{Attributes, Sns};
use crate::cloud::aws::{cloud_error, Connection, Regional};
use crate::cloud::{CloudResult, Tags};

/// SNS over the SDK (one client per region).
pub struct Client {
    clients: Regional<aws_sdk_sns::Client>,
}

impl Client {
    /// SNS clients of `conn`.
    pub fn new(conn: &Arc<Connection>) -> Client {
        Client { clients: Regional::new(conn, |c, r| crate::sdk_client!(c, aws_sdk_sns, "sns", Some(r))) }
    }
}

fn sns_tags(t: &Tags) -> Vec<Tag> {
    // Tag::build fails only without key or value; both are always set here.
    t.iter().filter_map(|(k, v)| Tag::builder().key(k).value(v).build().ok()).collect()
}

#[async_trait]
impl Sns for Client {
    async fn create_topic(
        &self,
        region: &str,
        name: &str,
        attributes: &Attributes,
        tags: &Tags,
    ) -> CloudResult<String> {
        let out = self
            .clients
            .get(region)
            .create_topic()
            .name(name)
            .set_attributes((!attributes.is_empty()).then(|| attributes.clone().into_iter().collect()))
            .set_tags((!tags.is_empty()).then(|| sns_tags(tags)))
            .send()
            .await
            .map_err(|e| cloud_error("sns", "CreateTopic", Some(&format!("arn:aws:sns:{region}:*:{name}")), e))?;
        Ok(out.topic_arn().unwrap_or_default().to_string())
    }

    async fn get_topic_attributes(&self, region: &str, arn: &str) -> CloudResult<Option<Attributes>> {
        match self.clients.get(region).get_topic_attributes().topic_arn(arn).send().await {
            Ok(out) => Ok(Some(out.attributes.unwrap_or_default().into_iter().collect())),
            Err(e) => cloud_error("sns", "GetTopicAttributes", Some(arn), e).absent(),
        }
    }

    async fn set_topic_attribute(&self, region: &str, arn: &str, name: &str, value: &str) -> CloudResult<()> {
        self.clients
            .get(region)
            .set_topic_attributes()
            .topic_arn(arn)
            .attribute_name(name)
            .attribute_value(value)
            .send()
            .await
            .map_err(|e| cloud_error("sns", "SetTopicAttributes", Some(arn), e))?;
        Ok(())
    }

    async fn delete_topic(&self, region: &str, arn: &str) -> CloudResult<()> {
        match self.clients.get(region).delete_topic().topic_arn(arn).send().await {
            Ok(_) => Ok(()),
            Err(e) => cloud_error("sns", "DeleteTopic", Some(arn), e).absent::<()>().map(|_| ()),
        }
    }

    async fn list_tags(&self, region: &str, arn: &str) -> CloudResult<Tags> {
        let out = self
            .clients
            .get(region)
            .list_tags_for_resource()
            .resource_arn(arn)
            .send()
            .await
            .map_err(|e| cloud_error("sns", "ListTagsForResource", Some(arn), e))?;
        Ok(out.tags().iter().map(|t| (t.key().to_string(), t.value().to_string())).collect())
    }

    async fn tag_resource(&self, region: &str, arn: &str, tags: &Tags) -> CloudResult<()> {
        self.clients
            .get(region)
            .tag_resource()
            .resource_arn(arn)
            .set_tags(Some(sns_tags(tags)))
            .send()
            .await
            .map_err(|e| cloud_error("sns", "TagResource", Some(arn), e))?;
        Ok(())
    }

    async fn untag_resource(&self, region: &str, arn: &str, keys: &[String]) -> CloudResult<()> {
        self.clients
            .get(region)
            .untag_resource()
            .resource_arn(arn)
            .set_tag_keys(Some(keys.to_vec()))
            .send()
            .await
            .map_err(|e| cloud_error("sns", "UntagResource", Some(arn), e))?;
        Ok(())
    }

    async fn subscribe(
        &self,
        region: &str,
        topic_arn: &str,
        protocol: &str,
        endpoint: &str,
        attributes: &Attributes,
    ) -> CloudResult<String> {
        let out = self
            .clients
            .get(region)
            .subscribe()
            .topic_arn(topic_arn)
            .protocol(protocol)
            .endpoint(endpoint)
            .set_attributes((!attributes.is_empty()).then(|| attributes.clone().into_iter().collect()))
            .return_subscription_arn(true)
            .send()
            .await
            .map_err(|e| cloud_error("sns", "Subscribe", Some(topic_arn), e))?;
        Ok(out.subscription_arn().unwrap_or_default().to_string())
    }

    async fn get_subscription_attributes(&self, region: &str, arn: &str) -> CloudResult<Option<Attributes>> {
        match self.clients.get(region).get_subscription_attributes().subscription_arn(arn).send().await {
            Ok(out) => Ok(Some(out.attributes.unwrap_or_default().into_iter().collect())),
            Err(e) => cloud_error("sns", "GetSubscriptionAttributes", Some(arn), e).absent(),
        }
    }

    async fn set_subscription_attribute(&self, region: &str, arn: &str, name: &str, value: &str) -> CloudResult<()> {
        self.clients
            .get(region)
            .set_subscription_attributes()
            .subscription_arn(arn)
            .attribute_name(name)
            .attribute_value(value)
            .send()
            .await
            .map_err(|e| cloud_error("sns", "SetSubscriptionAttributes", Some(arn), e))?;
        Ok(())
    }

    async fn unsubscribe(&self, region: &str, arn: &str) -> CloudResult<()> {
        match self.clients.get(region).unsubscribe().subscription_arn(arn).send().await {
            Ok(_) => Ok(()),
            Err(e) => cloud_error("sns", "Unsubscribe", Some(arn), e).absent::<()>().map(|_| ()),
        }
    }
}
