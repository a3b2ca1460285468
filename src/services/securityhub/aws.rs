//! Security Hub over the SDK.

use std::sync::Arc;

use async_trait::async_trait;
use aws_sdk_securityhub::types as sdk;
use aws_sdk_securityhub::types::{
    AccountDetails, AdminStatus, AssociationStatus, AutoEnableStandards, ControlFindingGenerator, ControlStatus,
    OrganizationConfiguration, OrganizationConfigurationConfigurationType, StandardsControlAssociationUpdate,
    StandardsSubscriptionRequest, UnprocessedErrorCode,
};
use aws_smithy_types::date_time::Format;

use super::{
    ActionTarget, Aggregator, ControlAssociation, Hub, Invitation, Member, OrgConfig, SecurityHub, StandardsControl,
    Subscription,
};
use super::{
    AutomationRule, ConfigurationPolicy, ControlsConfiguration, CustomParameters, HubPolicy, ParameterConfiguration,
    ParameterValue, PolicyAssociation,
};
use crate::cloud::aws::{cloud_error, Connection, Regional};
use crate::cloud::{CloudError, CloudResult, ErrorKind, Tags};

/// Security Hub over the SDK (one client per region).
pub struct Client {
    clients: Regional<aws_sdk_securityhub::Client>,
}

impl Client {
    /// Security Hub clients of `conn`.
    pub fn new(conn: &Arc<Connection>) -> Client {
        Client {
            clients: Regional::new(conn, |c, r| crate::sdk_client!(c, aws_sdk_securityhub, "securityhub", Some(r))),
        }
    }
}

const S: &str = "securityhub";

/// A member call's per-account failure (`UnprocessedAccounts`) as an error.
fn unprocessed(op: &'static str, account: &str, results: &[aws_sdk_securityhub::types::Result]) -> CloudResult<()> {
    match results.iter().find(|r| r.account_id() == Some(account)) {
        Some(r) => {
            let msg = format!("account {account}: {}", r.processing_result().unwrap_or("not processed"));
            Err(CloudError::new(S, op, ErrorKind::Invalid, "UnprocessedAccount", msg))
        }
        None => Ok(()),
    }
}

/// The error kind of an unprocessed batch update's error code.
pub(crate) fn unprocessed_kind(code: &str) -> ErrorKind {
    match code {
        "NOT_FOUND" | "RESOURCE_NOT_FOUND" => ErrorKind::NotFound,
        "ACCESS_DENIED" => ErrorKind::AccessDenied,
        "LIMIT_EXCEEDED" => ErrorKind::Other,
        _ => ErrorKind::Invalid,
    }
}

/// A policy as the SDK's `Policy` union.
pub(crate) fn sdk_policy(p: &HubPolicy) -> sdk::Policy {
    let controls = p.security_controls_configuration.as_ref().map(|c| {
        let custom: Vec<sdk::SecurityControlCustomParameter> = c
            .security_control_custom_parameters
            .iter()
            .map(|cp| {
                let parameters = cp
                    .parameters
                    .iter()
                    .map(|(name, pc)| {
                        let value = pc.value.as_ref().map(|v| match v {
                            ParameterValue::Boolean(b) => sdk::ParameterValue::Boolean(*b),
                            ParameterValue::Double(d) => sdk::ParameterValue::Double(*d),
                            ParameterValue::Enum(e) => sdk::ParameterValue::Enum(e.clone()),
                            ParameterValue::EnumList(l) => sdk::ParameterValue::EnumList(l.clone()),
                            ParameterValue::Integer(i) => sdk::ParameterValue::Integer(*i),
                            ParameterValue::IntegerList(l) => sdk::ParameterValue::IntegerList(l.clone()),
                            ParameterValue::String(x) => sdk::ParameterValue::String(x.clone()),
                            ParameterValue::StringList(l) => sdk::ParameterValue::StringList(l.clone()),
                        });
                        let config = sdk::ParameterConfiguration::builder()
                            .value_type(sdk::ParameterValueType::from(pc.value_type.as_str()))
                            .set_value(value)
                            .build();
                        (name.clone(), config)
                    })
                    .collect();
                sdk::SecurityControlCustomParameter::builder()
                    .security_control_id(&cp.security_control_id)
                    .set_parameters(Some(parameters))
                    .build()
            })
            .collect();
        sdk::SecurityControlsConfiguration::builder()
            .set_enabled_security_control_identifiers(c.enabled_security_control_identifiers.clone())
            .set_disabled_security_control_identifiers(c.disabled_security_control_identifiers.clone())
            .set_security_control_custom_parameters((!custom.is_empty()).then_some(custom))
            .build()
    });
    let standards = p.enabled_standard_identifiers.clone();
    sdk::Policy::SecurityHub(
        sdk::SecurityHubPolicy::builder()
            .service_enabled(p.service_enabled)
            .set_enabled_standard_identifiers(p.service_enabled.then_some(standards))
            .set_security_controls_configuration(controls)
            .build(),
    )
}

