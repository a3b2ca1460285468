//! Amazon Inspector Classic in the sandbox: objects keyed by ARN, the region's rules
//! packages from `rules-packages.json`, and Inspector's `errorCode` sub-codes.

use std::collections::{BTreeMap, BTreeSet};

use async_trait::async_trait;
use serde::{Deserialize, Serialize};

use crate::cloud::sandbox::table::Table;
use crate::cloud::{CloudError, CloudResult, ErrorKind, Tags};
use crate::services::sandbox::*;
use std::sync::OnceLock;

use super::{AssessmentTarget, AssessmentTemplate, EventSubscription, Inspector, ResourceGroup};

pub(crate) const INSPECTOR_EVENTS: [&str; 5] =
    ["ASSESSMENT_RUN_STARTED", "ASSESSMENT_RUN_COMPLETED", "ASSESSMENT_RUN_STATE_CHANGED", "FINDING_REPORTED", "OTHER"];

/// Inspector Classic's part of a region of the account file.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub(crate) struct InspectorState {
    /// Resource group ARN -> the tags that select its instances.
    pub(crate) resource_groups: Table<Tags>,
    pub(crate) assessment_targets: Table<InspectorTarget>,
    pub(crate) assessment_templates: Table<InspectorTemplate>,
    pub(crate) event_subscriptions: Table<BTreeSet<EventSubscription>>,
    pub(crate) tags: Table<Tags>,
}

crate::sandbox_tables!(InspectorState: resource_groups, assessment_targets, assessment_templates, event_subscriptions, tags);

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub(crate) struct InspectorTarget {
    pub(crate) name: String,
    pub(crate) resource_group_arn: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub(crate) struct InspectorTemplate {
    #[serde(default)]
    pub(crate) name: String,
    #[serde(default = "default_session")]
    pub(crate) duration_in_seconds: i64,
    #[serde(default)]
    pub(crate) rules_package_arns: Vec<String>,
}

impl InspectorState {
    pub(crate) fn contains(&self, arn: &str) -> bool {
        self.assessment_templates.contains_key(arn)
            || self.assessment_targets.contains_key(arn)
            || self.resource_groups.contains_key(arn)
    }

    /// Drops what hangs off a deleted resource.
    pub(crate) fn forget(&mut self, arn: &str) {
        self.event_subscriptions.remove(arn);
        self.tags.remove(arn);
    }
}

#[derive(Deserialize)]
pub(crate) struct PackageTable {
    pub(crate) regions: BTreeMap<String, Vec<PackageEntry>>,
}

#[derive(Deserialize)]
pub(crate) struct PackageEntry {
    // The table also names each package (for its readers); ListRulesPackages gives ARNs only.
    pub(crate) arn: String,
}

/// Inspector Classic rules packages per region, from public AWS documentation.
pub(crate) fn rules_table() -> &'static BTreeMap<String, Vec<PackageEntry>> {
    static TABLE: OnceLock<BTreeMap<String, Vec<PackageEntry>>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let table: PackageTable = serde_json::from_str(include_str!("rules-packages.json"))
            // Compiled in, and the test `rules_packages_cover_every_region` parses it.
            .expect("embedded rules-packages.json is valid");
        table.regions
    })
}

pub(crate) fn inspector_packages(op: Op, region: &str) -> CloudResult<&'static [PackageEntry]> {
    rules_table().get(region).map(Vec::as_slice).ok_or_else(|| {
        let msg = format!("Amazon Inspector Classic is not available in region {region}.");
        op.err(ErrorKind::Other, "UnsupportedRegion", msg)
    })
}

pub(crate) fn missing_inspector_entity(op: Op, arn: &str) -> CloudError {
    let sub = if arn.contains("/template/") {
        "ASSESSMENT_TEMPLATE_DOES_NOT_EXIST"
    } else if arn.contains(":target/") {
        "ASSESSMENT_TARGET_DOES_NOT_EXIST"
    } else if arn.contains(":resourcegroup/") {
        "RESOURCE_GROUP_DOES_NOT_EXIST"
    } else {
        return op.bad_input("INVALID_RESOURCE_ARN", format!("Invalid ARN {arn}."));
    };
    op.inspector(ErrorKind::NotFound, "NoSuchEntityException", sub, format!("{arn} does not exist."))
}

