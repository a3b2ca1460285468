//! Amazon Inspector Classic calls. The batch `Describe*` operations take at most ten ARNs and
//! report per-ARN failures in `failedItems` instead of failing the call; an ARN that does not
//! exist is simply left out of the answer, any other per-ARN failure becomes an error.

use std::collections::HashMap;

use aws_sdk_inspector::error::BuildError;
use aws_sdk_inspector::types::{FailedItemDetails, FailedItemErrorCode, InspectorEvent, ResourceGroupTag, Tag};
use aws_sdk_inspector::Client as SdkClient;

use crate::cloud::aws::cloud_error;
use crate::cloud::{CloudError, CloudResult, ErrorKind, Tags};
use std::sync::Arc;

use async_trait::async_trait;

use super::{AssessmentTarget, AssessmentTemplate, EventSubscription, Inspector, ResourceGroup};
use crate::cloud::aws::{Connection, Regional};

const SERVICE: &str = "inspector";

/// Most ARNs a `Describe*` request accepts.
const DESCRIBE_BATCH: usize = 10;

// Inspector answers an ARN repeated within one request with a `DUPLICATE_ARN` failure, so
// requests go through `unique` first.
use crate::cloud::unique;

/// Turns a `Describe*` answer's `failedItems` into an error unless every failure only says
/// the ARN does not exist. The first offending ARN in sorted order is reported, so the
/// message does not depend on hash-map order.
fn check_failed_items(operation: &'static str, failed: &HashMap<String, FailedItemDetails>) -> CloudResult<()> {
    let worst = failed
        .iter()
        .filter(|(_, d)| *d.failure_code() != FailedItemErrorCode::ItemDoesNotExist)
        .min_by(|a, b| a.0.cmp(b.0));
    match worst {
        None => Ok(()),
        Some((arn, details)) => {
            let code = details.failure_code().as_str();
            let retry = if details.retryable() { " (retryable)" } else { "" };
            Err(CloudError::new(
                SERVICE,
                operation,
                ErrorKind::Other,
                code,
                format!("{arn} could not be described: {code}{retry}"),
            ))
        }
    }
}

/// A request value the SDK refused to build; in practice unreachable because every required
/// field is set, but reported rather than unwrapped.
fn build_error(operation: &'static str, e: BuildError) -> CloudError {
    CloudError::new(SERVICE, operation, ErrorKind::Invalid, "BuildError", e.to_string())
}

/// `ListRulesPackages`, all pages: the region's rules package ARNs, sorted, each once.
pub(crate) async fn rules_package_arns(c: &SdkClient, _region: &str) -> CloudResult<Vec<String>> {
    let mut arns = Vec::new();
    // The paginator follows `nextToken` and stops if AWS repeats a token.
    let mut pages = c.list_rules_packages().into_paginator().send();
    while let Some(page) = pages.try_next().await.map_err(|e| cloud_error(SERVICE, "ListRulesPackages", None, e))? {
        arns.extend_from_slice(page.rules_package_arns());
    }
    arns.sort_unstable();
    arns.dedup();
    Ok(arns)
}

/// `CreateResourceGroup` with one tag filter per entry of `tags`; returns the group's ARN.
pub(crate) async fn create_resource_group(c: &SdkClient, _region: &str, tags: &Tags) -> CloudResult<String> {
    let filters = tags
        .iter()
        .map(|(k, v)| {
            ResourceGroupTag::builder().key(k).value(v).build().map_err(|e| build_error("CreateResourceGroup", e))
        })
        .collect::<CloudResult<Vec<_>>>()?;
    let out = c
        .create_resource_group()
        .set_resource_group_tags(Some(filters))
        .send()
        .await
        .map_err(|e| cloud_error(SERVICE, "CreateResourceGroup", None, e))?;
    Ok(out.resource_group_arn().to_string())
}