/// The SDK's `Policy` union as a policy (another member than Security Hub's reads as empty).
pub(crate) fn hub_policy(p: Option<&sdk::Policy>) -> HubPolicy {
    let Some(sdk::Policy::SecurityHub(p)) = p else { return HubPolicy::default() };
    HubPolicy {
        service_enabled: p.service_enabled().unwrap_or(false),
        enabled_standard_identifiers: p.enabled_standard_identifiers().to_vec(),
        security_controls_configuration: p.security_controls_configuration().map(|c| ControlsConfiguration {
            enabled_security_control_identifiers: c.enabled_security_control_identifiers.clone(),
            disabled_security_control_identifiers: c.disabled_security_control_identifiers.clone(),
            security_control_custom_parameters: c
                .security_control_custom_parameters()
                .iter()
                .map(|cp| CustomParameters {
                    security_control_id: cp.security_control_id().unwrap_or_default().to_string(),
                    parameters: cp
                        .parameters()
                        .into_iter()
                        .flatten()
                        .map(|(name, pc)| {
                            let value = pc.value().and_then(|v| match v {
                                sdk::ParameterValue::Boolean(b) => Some(ParameterValue::Boolean(*b)),
                                sdk::ParameterValue::Double(d) => Some(ParameterValue::Double(*d)),
                                sdk::ParameterValue::Enum(e) => Some(ParameterValue::Enum(e.clone())),
                                sdk::ParameterValue::EnumList(l) => Some(ParameterValue::EnumList(l.clone())),
                                sdk::ParameterValue::Integer(i) => Some(ParameterValue::Integer(*i)),
                                sdk::ParameterValue::IntegerList(l) => Some(ParameterValue::IntegerList(l.clone())),
                                sdk::ParameterValue::String(x) => Some(ParameterValue::String(x.clone())),
                                sdk::ParameterValue::StringList(l) => Some(ParameterValue::StringList(l.clone())),
                                _ => None,
                            });
                            let config = ParameterConfiguration {
                                value_type: pc.value_type().map(|t| t.as_str().to_string()).unwrap_or_default(),
                                value,
                            };
                            (name.clone(), config)
                        })
                        .collect(),
                })
                .collect(),
        }),
    }
}

/// A target id as the SDK's `Target` union: a root (`r-…`), an OU (`ou-…`) or an account.
pub(crate) fn sdk_target(id: &str) -> sdk::Target {
    if id.starts_with("r-") {
        sdk::Target::RootId(id.to_string())
    } else if id.starts_with("ou-") {
        sdk::Target::OrganizationalUnitId(id.to_string())
    } else {
        sdk::Target::AccountId(id.to_string())
    }
}

fn invitation(i: &aws_sdk_securityhub::types::Invitation) -> Invitation {
    Invitation {
        account_id: i.account_id().unwrap_or_default().to_string(),
        invitation_id: i.invitation_id().unwrap_or_default().to_string(),
        member_status: i.member_status().unwrap_or_default().to_string(),
    }
}

#[async_trait]
impl SecurityHub for Client {
    async fn enable_hub(
        &self,
        region: &str,
        default_standards: bool,
        generator: Option<&str>,
        tags: &Tags,
    ) -> CloudResult<()> {
        self.clients
            .get(region)
            .enable_security_hub()
            .enable_default_standards(default_standards)
            .set_control_finding_generator(generator.map(ControlFindingGenerator::from))
            .set_tags((!tags.is_empty()).then(|| tags.clone().into_iter().collect()))
            .send()
            .await
            .map_err(|e| cloud_error(S, "EnableSecurityHub", None, e))?;
        Ok(())
    }