pub(crate) fn check_inspector_name(op: Op, name: &str, sub: &str) -> CloudResult<()> {
    match name.chars().count() {
        1..=140 => Ok(()),
        _ => Err(op.bad_input(sub, "The name must have 1 to 140 characters.")),
    }
}

pub(crate) fn check_target_update(
    op: Op,
    insp: &InspectorState,
    name: &str,
    group: Option<&str>,
    arn: Option<&str>,
) -> CloudResult<()> {
    check_inspector_name(op, name, "INVALID_ASSESSMENT_TARGET_NAME")?;
    if let Some(group) = group.filter(|g| !insp.resource_groups.contains_key(*g)) {
        return Err(missing_inspector_entity(op, group));
    }
    if insp.assessment_targets.iter().any(|(a, t)| t.name == name && Some(a.as_str()) != arn) {
        let msg = format!("The assessment target name {name} is already taken.");
        let sub = "ASSESSMENT_TARGET_NAME_ALREADY_TAKEN";
        return Err(op.inspector(ErrorKind::AlreadyExists, "InvalidInputException", sub, msg));
    }
    Ok(())
}

pub(crate) fn check_subscription(op: Op, sub: &EventSubscription) -> CloudResult<()> {
    if !INSPECTOR_EVENTS.contains(&sub.event.as_str()) {
        return Err(op.bad_input("INVALID_EVENT", format!("Invalid event {}.", sub.event)));
    }
    let topic_ok = matches!(arn_parts(&sub.topic_arn),
        Some([_, _, "sns", r, a, t]) if !r.is_empty() && !a.is_empty() && !t.is_empty());
    if !topic_ok {
        return Err(op.bad_input("INVALID_SNS_TOPIC_ARN", format!("Invalid SNS topic ARN {}.", sub.topic_arn)));
    }
    Ok(())
}

#[async_trait]
impl Inspector for Sandbox {
    async fn rules_package_arns(&self, region: &str) -> CloudResult<Vec<String>> {
        let op = Op("inspector", "ListRulesPackages");
        self.read(op, |_| {
            let mut arns: Vec<String> = inspector_packages(op, region)?.iter().map(|p| p.arn.clone()).collect();
            arns.sort_unstable();
            Ok(arns)
        })
    }

    async fn create_resource_group(&self, region: &str, tags: &Tags) -> CloudResult<String> {
        let op = Op("inspector", "CreateResourceGroup");
        self.write(op, |d| {
            inspector_packages(op, region)?;
            if tags.is_empty() || tags.len() > 10 {
                let msg = "A resource group needs 1 to 10 tags.";
                return Err(op.bad_input("INVALID_NUMBER_OF_RESOURCE_GROUP_TAGS", msg));
            }
            if let Some(p) = tag_problem(tags, 10, 0) {
                return Err(op.bad_input("INVALID_RESOURCE_GROUP_TAG_KEY", p));
            }
            let arn =
                format!("{}resourcegroup/0-{}", d.arn_prefix("inspector", region), d.fresh_id(INSPECTOR_ALPHABET, 8));
            d.region_mut(region).inspector.resource_groups.insert(arn.clone(), tags.clone());
            Ok(arn)
        })
    }

    async fn describe_resource_groups(&self, region: &str, arns: &[String]) -> CloudResult<Vec<ResourceGroup>> {
        let op = Op("inspector", "DescribeResourceGroups");
        self.read(op, |d| {
            inspector_packages(op, region)?;
            let groups = &d.region(region).inspector.resource_groups;
            let describe =
                |arn: &String| groups.get(arn).map(|tags| ResourceGroup { arn: arn.clone(), tags: tags.clone() });
            Ok(arns.iter().filter_map(describe).collect())
        })
    }

    async fn create_assessment_target(&self, region: &str, name: &str, group: Option<&str>) -> CloudResult<String> {
        let op = Op("inspector", "CreateAssessmentTarget");
        self.write(op, |d| {
            inspector_packages(op, region)?;
            check_target_update(op, &d.region(region).inspector, name, group, None)?;
            let arn = format!("{}target/0-{}", d.arn_prefix("inspector", region), d.fresh_id(INSPECTOR_ALPHABET, 8));
            let target = InspectorTarget { name: name.to_string(), resource_group_arn: group.map(str::to_string) };
            d.region_mut(region).inspector.assessment_targets.insert(arn.clone(), target);
            d.ensure_inspector_slr();
            Ok(arn)
        })
    }