/// `DescribeResourceGroups` in batches of ten; groups that do not exist are left out, and no
/// call is made for an empty list.
pub(crate) async fn describe_resource_groups(
    c: &SdkClient,
    _region: &str,
    arns: &[String],
) -> CloudResult<Vec<ResourceGroup>> {
    let mut groups = Vec::new();
    for batch in unique(arns).chunks(DESCRIBE_BATCH) {
        let out = c
            .describe_resource_groups()
            .set_resource_group_arns(Some(batch.to_vec()))
            .send()
            .await
            .map_err(|e| cloud_error(SERVICE, "DescribeResourceGroups", Some(&batch.join(", ")), e))?;
        check_failed_items("DescribeResourceGroups", out.failed_items())?;
        groups.extend(out.resource_groups().iter().map(|g| ResourceGroup {
            arn: g.arn().to_string(),
            tags: g.tags().iter().map(|t| (t.key().to_string(), t.value().unwrap_or_default().to_string())).collect(),
        }));
    }
    Ok(groups)
}

/// `CreateAssessmentTarget`, optionally limited to a resource group; returns the target's ARN.
pub(crate) async fn create_assessment_target(
    c: &SdkClient,
    _region: &str,
    name: &str,
    group: Option<&str>,
) -> CloudResult<String> {
    let out = c
        .create_assessment_target()
        .assessment_target_name(name)
        .set_resource_group_arn(group.map(str::to_string))
        .send()
        .await
        .map_err(|e| cloud_error(SERVICE, "CreateAssessmentTarget", None, e))?;
    Ok(out.assessment_target_arn().to_string())
}

/// `UpdateAssessmentTarget`: sets the name and resource group (`None` means all instances).
pub(crate) async fn update_assessment_target(
    c: &SdkClient,
    _region: &str,
    arn: &str,
    name: &str,
    group: Option<&str>,
) -> CloudResult<()> {
    c.update_assessment_target()
        .assessment_target_arn(arn)
        .assessment_target_name(name)
        .set_resource_group_arn(group.map(str::to_string))
        .send()
        .await
        .map_err(|e| cloud_error(SERVICE, "UpdateAssessmentTarget", Some(arn), e))?;
    Ok(())
}

/// `DescribeAssessmentTargets` in batches of ten; targets that do not exist are left out, and
/// no call is made for an empty list.
pub(crate) async fn describe_assessment_targets(
    c: &SdkClient,
    _region: &str,
    arns: &[String],
) -> CloudResult<Vec<AssessmentTarget>> {
    let mut targets = Vec::new();
    for batch in unique(arns).chunks(DESCRIBE_BATCH) {
        let out = c
            .describe_assessment_targets()
            .set_assessment_target_arns(Some(batch.to_vec()))
            .send()
            .await
            .map_err(|e| cloud_error(SERVICE, "DescribeAssessmentTargets", Some(&batch.join(", ")), e))?;
        check_failed_items("DescribeAssessmentTargets", out.failed_items())?;
        targets.extend(out.assessment_targets().iter().map(|t| AssessmentTarget {
            arn: t.arn().to_string(),
            name: t.name().to_string(),
            resource_group_arn: t.resource_group_arn().map(str::to_string),
        }));
    }
    Ok(targets)
}

/// `DeleteAssessmentTarget`.
pub(crate) async fn delete_assessment_target(c: &SdkClient, _region: &str, arn: &str) -> CloudResult<()> {
    c.delete_assessment_target()
        .assessment_target_arn(arn)
        .send()
        .await
        .map_err(|e| cloud_error(SERVICE, "DeleteAssessmentTarget", Some(arn), e))?;
    Ok(())
}

/// `CreateAssessmentTemplate` on a target; returns the template's ARN. A duration that does
/// not fit the API's 32-bit field is rejected as invalid without a call.
pub(crate) async fn create_assessment_template(
    c: &SdkClient,
    _region: &str,
    target_arn: &str,
    name: &str,
    duration: i64,
    rules: &[String],
) -> CloudResult<String> {
    let seconds = i32::try_from(duration).map_err(|_| {
        CloudError::new(
            SERVICE,
            "CreateAssessmentTemplate",
            ErrorKind::Invalid,
            "InvalidInputException",
            format!("duration of {duration} seconds is out of range"),
        )
    })?;
    let out = c
        .create_assessment_template()
        .assessment_target_arn(target_arn)
        .assessment_template_name(name)
        .duration_in_seconds(seconds)
        .set_rules_package_arns(Some(rules.to_vec()))
        .send()
        .await
        // The template is created under the target, so the target is the resource to name.
        .map_err(|e| cloud_error(SERVICE, "CreateAssessmentTemplate", Some(target_arn), e))?;
    Ok(out.assessment_template_arn().to_string())
}