    async fn describe_hub(&self, region: &str) -> CloudResult<Option<Hub>> {
        let out = match self.clients.get(region).describe_hub().send().await {
            Ok(out) => out,
            Err(e) => return cloud_error(S, "DescribeHub", None, e).absent(),
        };
        Ok(Some(Hub {
            arn: out.hub_arn().unwrap_or_default().to_string(),
            subscribed_at: out.subscribed_at().unwrap_or_default().to_string(),
            auto_enable_controls: out.auto_enable_controls().unwrap_or(true),
            control_finding_generator: out
                .control_finding_generator()
                .map(|g| g.as_str().to_string())
                .unwrap_or_default(),
        }))
    }

    async fn update_hub(&self, region: &str, auto_enable_controls: bool, generator: Option<&str>) -> CloudResult<()> {
        self.clients
            .get(region)
            .update_security_hub_configuration()
            .auto_enable_controls(auto_enable_controls)
            .set_control_finding_generator(generator.map(ControlFindingGenerator::from))
            .send()
            .await
            .map_err(|e| cloud_error(S, "UpdateSecurityHubConfiguration", None, e))?;
        Ok(())
    }

    async fn disable_hub(&self, region: &str) -> CloudResult<()> {
        match self.clients.get(region).disable_security_hub().send().await {
            Ok(_) => Ok(()),
            Err(e) => cloud_error(S, "DisableSecurityHub", None, e).absent::<()>().map(|_| ()),
        }
    }

    async fn enable_standard(&self, region: &str, standards_arn: &str) -> CloudResult<Subscription> {
        let request = StandardsSubscriptionRequest::builder().standards_arn(standards_arn).build();
        let out = self
            .clients
            .get(region)
            .batch_enable_standards()
            .standards_subscription_requests(request)
            .send()
            .await
            .map_err(|e| cloud_error(S, "BatchEnableStandards", Some(standards_arn), e))?;
        let s = out.standards_subscriptions().first().ok_or_else(|| {
            let msg = format!("enabling {standards_arn} answered no subscription");
            CloudError::new(S, "BatchEnableStandards", ErrorKind::Other, "EmptyResult", msg)
        })?;
        Ok(Subscription {
            arn: s.standards_subscription_arn().unwrap_or_default().to_string(),
            standards_arn: s.standards_arn().unwrap_or_default().to_string(),
            status: s.standards_status().map(|x| x.as_str().to_string()).unwrap_or_default(),
        })
    }

    async fn enabled_standards(&self, region: &str) -> CloudResult<Vec<Subscription>> {
        let mut out = Vec::new();
        let mut pages = self.clients.get(region).get_enabled_standards().into_paginator().send();
        while let Some(page) = pages.next().await {
            let page = page.map_err(|e| cloud_error(S, "GetEnabledStandards", None, e))?;
            out.extend(page.standards_subscriptions().iter().map(|s| Subscription {
                arn: s.standards_subscription_arn().unwrap_or_default().to_string(),
                standards_arn: s.standards_arn().unwrap_or_default().to_string(),
                status: s.standards_status().map(|x| x.as_str().to_string()).unwrap_or_default(),
            }));
        }
        Ok(out)
    }

    async fn disable_standard(&self, region: &str, subscription_arn: &str) -> CloudResult<()> {
        self.clients
            .get(region)
            .batch_disable_standards()
            .standards_subscription_arns(subscription_arn)
            .send()
            .await
            .map_err(|e| cloud_error(S, "BatchDisableStandards", Some(subscription_arn), e))?;
        Ok(())
    }

    async fn standards_controls(&self, region: &str, subscription_arn: &str) -> CloudResult<Vec<StandardsControl>> {
        let mut out = Vec::new();
        let mut pages = self
            .clients
            .get(region)
            .describe_standards_controls()
            .standards_subscription_arn(subscription_arn)
            .into_paginator()
            .send();
        while let Some(page) = pages.next().await {
            let page = page.map_err(|e| cloud_error(S, "DescribeStandardsControls", Some(subscription_arn), e))?;
            out.extend(page.controls().iter().map(|c| StandardsControl {
                arn: c.standards_control_arn().unwrap_or_default().to_string(),
                control_id: c.control_id().unwrap_or_default().to_string(),
                status: c.control_status().map(|s| s.as_str().to_string()).unwrap_or_default(),
                disabled_reason: c.disabled_reason().unwrap_or_default().to_string(),
                status_updated_at:
                    c.control_status_updated_at().and_then(|t| t.fmt(Format::DateTime).ok()).unwrap_or_default(),
                title: c.title().unwrap_or_default().to_string(),
                description: c.description().unwrap_or_default().to_string(),
                remediation_url: c.remediation_url().unwrap_or_default().to_string(),
                severity: c.severity_rating().map(|s| s.as_str().to_string()).unwrap_or_default(),
                related_requirements: c.related_requirements().to_vec(),
            }));
        }
        Ok(out)
    }