    async fn update_assessment_target(
        &self,
        region: &str,
        arn: &str,
        name: &str,
        group: Option<&str>,
    ) -> CloudResult<()> {
        let op = Op("inspector", "UpdateAssessmentTarget");
        self.write(op, |d| {
            inspector_packages(op, region)?;
            let insp = &mut d.region_mut(region).inspector;
            if !insp.assessment_targets.contains_key(arn) {
                return Err(missing_inspector_entity(op, arn));
            }
            check_target_update(op, insp, name, group, Some(arn))?;
            let target = InspectorTarget { name: name.to_string(), resource_group_arn: group.map(str::to_string) };
            insp.assessment_targets.insert(arn.to_string(), target);
            Ok(())
        })
    }

    async fn describe_assessment_targets(&self, region: &str, arns: &[String]) -> CloudResult<Vec<AssessmentTarget>> {
        let op = Op("inspector", "DescribeAssessmentTargets");
        self.read(op, |d| {
            inspector_packages(op, region)?;
            let targets = &d.region(region).inspector.assessment_targets;
            let describe = |arn: &String| {
                let t = targets.get(arn)?;
                let resource_group_arn = t.resource_group_arn.clone();
                Some(AssessmentTarget { arn: arn.clone(), name: t.name.clone(), resource_group_arn })
            };
            Ok(arns.iter().filter_map(describe).collect())
        })
    }

    async fn delete_assessment_target(&self, region: &str, arn: &str) -> CloudResult<()> {
        let op = Op("inspector", "DeleteAssessmentTarget");
        self.write(op, |d| {
            inspector_packages(op, region)?;
            let insp = &mut d.region_mut(region).inspector;
            if insp.assessment_targets.remove(arn).is_none() {
                return Err(missing_inspector_entity(op, arn));
            }
            insp.forget(arn);
            // AWS deletes the target's templates with it (Inspector Classic user guide).
            let prefix = format!("{arn}/template/");
            let templates: Vec<String> =
                insp.assessment_templates.keys().filter(|k| k.starts_with(&prefix)).cloned().collect();
            for template in templates {
                insp.assessment_templates.remove(&template);
                insp.forget(&template);
            }
            Ok(())
        })
    }

    async fn create_assessment_template(
        &self,
        region: &str,
        target_arn: &str,
        name: &str,
        duration_in_seconds: i64,
        rules_package_arns: &[String],
    ) -> CloudResult<String> {
        let op = Op("inspector", "CreateAssessmentTemplate");
        self.write(op, |d| {
            let packages = inspector_packages(op, region)?;
            check_inspector_name(op, name, "INVALID_ASSESSMENT_TEMPLATE_NAME")?;
            if !(180..=86_400).contains(&duration_in_seconds) {
                let msg = format!("Duration {duration_in_seconds} must be between 180 and 86400 seconds.");
                return Err(op.bad_input("INVALID_ASSESSMENT_TEMPLATE_DURATION", msg));
            }
            if rules_package_arns.len() > 50 {
                return Err(
                    op.bad_input("INVALID_NUMBER_OF_RULES_PACKAGE_ARNS", "At most 50 rules packages are allowed.")
                );
            }
            if let Some(bad) = rules_package_arns.iter().find(|a| !packages.iter().any(|p| &p.arn == *a)) {
                let msg = format!("{bad} is not a rules package of region {region}.");
                return Err(op.bad_input("INVALID_RULES_PACKAGE_ARN", msg));
            }
            let insp = &d.region(region).inspector;
            if !insp.assessment_targets.contains_key(target_arn) {
                return Err(missing_inspector_entity(op, target_arn));
            }
            let prefix = format!("{target_arn}/template/");
            if insp.assessment_templates.iter().any(|(k, t)| k.starts_with(&prefix) && t.name == name) {
                let msg = format!("The assessment template name {name} is already taken for this target.");
                let sub = "ASSESSMENT_TEMPLATE_NAME_ALREADY_TAKEN";
                return Err(op.inspector(ErrorKind::AlreadyExists, "InvalidInputException", sub, msg));
            }
            let arn = format!("{prefix}0-{}", d.fresh_id(INSPECTOR_ALPHABET, 8));
            let rules_package_arns = rules_package_arns.to_vec();
            let template = InspectorTemplate { name: name.to_string(), duration_in_seconds, rules_package_arns };
            d.region_mut(region).inspector.assessment_templates.insert(arn.clone(), template);
            d.ensure_inspector_slr();
            Ok(arn)
        })
    }

