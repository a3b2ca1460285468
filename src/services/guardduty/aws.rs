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

use super::{
    Condition, Detector, DetectorSettings, Feature, Filter, GuardDuty, Invitation, Member, OrgConfig,
    OrgFeature as Org, PublishingDestination,
};
use crate::cloud::aws::{cloud_error, Connection, Regional};
use crate::cloud::{CloudError, CloudResult, ErrorKind, Tags};

/// The first account GuardDuty left unprocessed, as an error carrying its reason.
fn unprocessed(op: &'static str, accounts: &[aws_sdk_guardduty::types::UnprocessedAccount]) -> CloudResult<()> {
    let Some(u) = accounts.first() else { return Ok(()) };
    let reason = u.result().unwrap_or_default();
    let kind = if reason.contains("not a member") || reason.contains("not owned") {
        ErrorKind::NotFound
    } else if reason.contains("already") {
        ErrorKind::AlreadyExists
    } else {
        ErrorKind::Invalid
    };
    let msg = format!("account {}: {reason}", u.account_id().unwrap_or_default());
    Err(CloudError::new("guardduty", op, kind, "BadRequestException", msg))
}

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

/// A filter's criteria as the SDK shapes them.
fn finding_criteria(f: &Filter) -> aws_sdk_guardduty::types::FindingCriteria {
    let criterion = f
        .criteria
        .iter()
        .map(|(field, c)| {
            let condition = aws_sdk_guardduty::types::Condition::builder()
                .set_equals((!c.equals.is_empty()).then(|| c.equals.clone()))
                .set_not_equals((!c.not_equals.is_empty()).then(|| c.not_equals.clone()))
                .set_greater_than(c.greater_than)
                .set_greater_than_or_equal(c.greater_than_or_equal)
                .set_less_than(c.less_than)
                .set_less_than_or_equal(c.less_than_or_equal)
                .build();
            (field.clone(), condition)
        })
        .collect();
    aws_sdk_guardduty::types::FindingCriteria::builder().set_criterion(Some(criterion)).build()
}

/// The SDK's criteria as [`Condition`]s (the deprecated `eq`/`neq`/`gt`… members read as
/// their current names when those are absent).
#[allow(deprecated)]
fn criteria_of(c: Option<&aws_sdk_guardduty::types::FindingCriteria>) -> std::collections::BTreeMap<String, Condition> {
    let Some(map) = c.and_then(|c| c.criterion()) else { return Default::default() };
    map.iter()
        .map(|(field, c)| {
            let list = |new: &[String], old: &[String]| if new.is_empty() { old.to_vec() } else { new.to_vec() };
            let condition = Condition {
                equals: list(c.equals(), c.eq()),
                not_equals: list(c.not_equals(), c.neq()),
                greater_than: c.greater_than().or(c.gt().map(i64::from)),
                greater_than_or_equal: c.greater_than_or_equal().or(c.gte().map(i64::from)),
                less_than: c.less_than().or(c.lt().map(i64::from)),
                less_than_or_equal: c.less_than_or_equal().or(c.lte().map(i64::from)),
            };
            (field.clone(), condition)
        })
        .collect()
}

fn properties(p: &PublishingDestination) -> aws_sdk_guardduty::types::DestinationProperties {
    aws_sdk_guardduty::types::DestinationProperties::builder()
        .destination_arn(&p.destination_arn)
        .kms_key_arn(&p.kms_key_arn)
        .build()
}