    async fn update_standards_control(
        &self,
        region: &str,
        control_arn: &str,
        status: &str,
        reason: Option<&str>,
    ) -> CloudResult<()> {
        self.clients
            .get(region)
            .update_standards_control()
            .standards_control_arn(control_arn)
            .control_status(ControlStatus::from(status))
            .set_disabled_reason(reason.map(str::to_string))
            .send()
            .await
            .map_err(|e| cloud_error(S, "UpdateStandardsControl", Some(control_arn), e))?;
        Ok(())
    }

    async fn update_control_association(
        &self,
        region: &str,
        security_control_id: &str,
        standards_arn: &str,
        status: &str,
        reason: Option<&str>,
    ) -> CloudResult<()> {
        const OP: &str = "BatchUpdateStandardsControlAssociations";
        let update = StandardsControlAssociationUpdate::builder()
            .security_control_id(security_control_id)
            .standards_arn(standards_arn)
            .association_status(AssociationStatus::from(status))
            .set_updated_reason(reason.map(str::to_string))
            .build();
        let out = self
            .clients
            .get(region)
            .batch_update_standards_control_associations()
            .standards_control_association_updates(update)
            .send()
            .await
            .map_err(|e| cloud_error(S, OP, Some(security_control_id), e))?;
        match out.unprocessed_association_updates().first() {
            Some(u) => {
                let code = u.error_code().map(UnprocessedErrorCode::as_str).unwrap_or("INVALID_INPUT");
                let msg = format!(
                    "{security_control_id}/{standards_arn}: {code}: {}",
                    u.error_reason().unwrap_or("not processed")
                );
                Err(CloudError::new(S, OP, unprocessed_kind(code), code, msg))
            }
            None => Ok(()),
        }
    }

    async fn control_associations(
        &self,
        region: &str,
        security_control_id: &str,
    ) -> CloudResult<Vec<ControlAssociation>> {
        let mut out = Vec::new();
        let mut pages = self
            .clients
            .get(region)
            .list_standards_control_associations()
            .security_control_id(security_control_id)
            .into_paginator()
            .send();
        while let Some(page) = pages.next().await {
            let page =
                page.map_err(|e| cloud_error(S, "ListStandardsControlAssociations", Some(security_control_id), e))?;
            out.extend(page.standards_control_association_summaries().iter().map(|a| ControlAssociation {
                security_control_id: a.security_control_id().unwrap_or_default().to_string(),
                security_control_arn: a.security_control_arn().unwrap_or_default().to_string(),
                standards_arn: a.standards_arn().unwrap_or_default().to_string(),
                association_status: a.association_status().map(|s| s.as_str().to_string()).unwrap_or_default(),
                related_requirements: a.related_requirements().to_vec(),
                standards_control_title: a.standards_control_title().unwrap_or_default().to_string(),
                standards_control_description: a.standards_control_description().unwrap_or_default().to_string(),
                updated_at: a.updated_at().and_then(|t| t.fmt(Format::DateTime).ok()).unwrap_or_default(),
                updated_reason: a.updated_reason().unwrap_or_default().to_string(),
            }));
        }
        Ok(out)
    }

    async fn create_configuration_policy(
        &self,
        region: &str,
        name: &str,
        description: &str,
        policy: &HubPolicy,
    ) -> CloudResult<ConfigurationPolicy> {
        let out = self
            .clients
            .get(region)
            .create_configuration_policy()
            .name(name)
            .set_description((!description.is_empty()).then(|| description.to_string()))
            .configuration_policy(sdk_policy(policy))
            .send()
            .await
            .map_err(|e| cloud_error(S, "CreateConfigurationPolicy", Some(name), e))?;
        Ok(ConfigurationPolicy {
            id: out.id().unwrap_or_default().to_string(),
            arn: out.arn().unwrap_or_default().to_string(),
            name: out.name().unwrap_or_default().to_string(),
            description: out.description().unwrap_or_default().to_string(),
            policy: hub_policy(out.configuration_policy()),
        })
    }