/// `DescribeAssessmentTemplates` in batches of ten; templates that do not exist are left out,
/// and no call is made for an empty list.
pub(crate) async fn describe_assessment_templates(
    c: &SdkClient,
    _region: &str,
    arns: &[String],
) -> CloudResult<Vec<AssessmentTemplate>> {
    let mut templates = Vec::new();
    for batch in unique(arns).chunks(DESCRIBE_BATCH) {
        let out = c
            .describe_assessment_templates()
            .set_assessment_template_arns(Some(batch.to_vec()))
            .send()
            .await
            .map_err(|e| cloud_error(SERVICE, "DescribeAssessmentTemplates", Some(&batch.join(", ")), e))?;
        check_failed_items("DescribeAssessmentTemplates", out.failed_items())?;
        templates.extend(out.assessment_templates().iter().map(|t| AssessmentTemplate {
            arn: t.arn().to_string(),
            name: t.name().to_string(),
            assessment_target_arn: t.assessment_target_arn().to_string(),
            duration_in_seconds: i64::from(t.duration_in_seconds()),
            rules_package_arns: t.rules_package_arns().to_vec(),
        }));
    }
    Ok(templates)
}

/// `DeleteAssessmentTemplate`.
pub(crate) async fn delete_assessment_template(c: &SdkClient, _region: &str, arn: &str) -> CloudResult<()> {
    c.delete_assessment_template()
        .assessment_template_arn(arn)
        .send()
        .await
        .map_err(|e| cloud_error(SERVICE, "DeleteAssessmentTemplate", Some(arn), e))?;
    Ok(())
}

/// `ListEventSubscriptions` (all pages) for `arn`: one (event, topic) pair per subscribed
/// event, sorted and without repeats. Subscriptions of other resources are ignored.
pub(crate) async fn list_event_subscriptions(
    c: &SdkClient,
    _region: &str,
    arn: &str,
) -> CloudResult<Vec<EventSubscription>> {
    let mut subs = Vec::new();
    let mut pages = c.list_event_subscriptions().resource_arn(arn).into_paginator().send();
    while let Some(page) =
        pages.try_next().await.map_err(|e| cloud_error(SERVICE, "ListEventSubscriptions", Some(arn), e))?
    {
        // The filter is AWS's to apply, but checking keeps a loose match from leaking in.
        for s in page.subscriptions().iter().filter(|s| s.resource_arn() == arn) {
            subs.extend(s.event_subscriptions().iter().map(|e| EventSubscription {
                event: e.event().as_str().to_string(),
                topic_arn: s.topic_arn().to_string(),
            }));
        }
    }
    subs.sort();
    subs.dedup();
    Ok(subs)
}

/// `SubscribeToEvent`: `arn` notifies `sub.topic_arn` of `sub.event`.
pub(crate) async fn subscribe(c: &SdkClient, _region: &str, arn: &str, sub: &EventSubscription) -> CloudResult<()> {
    c.subscribe_to_event()
        .resource_arn(arn)
        .event(InspectorEvent::from(sub.event.as_str()))
        .topic_arn(&sub.topic_arn)
        .send()
        .await
        .map_err(|e| cloud_error(SERVICE, "SubscribeToEvent", Some(arn), e))?;
    Ok(())
}

/// `UnsubscribeFromEvent`: `arn` stops notifying `sub.topic_arn` of `sub.event`.
pub(crate) async fn unsubscribe(c: &SdkClient, _region: &str, arn: &str, sub: &EventSubscription) -> CloudResult<()> {
    c.unsubscribe_from_event()
        .resource_arn(arn)
        .event(InspectorEvent::from(sub.event.as_str()))
        .topic_arn(&sub.topic_arn)
        .send()
        .await
        .map_err(|e| cloud_error(SERVICE, "UnsubscribeFromEvent", Some(arn), e))?;
    Ok(())
}

/// `ListTagsForResource`: the resource's tags (a tag without value reads as "").
pub(crate) async fn list_tags(c: &SdkClient, _region: &str, arn: &str) -> CloudResult<Tags> {
    let out = c
        .list_tags_for_resource()
        .resource_arn(arn)
        .send()
        .await
        .map_err(|e| cloud_error(SERVICE, "ListTagsForResource", Some(arn), e))?;
    Ok(out.tags().iter().map(|t| (t.key().to_string(), t.value().unwrap_or_default().to_string())).collect())
}