/// GuardDuty answers a missing filter (or set) with a `BadRequestException` saying so.
fn no_such_resource<T>(e: CloudError) -> CloudResult<Option<T>> {
    if e.message.contains("no such resource found") {
        Ok(None)
    } else {
        e.absent()
    }
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

    async fn create_member(&self, region: &str, detector_id: &str, account: &str, email: &str) -> CloudResult<()> {
        let detail = aws_sdk_guardduty::types::AccountDetail::builder().account_id(account).email(email).build();
        let out = self
            .clients
            .get(region)
            .create_members()
            .detector_id(detector_id)
            .account_details(detail)
            .send()
            .await
            .map_err(|e| cloud_error("guardduty", "CreateMembers", Some(account), e))?;
        unprocessed("CreateMembers", out.unprocessed_accounts())
    }

    async fn invite_member(
        &self,
        region: &str,
        detector_id: &str,
        account: &str,
        disable_email_notification: bool,
        message: Option<&str>,
    ) -> CloudResult<()> {
        let out = self
            .clients
            .get(region)
            .invite_members()
            .detector_id(detector_id)
            .account_ids(account)
            .disable_email_notification(disable_email_notification)
            .set_message(message.map(str::to_string))
            .send()
            .await
            .map_err(|e| cloud_error("guardduty", "InviteMembers", Some(account), e))?;
        unprocessed("InviteMembers", out.unprocessed_accounts())
    }

    async fn get_member(&self, region: &str, detector_id: &str, account: &str) -> CloudResult<Option<Member>> {
        let out = self
            .clients
            .get(region)
            .get_members()
            .detector_id(detector_id)
            .account_ids(account)
            .send()
            .await
            .map_err(|e| cloud_error("guardduty", "GetMembers", Some(account), e))?;
        Ok(out.members().iter().find(|m| m.account_id() == Some(account)).map(|m| Member {
            account_id: account.to_string(),
            detector_id: m.detector_id().unwrap_or(detector_id).to_string(),
            email: m.email().unwrap_or_default().to_string(),
            relationship_status: m.relationship_status().unwrap_or_default().to_string(),
            invited_at: m.invited_at().map(str::to_string),
        }))
    }

    async fn disassociate_member(&self, region: &str, detector_id: &str, account: &str) -> CloudResult<()> {
        let out = self
            .clients
            .get(region)
            .disassociate_members()
            .detector_id(detector_id)
            .account_ids(account)
            .send()
            .await
            .map_err(|e| cloud_error("guardduty", "DisassociateMembers", Some(account), e))?;
        unprocessed("DisassociateMembers", out.unprocessed_accounts())
    }

    async fn delete_member(&self, region: &str, detector_id: &str, account: &str) -> CloudResult<()> {
        let out = self
            .clients
            .get(region)
            .delete_members()
            .detector_id(detector_id)
            .account_ids(account)
            .send()
            .await
            .map_err(|e| cloud_error("guardduty", "DeleteMembers", Some(account), e))?;
        unprocessed("DeleteMembers", out.unprocessed_accounts())
    }

    async fn list_invitations(&self, region: &str) -> CloudResult<Vec<Invitation>> {
        let mut out = Vec::new();
        let mut pages = self.clients.get(region).list_invitations().into_paginator().send();
        while let Some(page) = pages.next().await {
            let page = page.map_err(|e| cloud_error("guardduty", "ListInvitations", None, e))?;
            out.extend(page.invitations().iter().map(|i| Invitation {
                account_id: i.account_id().unwrap_or_default().to_string(),
                invitation_id: i.invitation_id().unwrap_or_default().to_string(),
                relationship_status: i.relationship_status().unwrap_or_default().to_string(),
                invited_at: i.invited_at().map(str::to_string),
            }));
        }
        Ok(out)
    }

    async fn accept_administrator_invitation(
        &self,
        region: &str,
        detector_id: &str,
        administrator: &str,
        invitation_id: &str,
    ) -> CloudResult<()> {
        self.clients
            .get(region)
            .accept_administrator_invitation()
            .detector_id(detector_id)
            .administrator_id(administrator)
            .invitation_id(invitation_id)
            .send()
            .await
            .map_err(|e| cloud_error("guardduty", "AcceptAdministratorInvitation", Some(detector_id), e))?;
        Ok(())
    }

    async fn get_administrator(&self, region: &str, detector_id: &str) -> CloudResult<Option<Invitation>> {
        let out = self
            .clients
            .get(region)
            .get_administrator_account()
            .detector_id(detector_id)
            .send()
            .await
            .map_err(|e| cloud_error("guardduty", "GetAdministratorAccount", Some(detector_id), e))?;
        Ok(out.administrator().filter(|a| a.account_id().is_some_and(|id| !id.is_empty())).map(|a| Invitation {
            account_id: a.account_id().unwrap_or_default().to_string(),
            invitation_id: a.invitation_id().unwrap_or_default().to_string(),
            relationship_status: a.relationship_status().unwrap_or_default().to_string(),
            invited_at: a.invited_at().map(str::to_string),
        }))
    }

    async fn disassociate_from_administrator(&self, region: &str, detector_id: &str) -> CloudResult<()> {
        self.clients
            .get(region)
            .disassociate_from_administrator_account()
            .detector_id(detector_id)
            .send()
            .await
            .map_err(|e| cloud_error("guardduty", "DisassociateFromAdministratorAccount", Some(detector_id), e))?;
        Ok(())
    }

    async fn create_filter(&self, region: &str, detector_id: &str, filter: &Filter) -> CloudResult<()> {
        self.clients
            .get(region)
            .create_filter()
            .detector_id(detector_id)
            .name(&filter.name)
            .action(aws_sdk_guardduty::types::FilterAction::from(filter.action.as_str()))
            .set_description(filter.description.clone())
            .rank(i32::try_from(filter.rank).unwrap_or(i32::MAX))
            .finding_criteria(finding_criteria(filter))
            .set_tags((!filter.tags.is_empty()).then(|| filter.tags.clone().into_iter().collect()))
            .send()
            .await
            .map_err(|e| cloud_error("guardduty", "CreateFilter", Some(&filter.name), e))?;
        Ok(())
    }

    async fn get_filter(&self, region: &str, detector_id: &str, name: &str) -> CloudResult<Option<Filter>> {
        let out = match self.clients.get(region).get_filter().detector_id(detector_id).filter_name(name).send().await {
            Ok(out) => out,
            Err(e) => return no_such_resource(cloud_error("guardduty", "GetFilter", Some(name), e)),
        };
        Ok(Some(Filter {
            name: out.name().unwrap_or(name).to_string(),
            action: out.action().map(|a| a.as_str().to_string()).unwrap_or_default(),
            description: out.description().filter(|d| !d.is_empty()).map(str::to_string),
            rank: out.rank().map(i64::from).unwrap_or_default(),
            criteria: criteria_of(out.finding_criteria()),
            tags: out.tags().map(|t| t.clone().into_iter().collect()).unwrap_or_default(),
        }))
    }

    async fn update_filter(&self, region: &str, detector_id: &str, filter: &Filter) -> CloudResult<()> {
        self.clients
            .get(region)
            .update_filter()
            .detector_id(detector_id)
            .filter_name(&filter.name)
            .action(aws_sdk_guardduty::types::FilterAction::from(filter.action.as_str()))
            .description(filter.description.clone().unwrap_or_default())
            .rank(i32::try_from(filter.rank).unwrap_or(i32::MAX))
            .finding_criteria(finding_criteria(filter))
            .send()
            .await
            .map_err(|e| cloud_error("guardduty", "UpdateFilter", Some(&filter.name), e))?;
        Ok(())
    }

    async fn delete_filter(&self, region: &str, detector_id: &str, name: &str) -> CloudResult<()> {
        match self.clients.get(region).delete_filter().detector_id(detector_id).filter_name(name).send().await {
            Ok(_) => Ok(()),
            Err(e) => {
                let e = cloud_error("guardduty", "DeleteFilter", Some(name), e);
                if e.message.contains("no such resource found") {
                    Err(CloudError { kind: ErrorKind::NotFound, ..e })
                } else {
                    Err(e)
                }
            }
        }
    }

    async fn create_publishing_destination(
        &self,
        region: &str,
        detector_id: &str,
        destination: &PublishingDestination,
    ) -> CloudResult<String> {
        let out = self
            .clients
            .get(region)
            .create_publishing_destination()
            .detector_id(detector_id)
            .destination_type(aws_sdk_guardduty::types::DestinationType::from(destination.destination_type.as_str()))
            .destination_properties(properties(destination))
            .send()
            .await
            .map_err(|e| cloud_error("guardduty", "CreatePublishingDestination", Some(detector_id), e))?;
        Ok(out.destination_id().unwrap_or_default().to_string())
    }

    async fn get_publishing_destination(
        &self,
        region: &str,
        detector_id: &str,
        id: &str,
    ) -> CloudResult<Option<PublishingDestination>> {
        let sent =
            self.clients.get(region).describe_publishing_destination().detector_id(detector_id).destination_id(id);
        let out = match sent.send().await {
            Ok(out) => out,
            Err(e) => {
                let e = cloud_error("guardduty", "DescribePublishingDestination", Some(id), e);
                // How GuardDuty answers a destination that is gone (the provider reads it so).
                if e.message.contains("input parameters have invalid values") {
                    return Ok(None);
                }
                return e.absent();
            }
        };
        let props = out.destination_properties();
        Ok(Some(PublishingDestination {
            destination_type: out.destination_type().map(|t| t.as_str().to_string()).unwrap_or_default(),
            destination_arn: props.and_then(|p| p.destination_arn()).unwrap_or_default().to_string(),
            kms_key_arn: props.and_then(|p| p.kms_key_arn()).unwrap_or_default().to_string(),
            status: out.status().map(|s| s.as_str().to_string()).unwrap_or_default(),
        }))
    }

    async fn update_publishing_destination(
        &self,
        region: &str,
        detector_id: &str,
        id: &str,
        destination: &PublishingDestination,
    ) -> CloudResult<()> {
        self.clients
            .get(region)
            .update_publishing_destination()
            .detector_id(detector_id)
            .destination_id(id)
            .destination_properties(properties(destination))
            .send()
            .await
            .map_err(|e| cloud_error("guardduty", "UpdatePublishingDestination", Some(id), e))?;
        Ok(())
    }

    async fn delete_publishing_destination(&self, region: &str, detector_id: &str, id: &str) -> CloudResult<()> {
        match self
            .clients
            .get(region)
            .delete_publishing_destination()
            .detector_id(detector_id)
            .destination_id(id)
            .send()
            .await
        {
            Ok(_) => Ok(()),
            Err(e) => {
                let e = cloud_error("guardduty", "DeletePublishingDestination", Some(id), e);
                // The provider takes any BadRequestException of a delete as the destination gone.
                if e.code == "BadRequestException" {
                    Err(CloudError { kind: ErrorKind::NotFound, ..e })
                } else {
                    Err(e)
                }
            }
        }
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