    async fn get_configuration_policy(&self, region: &str, id: &str) -> CloudResult<Option<ConfigurationPolicy>> {
        let out = match self.clients.get(region).get_configuration_policy().identifier(id).send().await {
            Ok(out) => out,
            Err(e) => return cloud_error(S, "GetConfigurationPolicy", Some(id), e).absent(),
        };
        Ok(Some(ConfigurationPolicy {
            id: out.id().unwrap_or(id).to_string(),
            arn: out.arn().unwrap_or_default().to_string(),
            name: out.name().unwrap_or_default().to_string(),
            description: out.description().unwrap_or_default().to_string(),
            policy: hub_policy(out.configuration_policy()),
        }))
    }

    async fn update_configuration_policy(
        &self,
        region: &str,
        id: &str,
        name: &str,
        description: &str,
        policy: &HubPolicy,
    ) -> CloudResult<()> {
        self.clients
            .get(region)
            .update_configuration_policy()
            .identifier(id)
            .name(name)
            .set_description((!description.is_empty()).then(|| description.to_string()))
            .configuration_policy(sdk_policy(policy))
            .send()
            .await
            .map_err(|e| cloud_error(S, "UpdateConfigurationPolicy", Some(id), e))?;
        Ok(())
    }

    async fn delete_configuration_policy(&self, region: &str, id: &str) -> CloudResult<()> {
        self.clients
            .get(region)
            .delete_configuration_policy()
            .identifier(id)
            .send()
            .await
            .map_err(|e| cloud_error(S, "DeleteConfigurationPolicy", Some(id), e))?;
        Ok(())
    }

    async fn start_policy_association(&self, region: &str, policy_id: &str, target: &str) -> CloudResult<()> {
        self.clients
            .get(region)
            .start_configuration_policy_association()
            .configuration_policy_identifier(policy_id)
            .target(sdk_target(target))
            .send()
            .await
            .map_err(|e| cloud_error(S, "StartConfigurationPolicyAssociation", Some(target), e))?;
        Ok(())
    }

    async fn get_policy_association(&self, region: &str, target: &str) -> CloudResult<Option<PolicyAssociation>> {
        let out = match self
            .clients
            .get(region)
            .get_configuration_policy_association()
            .target(sdk_target(target))
            .send()
            .await
        {
            Ok(out) => out,
            Err(e) => return cloud_error(S, "GetConfigurationPolicyAssociation", Some(target), e).absent(),
        };
        Ok(Some(PolicyAssociation {
            policy_id: out.configuration_policy_id().unwrap_or_default().to_string(),
            target_id: out.target_id().unwrap_or(target).to_string(),
            status: out.association_status().map(|s| s.as_str().to_string()).unwrap_or_default(),
            status_message: out.association_status_message().unwrap_or_default().to_string(),
        }))
    }

    async fn start_policy_disassociation(&self, region: &str, policy_id: &str, target: &str) -> CloudResult<()> {
        self.clients
            .get(region)
            .start_configuration_policy_disassociation()
            .configuration_policy_identifier(policy_id)
            .target(sdk_target(target))
            .send()
            .await
            .map_err(|e| cloud_error(S, "StartConfigurationPolicyDisassociation", Some(target), e))?;
        Ok(())
    }

    async fn create_automation_rule(&self, region: &str, rule: &AutomationRule, tags: &Tags) -> CloudResult<String> {
        super::aws_rules::create_rule(&self.clients.get(region), rule, tags).await
    }

    async fn get_automation_rule(&self, region: &str, arn: &str) -> CloudResult<Option<AutomationRule>> {
        super::aws_rules::get_rule(&self.clients.get(region), arn).await
    }

    async fn update_automation_rule(&self, region: &str, rule: &AutomationRule) -> CloudResult<()> {
        super::aws_rules::update_rule(&self.clients.get(region), rule).await
    }

    async fn delete_automation_rule(&self, region: &str, arn: &str) -> CloudResult<()> {
        super::aws_rules::delete_rule(&self.clients.get(region), arn).await
    }

