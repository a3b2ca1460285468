//! GuardDuty over the SDK.

use std::collections::BTreeMap;
use std::sync::Arc;

use async_trait::async_trait;
use aws_sdk_guardduty::types::{
    DetectorFeature, DetectorFeatureConfiguration, FeatureStatus, FindingPublishingFrequency,
};

use super::{Detector, DetectorSettings, Feature, GuardDuty};
use crate::cloud::aws::{cloud_error, Connection, Regional};
use crate::cloud::{CloudResult, Tags};

/// GuardDuty over the SDK (one client per region).
pub struct Client {
    clients: Regional<aws_sdk_guardduty::Client>,
}

impl Client {
    /// GuardDuty clients of `conn`.
    pub fn new(conn: &Arc<Connection>) -> Client {
        Client { clients: Regional::new(conn, |c, r| crate::sdk_client!(c, aws_sdk_guardduty, "guardduty", Some(r))) }
    }
}

/// The features to send: each with its status (sub-features are left as GuardDuty has them).
fn features(settings: &DetectorSettings) -> Option<Vec<DetectorFeatureConfiguration>> {
    let list: Vec<DetectorFeatureConfiguration> = settings
        .features
        .iter()
        .map(|(name, status)| {
            DetectorFeatureConfiguration::builder()
                .name(DetectorFeature::from(name.as_str()))
                .status(FeatureStatus::from(status.as_str()))
                .build()
        })
        .collect();
    (!list.is_empty()).then_some(list)
}

fn frequency(settings: &DetectorSettings) -> Option<FindingPublishingFrequency> {
    settings.finding_publishing_frequency.as_deref().map(FindingPublishingFrequency::from)
}

#[async_trait]
impl GuardDuty for Client {
    async fn create_detector(&self, region: &str, settings: &DetectorSettings, tags: &Tags) -> CloudResult<String> {
        let out = self
            .clients
            .get(region)
            .create_detector()
            .enable(settings.enable)
            .set_finding_publishing_frequency(frequency(settings))
            .set_features(features(settings))
            .set_tags((!tags.is_empty()).then(|| tags.clone().into_iter().collect()))
            .send()
            .await
            .map_err(|e| cloud_error("guardduty", "CreateDetector", None, e))?;
        Ok(out.detector_id().unwrap_or_default().to_string())
    }

    async fn get_detector(&self, region: &str, id: &str) -> CloudResult<Option<Detector>> {
        let out = match self.clients.get(region).get_detector().detector_id(id).send().await {
            Ok(out) => out,
            Err(e) => return cloud_error("guardduty", "GetDetector", Some(id), e).absent(),
        };
        let features = out
            .features()
            .iter()
            .filter_map(|f| {
                let additional: BTreeMap<String, String> = f
                    .additional_configuration()
                    .iter()
                    .filter_map(|a| Some((a.name()?.as_str().to_string(), a.status()?.as_str().to_string())))
                    .collect();
                let feature = Feature {
                    status: f.status().map(|s| s.as_str().to_string()).unwrap_or_default(),
                    additional_configuration: additional,
                };
                Some((f.name()?.as_str().to_string(), feature))
            })
            .collect();
        Ok(Some(Detector {
            id: id.to_string(),
            status: out.status().map(|s| s.as_str().to_string()).unwrap_or_default(),
            finding_publishing_frequency: out
                .finding_publishing_frequency()
                .map(|f| f.as_str().to_string())
                .unwrap_or_default(),
            service_role: out.service_role().unwrap_or_default().to_string(),
            features,
            tags: out.tags().map(|t| t.clone().into_iter().collect()).unwrap_or_default(),
        }))
    }

    async fn update_detector(&self, region: &str, id: &str, settings: &DetectorSettings) -> CloudResult<()> {
        self.clients
            .get(region)
            .update_detector()
            .detector_id(id)
            .enable(settings.enable)
            .set_finding_publishing_frequency(frequency(settings))
            .set_features(features(settings))
            .send()
            .await
            .map_err(|e| cloud_error("guardduty", "UpdateDetector", Some(id), e))?;
        Ok(())
    }

    async fn delete_detector(&self, region: &str, id: &str) -> CloudResult<()> {
        match self.clients.get(region).delete_detector().detector_id(id).send().await {
            Ok(_) => Ok(()),
            Err(e) => cloud_error("guardduty", "DeleteDetector", Some(id), e).absent::<()>().map(|_| ()),
        }
    }

    async fn list_detectors(&self, region: &str) -> CloudResult<Vec<String>> {
        let mut ids = Vec::new();
        let mut pages = self.clients.get(region).list_detectors().into_paginator().send();
        while let Some(page) = pages.next().await {
            let page = page.map_err(|e| cloud_error("guardduty", "ListDetectors", None, e))?;
            ids.extend(page.detector_ids().iter().cloned());
        }
        Ok(ids)
    }

    async fn tag_resource(&self, region: &str, arn: &str, tags: &Tags) -> CloudResult<()> {
        self.clients
            .get(region)
            .tag_resource()
            .resource_arn(arn)
            .set_tags(Some(tags.clone().into_iter().collect()))
            .send()
            .await
            .map_err(|e| cloud_error("guardduty", "TagResource", Some(arn), e))?;
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
            .map_err(|e| cloud_error("guardduty", "UntagResource", Some(arn), e))?;
        Ok(())
    }
}