/// `SetTagsForResource`: replaces all of the resource's tags with `tags` (empty clears them).
pub(crate) async fn set_tags(c: &SdkClient, _region: &str, arn: &str, tags: &Tags) -> CloudResult<()> {
    let tags = tags
        .iter()
        .map(|(k, v)| Tag::builder().key(k).value(v).build().map_err(|e| build_error("SetTagsForResource", e)))
        .collect::<CloudResult<Vec<_>>>()?;
    c.set_tags_for_resource()
        .resource_arn(arn)
        // Always send the list, even empty: the API replaces the whole set.
        .set_tags(Some(tags))
        .send()
        .await
        .map_err(|e| cloud_error(SERVICE, "SetTagsForResource", Some(arn), e))?;
    Ok(())
}

/// Inspector Classic over the SDK (one client per region).
pub struct Client {
    clients: Regional<aws_sdk_inspector::Client>,
}

impl Client {
    /// Inspector Classic clients of `conn`.
    pub fn new(conn: &Arc<Connection>) -> Client {
        Client { clients: Regional::new(conn, |c, r| crate::sdk_client!(c, aws_sdk_inspector, "inspector", Some(r))) }
    }
}

#[async_trait]
impl Inspector for Client {
    async fn rules_package_arns(&self, region: &str) -> CloudResult<Vec<String>> {
        rules_package_arns(&self.clients.get(region), region).await
    }
    async fn create_resource_group(&self, region: &str, tags: &Tags) -> CloudResult<String> {
        create_resource_group(&self.clients.get(region), region, tags).await
    }
    async fn describe_resource_groups(&self, region: &str, arns: &[String]) -> CloudResult<Vec<ResourceGroup>> {
        describe_resource_groups(&self.clients.get(region), region, arns).await
    }
    async fn create_assessment_target(&self, region: &str, name: &str, group: Option<&str>) -> CloudResult<String> {
        create_assessment_target(&self.clients.get(region), region, name, group).await
    }
    async fn update_assessment_target(
        &self,
        region: &str,
        arn: &str,
        name: &str,
        group: Option<&str>,
    ) -> CloudResult<()> {
        update_assessment_target(&self.clients.get(region), region, arn, name, group).await
    }
    async fn describe_assessment_targets(&self, region: &str, arns: &[String]) -> CloudResult<Vec<AssessmentTarget>> {
        describe_assessment_targets(&self.clients.get(region), region, arns).await
    }
    async fn delete_assessment_target(&self, region: &str, arn: &str) -> CloudResult<()> {
        delete_assessment_target(&self.clients.get(region), region, arn).await
    }
    async fn create_assessment_template(
        &self,
        region: &str,
        target_arn: &str,
        name: &str,
        duration: i64,
        rules: &[String],
    ) -> CloudResult<String> {
        create_assessment_template(&self.clients.get(region), region, target_arn, name, duration, rules).await
    }
    async fn describe_assessment_templates(
        &self,
        region: &str,
        arns: &[String],
    ) -> CloudResult<Vec<AssessmentTemplate>> {
        describe_assessment_templates(&self.clients.get(region), region, arns).await
    }
    async fn delete_assessment_template(&self, region: &str, arn: &str) -> CloudResult<()> {
        delete_assessment_template(&self.clients.get(region), region, arn).await
    }
    async fn list_event_subscriptions(&self, region: &str, arn: &str) -> CloudResult<Vec<EventSubscription>> {
        list_event_subscriptions(&self.clients.get(region), region, arn).await
    }
    async fn subscribe(&self, region: &str, arn: &str, sub: &EventSubscription) -> CloudResult<()> {
        subscribe(&self.clients.get(region), region, arn, sub).await
    }
    async fn unsubscribe(&self, region: &str, arn: &str, sub: &EventSubscription) -> CloudResult<()> {
        unsubscribe(&self.clients.get(region), region, arn, sub).await
    }
    async fn list_tags(&self, region: &str, arn: &str) -> CloudResult<Tags> {
        list_tags(&self.clients.get(region), region, arn).await
    }
    async fn set_tags(&self, region: &str, arn: &str, tags: &Tags) -> CloudResult<()> {
        set_tags(&self.clients.get(region), region, arn, tags).await
    }
}

#[cfg(test)]
#[path = "aws_tests.rs"]
mod tests;