    async fn list_tags(&self, region: &str, arn: &str) -> CloudResult<Tags> {
        let out = self
            .clients
            .get(region)
            .list_tags_for_resource()
            .resource_arn(arn)
            .send()
            .await
            .map_err(|e| cloud_error(S, "ListTagsForResource", Some(arn), e))?;
        Ok(out.tags().map(|t| t.clone().into_iter().collect()).unwrap_or_default())
    }

    async fn tag_resource(&self, region: &str, arn: &str, tags: &Tags) -> CloudResult<()> {
        self.clients
            .get(region)
            .tag_resource()
            .resource_arn(arn)
            .set_tags(Some(tags.clone().into_iter().collect()))
            .send()
            .await
            .map_err(|e| cloud_error(S, "TagResource", Some(arn), e))?;
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
            .map_err(|e| cloud_error(S, "UntagResource", Some(arn), e))?;
        Ok(())
    }

    async fn create_aggregator(&self, region: &str, mode: &str, regions: &[String]) -> CloudResult<String> {
        let out = self
            .clients
            .get(region)
            .create_finding_aggregator()
            .region_linking_mode(mode)
            .set_regions((!regions.is_empty()).then(|| regions.to_vec()))
            .send()
            .await
            .map_err(|e| cloud_error(S, "CreateFindingAggregator", None, e))?;
        Ok(out.finding_aggregator_arn().unwrap_or_default().to_string())
    }

    async fn get_aggregator(&self, region: &str, arn: &str) -> CloudResult<Option<Aggregator>> {
        let out = match self.clients.get(region).get_finding_aggregator().finding_aggregator_arn(arn).send().await {
            Ok(out) => out,
            Err(e) => return cloud_error(S, "GetFindingAggregator", Some(arn), e).absent(),
        };
        Ok(Some(Aggregator {
            arn: arn.to_string(),
            linking_mode: out.region_linking_mode().unwrap_or_default().to_string(),
            regions: out.regions().to_vec(),
        }))
    }

    async fn update_aggregator(&self, region: &str, arn: &str, mode: &str, regions: &[String]) -> CloudResult<()> {
        self.clients
            .get(region)
            .update_finding_aggregator()
            .finding_aggregator_arn(arn)
            .region_linking_mode(mode)
            .set_regions((!regions.is_empty()).then(|| regions.to_vec()))
            .send()
            .await
            .map_err(|e| cloud_error(S, "UpdateFindingAggregator", Some(arn), e))?;
        Ok(())
    }

    async fn delete_aggregator(&self, region: &str, arn: &str) -> CloudResult<()> {
        self.clients
            .get(region)
            .delete_finding_aggregator()
            .finding_aggregator_arn(arn)
            .send()
            .await
            .map_err(|e| cloud_error(S, "DeleteFindingAggregator", Some(arn), e))?;
        Ok(())
    }

    async fn list_aggregators(&self, region: &str) -> CloudResult<Vec<String>> {
        let mut out = Vec::new();
        let mut pages = self.clients.get(region).list_finding_aggregators().into_paginator().send();
        while let Some(page) = pages.next().await {
            let page = page.map_err(|e| cloud_error(S, "ListFindingAggregators", None, e))?;
            out.extend(
                page.finding_aggregators().iter().filter_map(|a| a.finding_aggregator_arn().map(str::to_string)),
            );
        }
        Ok(out)
    }

    async fn enable_organization_admin(&self, region: &str, account: &str) -> CloudResult<()> {
        self.clients
            .get(region)
            .enable_organization_admin_account()
            .admin_account_id(account)
            .send()
            .await
            .map_err(|e| cloud_error(S, "EnableOrganizationAdminAccount", Some(account), e))?;
        Ok(())
    }

    async fn disable_organization_admin(&self, region: &str, account: &str) -> CloudResult<()> {
        self.clients
            .get(region)
            .disable_organization_admin_account()
            .admin_account_id(account)
            .send()
            .await
            .map_err(|e| cloud_error(S, "DisableOrganizationAdminAccount", Some(account), e))?;
        Ok(())
    }

    async fn list_organization_admins(&self, region: &str) -> CloudResult<Vec<(String, String)>> {
        let mut out = Vec::new();
        let mut pages = self.clients.get(region).list_organization_admin_accounts().into_paginator().send();
        while let Some(page) = pages.next().await {
            let page = page.map_err(|e| cloud_error(S, "ListOrganizationAdminAccounts", None, e))?;
            out.extend(page.admin_accounts().iter().filter_map(|a| {
                let status = a.status().map(AdminStatus::as_str).unwrap_or_default();
                Some((a.account_id()?.to_string(), status.to_string()))
            }));
        }
        Ok(out)
    }