    async fn describe_assessment_templates(
        &self,
        region: &str,
        arns: &[String],
    ) -> CloudResult<Vec<AssessmentTemplate>> {
        let op = Op("inspector", "DescribeAssessmentTemplates");
        self.read(op, |d| {
            inspector_packages(op, region)?;
            let templates = &d.region(region).inspector.assessment_templates;
            let describe = |arn: &String| {
                let t = templates.get(arn)?;
                Some(AssessmentTemplate {
                    arn: arn.clone(),
                    name: t.name.clone(),
                    assessment_target_arn: arn.split_once("/template/")?.0.to_string(),
                    duration_in_seconds: t.duration_in_seconds,
                    rules_package_arns: t.rules_package_arns.clone(),
                })
            };
            Ok(arns.iter().filter_map(describe).collect())
        })
    }

    async fn delete_assessment_template(&self, region: &str, arn: &str) -> CloudResult<()> {
        let op = Op("inspector", "DeleteAssessmentTemplate");
        self.write(op, |d| {
            inspector_packages(op, region)?;
            let insp = &mut d.region_mut(region).inspector;
            if insp.assessment_templates.remove(arn).is_none() {
                return Err(missing_inspector_entity(op, arn));
            }
            insp.forget(arn);
            Ok(())
        })
    }

    async fn list_event_subscriptions(&self, region: &str, arn: &str) -> CloudResult<Vec<EventSubscription>> {
        let op = Op("inspector", "ListEventSubscriptions");
        self.read(op, |d| {
            inspector_packages(op, region)?;
            let subs = d.region(region).inspector.event_subscriptions.get(arn);
            Ok(subs.map(|s| s.iter().cloned().collect()).unwrap_or_default())
        })
    }

    async fn subscribe(&self, region: &str, arn: &str, sub: &EventSubscription) -> CloudResult<()> {
        let op = Op("inspector", "SubscribeToEvent");
        self.write(op, |d| {
            inspector_packages(op, region)?;
            check_subscription(op, sub)?;
            let insp = &mut d.region_mut(region).inspector;
            if !insp.contains(arn) {
                return Err(missing_inspector_entity(op, arn));
            }
            insp.event_subscriptions.entry_or_default(arn).insert(sub.clone());
            Ok(())
        })
    }

    async fn unsubscribe(&self, region: &str, arn: &str, sub: &EventSubscription) -> CloudResult<()> {
        let op = Op("inspector", "UnsubscribeFromEvent");
        self.write(op, |d| {
            inspector_packages(op, region)?;
            check_subscription(op, sub)?;
            let insp = &mut d.region_mut(region).inspector;
            if !insp.contains(arn) {
                return Err(missing_inspector_entity(op, arn));
            }
            if let Some(subs) = insp.event_subscriptions.get_mut(arn) {
                subs.remove(sub);
                if subs.is_empty() {
                    insp.event_subscriptions.remove(arn);
                }
            }
            Ok(())
        })
    }

    async fn list_tags(&self, region: &str, arn: &str) -> CloudResult<Tags> {
        let op = Op("inspector", "ListTagsForResource");
        self.read(op, |d| {
            inspector_packages(op, region)?;
            let insp = &d.region(region).inspector;
            if !insp.contains(arn) {
                return Err(missing_inspector_entity(op, arn));
            }
            Ok(insp.tags.get(arn).cloned().unwrap_or_default())
        })
    }

    async fn set_tags(&self, region: &str, arn: &str, tags: &Tags) -> CloudResult<()> {
        let op = Op("inspector", "SetTagsForResource");
        self.write(op, |d| {
            inspector_packages(op, region)?;
            if let Some(p) = tag_problem(tags, 10, 1) {
                let sub = if tags.len() > 10 { "INVALID_NUMBER_OF_TAGS" } else { "INVALID_TAG" };
                return Err(op.bad_input(sub, p));
            }
            let insp = &mut d.region_mut(region).inspector;
            if !insp.contains(arn) {
                return Err(missing_inspector_entity(op, arn));
            }
            if tags.is_empty() {
                insp.tags.remove(arn);
            } else {
                insp.tags.insert(arn.to_string(), tags.clone());
            }
            Ok(())
        })
    }
}

#[cfg(test)]
#[path = "sandbox_tests.rs"]
mod tests;
