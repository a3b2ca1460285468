//! GuardDuty over the SDK.

use std::collections::BTreeMap;
use std::sync::Arc;

use async_trait::async_trait;
use aws_sdk_guardduty::types::{
    AutoEnableMembers, DetectorAdditionalConfiguration, DetectorFeature, DetectorFeatureConfiguration,
    FeatureAdditionalConfiguration, FeatureStatus, FindingPublishingFrequency, OrgFeature,
    OrgFeatureAdditionalConfiguration, OrgFeatureStatus, OrganizationAdditionalConfiguration,
    OrganizationFeatureConfiguration,
};

use super::{Detector, DetectorSettings, Feature, GuardDuty, OrgConfig, OrgFeature as Org};
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

    async fn update_detector_features(
        &self,
        region: &str,
        id: &str,
        features: &BTreeMap<String, Feature>,
    ) -> CloudResult<()> {
        let list = features
            .iter()
            .map(|(name, f)| {
                let additional: Vec<DetectorAdditionalConfiguration> = f
                    .additional_configuration
                    .iter()
                    .map(|(n, st)| {
                        DetectorAdditionalConfiguration::builder()
                            .name(FeatureAdditionalConfiguration::from(n.as_str()))
                            .status(FeatureStatus::from(st.as_str()))
                            .build()
                    })
                    .collect();
                DetectorFeatureConfiguration::builder()
                    .name(DetectorFeature::from(name.as_str()))
                    .status(FeatureStatus::from(f.status.as_str()))
                    .set_additional_configuration((!additional.is_empty()).then_some(additional))
                    .build()
            })
            .collect();
        self.clients
            .get(region)
            .update_detector()
            .detector_id(id)
            .set_features(Some(list))
            .send()
            .await
            .map_err(|e| cloud_error("guardduty", "UpdateDetector", Some(id), e))?;
        Ok(())
    }

    async fn enable_organization_admin(&self, region: &str, account: &str) -> CloudResult<()> {
        self.clients
            .get(region)
            .enable_organization_admin_account()
            .admin_account_id(account)
            .send()
            .await
            .map_err(|e| cloud_error("guardduty", "EnableOrganizationAdminAccount", Some(account), e))?;
        Ok(())
    }

    async fn disable_organization_admin(&self, region: &str, account: &str) -> CloudResult<()> {
        self.clients
            .get(region)
            .disable_organization_admin_account()
            .admin_account_id(account)
            .send()
            .await
            .map_err(|e| cloud_error("guardduty", "DisableOrganizationAdminAccount", Some(account), e))?;
        Ok(())
    }

    async fn list_organization_admins(&self, region: &str) -> CloudResult<Vec<(String, String)>> {
        let mut out = Vec::new();
        let mut pages = self.clients.get(region).list_organization_admin_accounts().into_paginator().send();
        while let Some(page) = pages.next().await {
            let page = page.map_err(|e| cloud_error("guardduty", "ListOrganizationAdminAccounts", None, e))?;
            for a in page.admin_accounts() {
                let status = a.admin_status().map(|s| s.as_str().to_string()).unwrap_or_default();
                out.push((a.admin_account_id().unwrap_or_default().to_string(), status));
            }
        }
        Ok(out)
    }

    async fn describe_organization_configuration(&self, region: &str, detector_id: &str) -> CloudResult<OrgConfig> {
        let out = self
            .clients
            .get(region)
            .describe_organization_configuration()
            .detector_id(detector_id)
            .send()
            .await
            .map_err(|e| cloud_error("guardduty", "DescribeOrganizationConfiguration", Some(detector_id), e))?;
        let features = out
            .features()
            .iter()
            .filter_map(|f| {
                let additional = f
                    .additional_configuration()
                    .iter()
                    .filter_map(|a| Some((a.name()?.as_str().to_string(), a.auto_enable()?.as_str().to_string())))
                    .collect();
                let auto = f.auto_enable().map(|a| a.as_str().to_string()).unwrap_or_default();
                Some((f.name()?.as_str().to_string(), Org { auto_enable: auto, additional_configuration: additional }))
            })
            .collect();
        // The deprecated flag alone (an older answer): `NEW` when on.
        #[allow(deprecated)]
        let members = match (out.auto_enable_organization_members(), out.auto_enable()) {
            (Some(m), _) => m.as_str().to_string(),
            (None, Some(true)) => "NEW".to_string(),
            (None, _) => "NONE".to_string(),
        };
        Ok(OrgConfig {
            auto_enable_organization_members: members,
            member_account_limit_reached: out.member_account_limit_reached().unwrap_or(false),
            features,
        })
    }

    async fn update_organization_configuration(
        &self,
        region: &str,
        detector_id: &str,
        config: &OrgConfig,
    ) -> CloudResult<()> {
        let features: Vec<OrganizationFeatureConfiguration> = config
            .features
            .iter()
            .map(|(name, f)| {
                let additional: Vec<OrganizationAdditionalConfiguration> = f
                    .additional_configuration
                    .iter()
                    .map(|(n, a)| {
                        OrganizationAdditionalConfiguration::builder()
                            .name(OrgFeatureAdditionalConfiguration::from(n.as_str()))
                            .auto_enable(OrgFeatureStatus::from(a.as_str()))
                            .build()
                    })
                    .collect();
                OrganizationFeatureConfiguration::builder()
                    .name(OrgFeature::from(name.as_str()))
                    .auto_enable(OrgFeatureStatus::from(f.auto_enable.as_str()))
                    .set_additional_configuration((!additional.is_empty()).then_some(additional))
                    .build()
            })
            .collect();
        self.clients
            .get(region)
            .update_organization_configuration()
            .detector_id(detector_id)
            .auto_enable_organization_members(AutoEnableMembers::from(config.auto_enable_organization_members.as_str()))
            .set_features((!features.is_empty()).then_some(features))
            .send()
            .await
            .map_err(|e| cloud_error("guardduty", "UpdateOrganizationConfiguration", Some(detector_id), e))?;
        Ok(())
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