    async fn describe_organization_configuration(&self, region: &str) -> CloudResult<OrgConfig> {
        let out = self
            .clients
            .get(region)
            .describe_organization_configuration()
            .send()
            .await
            .map_err(|e| cloud_error(S, "DescribeOrganizationConfiguration", None, e))?;
        Ok(OrgConfig {
            auto_enable: out.auto_enable().unwrap_or(false),
            auto_enable_standards: out.auto_enable_standards().map(|a| a.as_str().to_string()).unwrap_or_default(),
            configuration_type: out
                .organization_configuration()
                .and_then(|c| c.configuration_type())
                .map(|t| t.as_str().to_string())
                .unwrap_or_default(),
        })
    }

    async fn update_organization_configuration(&self, region: &str, config: &OrgConfig) -> CloudResult<()> {
        let standards = (!config.auto_enable_standards.is_empty())
            .then(|| AutoEnableStandards::from(config.auto_enable_standards.as_str()));
        let organization = (!config.configuration_type.is_empty()).then(|| {
            OrganizationConfiguration::builder()
                .configuration_type(OrganizationConfigurationConfigurationType::from(
                    config.configuration_type.as_str(),
                ))
                .build()
        });
        self.clients
            .get(region)
            .update_organization_configuration()
            .auto_enable(config.auto_enable)
            .set_auto_enable_standards(standards)
            .set_organization_configuration(organization)
            .send()
            .await
            .map_err(|e| cloud_error(S, "UpdateOrganizationConfiguration", None, e))?;
        Ok(())
    }

    async fn enable_product(&self, region: &str, product_arn: &str) -> CloudResult<String> {
        let out = self
            .clients
            .get(region)
            .enable_import_findings_for_product()
            .product_arn(product_arn)
            .send()
            .await
            .map_err(|e| cloud_error(S, "EnableImportFindingsForProduct", Some(product_arn), e))?;
        Ok(out.product_subscription_arn().unwrap_or_default().to_string())
    }

    async fn enabled_products(&self, region: &str) -> CloudResult<Vec<String>> {
        let mut out = Vec::new();
        let mut pages = self.clients.get(region).list_enabled_products_for_import().into_paginator().send();
        while let Some(page) = pages.next().await {
            let page = page.map_err(|e| cloud_error(S, "ListEnabledProductsForImport", None, e))?;
            out.extend(page.product_subscriptions().iter().cloned());
        }
        Ok(out)
    }

    async fn disable_product(&self, region: &str, subscription_arn: &str) -> CloudResult<()> {
        self.clients
            .get(region)
            .disable_import_findings_for_product()
            .product_subscription_arn(subscription_arn)
            .send()
            .await
            .map_err(|e| cloud_error(S, "DisableImportFindingsForProduct", Some(subscription_arn), e))?;
        Ok(())
    }

    async fn create_action_target(&self, region: &str, id: &str, name: &str, description: &str) -> CloudResult<String> {
        let out = self
            .clients
            .get(region)
            .create_action_target()
            .id(id)
            .name(name)
            .description(description)
            .send()
            .await
            .map_err(|e| cloud_error(S, "CreateActionTarget", Some(id), e))?;
        Ok(out.action_target_arn().unwrap_or_default().to_string())
    }

    async fn describe_action_target(&self, region: &str, arn: &str) -> CloudResult<Option<ActionTarget>> {
        let out = match self.clients.get(region).describe_action_targets().action_target_arns(arn).send().await {
            Ok(out) => out,
            Err(e) => return cloud_error(S, "DescribeActionTargets", Some(arn), e).absent(),
        };
        Ok(out.action_targets().iter().find(|a| a.action_target_arn() == Some(arn)).map(|a| ActionTarget {
            arn: arn.to_string(),
            name: a.name().unwrap_or_default().to_string(),
            description: a.description().unwrap_or_default().to_string(),
        }))
    }

    async fn update_action_target(&self, region: &str, arn: &str, name: &str, description: &str) -> CloudResult<()> {
        self.clients
            .get(region)
            .update_action_target()
            .action_target_arn(arn)
            .name(name)
            .description(description)
            .send()
            .await
            .map_err(|e| cloud_error(S, "UpdateActionTarget", Some(arn), e))?;
        Ok(())
    }

    async fn delete_action_target(&self, region: &str, arn: &str) -> CloudResult<()> {
        self.clients
            .get(region)
            .delete_action_target()
            .action_target_arn(arn)
            .send()
            .await
            .map_err(|e| cloud_error(S, "DeleteActionTarget", Some(arn), e))?;
        Ok(())
    }

    async fn create_member(&self, region: &str, account: &str, email: &str) -> CloudResult<()> {
        let details = AccountDetails::builder()
            .account_id(account)
            .set_email((!email.is_empty()).then(|| email.to_string()))
            .build();
        let out = self
            .clients
            .get(region)
            .create_members()
            .account_details(details)
            .send()
            .await
            .map_err(|e| cloud_error(S, "CreateMembers", Some(account), e))?;
        unprocessed("CreateMembers", account, out.unprocessed_accounts())
    }

    async fn invite_member(&self, region: &str, account: &str) -> CloudResult<()> {
        let out = self
            .clients
            .get(region)
            .invite_members()
            .account_ids(account)
            .send()
            .await
            .map_err(|e| cloud_error(S, "InviteMembers", Some(account), e))?;
        unprocessed("InviteMembers", account, out.unprocessed_accounts())
    }

    async fn get_member(&self, region: &str, account: &str) -> CloudResult<Option<Member>> {
        let out = match self.clients.get(region).get_members().account_ids(account).send().await {
            Ok(out) => out,
            Err(e) => return cloud_error(S, "GetMembers", Some(account), e).absent(),
        };
        Ok(out.members().iter().find(|m| m.account_id() == Some(account)).map(|m| Member {
            account_id: account.to_string(),
            email: m.email().unwrap_or_default().to_string(),
            administrator_id: m.administrator_id().unwrap_or_default().to_string(),
            member_status: m.member_status().unwrap_or_default().to_string(),
        }))
    }

    async fn remove_member(&self, region: &str, account: &str) -> CloudResult<()> {
        let client = self.clients.get(region);
        if let Err(e) = client.disassociate_members().account_ids(account).send().await {
            // A member that never accepted has nothing to disassociate.
            let e = cloud_error(S, "DisassociateMembers", Some(account), e);
            if e.kind != ErrorKind::NotFound && e.kind != ErrorKind::Invalid {
                return Err(e);
            }
        }
        let out = client
            .delete_members()
            .account_ids(account)
            .send()
            .await
            .map_err(|e| cloud_error(S, "DeleteMembers", Some(account), e))?;
        unprocessed("DeleteMembers", account, out.unprocessed_accounts())
    }

    async fn list_invitations(&self, region: &str) -> CloudResult<Vec<Invitation>> {
        let mut out = Vec::new();
        let mut pages = self.clients.get(region).list_invitations().into_paginator().send();
        while let Some(page) = pages.next().await {
            let page = page.map_err(|e| cloud_error(S, "ListInvitations", None, e))?;
            out.extend(page.invitations().iter().map(invitation));
        }
        Ok(out)
    }

    async fn accept_invitation(&self, region: &str, administrator: &str, invitation_id: &str) -> CloudResult<()> {
        self.clients
            .get(region)
            .accept_administrator_invitation()
            .administrator_id(administrator)
            .invitation_id(invitation_id)
            .send()
            .await
            .map_err(|e| cloud_error(S, "AcceptAdministratorInvitation", Some(administrator), e))?;
        Ok(())
    }

    async fn get_administrator(&self, region: &str) -> CloudResult<Option<Invitation>> {
        let out = match self.clients.get(region).get_administrator_account().send().await {
            Ok(out) => out,
            Err(e) => return cloud_error(S, "GetAdministratorAccount", None, e).absent(),
        };
        Ok(out.administrator().map(invitation).filter(|i| !i.account_id.is_empty()))
    }

    async fn leave_administrator(&self, region: &str) -> CloudResult<()> {
        self.clients
            .get(region)
            .disassociate_from_administrator_account()
            .send()
            .await
            .map_err(|e| cloud_error(S, "DisassociateFromAdministratorAccount", None, e))?;
        Ok(())
    }
}
