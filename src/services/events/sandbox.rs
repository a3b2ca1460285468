//! EventBridge in the sandbox: the `default` bus only, rules keyed by name, targets keyed by
//! id, and EventBridge's validation rules and errors.

use std::collections::BTreeMap;

use async_trait::async_trait;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::cloud::sandbox::table::Table;
use crate::cloud::{CloudError, CloudResult, ErrorKind, Tags};
use crate::services::sandbox::*;

use super::{EventBus, EventRule, EventTarget, Events, PutRuleInput, TargetParams};

pub(crate) const EVENTS_NAME_CHARS: &str = ".-_";
pub(crate) const RULE_STATES: [&str; 3] = ["ENABLED", "DISABLED", "ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS"];
pub(crate) const MAX_TARGETS_PER_RULE: usize = 5;

/// EventBridge's part of a region of the account file.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub(crate) struct EventsState {
    pub(crate) rules: Table<Rule>,
}

crate::sandbox_tables!(EventsState: rules);

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub(crate) struct Rule {
    #[serde(default)]
    pub(crate) schedule_expression: Option<String>,
    #[serde(default)]
    pub(crate) event_pattern: Option<Doc>,
    #[serde(default)]
    pub(crate) description: Option<String>,
    #[serde(default)]
    pub(crate) role_arn: Option<String>,
    #[serde(default = "default_state")]
    pub(crate) state: String,
    #[serde(default)]
    pub(crate) tags: Tags,
    #[serde(default)]
    pub(crate) targets: BTreeMap<String, Target>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub(crate) struct Target {
    pub(crate) arn: String,
    pub(crate) role_arn: Option<String>,
    pub(crate) input: Option<Doc>,
    pub(crate) input_path: Option<String>,
    /// Everything else PutTargets took, kept as it was sent.
    #[serde(flatten)]
    pub(crate) params: TargetParams,
}

pub(crate) fn rule_not_found(op: Op, name: &str) -> CloudError {
    let msg = format!("Rule {name} does not exist on EventBus default.");
    op.not_found("ResourceNotFoundException", msg)
}

pub(crate) fn check_bus(op: Op, bus: &str) -> CloudResult<()> {
    let default_arn = bus.starts_with("arn:") && bus.ends_with(":event-bus/default");
    if bus.is_empty() || bus == "default" || default_arn {
        return Ok(());
    }
    Err(op.not_found("ResourceNotFoundException", format!("Event bus {bus} does not exist.")))
}

/// PutTargets checks of one target (AWS reports them per entry; the trait has one result).
pub(crate) fn check_target(op: Op, d: &Data, t: &EventTarget) -> CloudResult<()> {
    check_name(op, "ValidationException", "Targets.Id", &t.id, 64, EVENTS_NAME_CHARS)?;
    let Some(parts) = arn_parts(&t.arn) else {
        let msg = format!("Parameter {} is not valid. Reason: Provided Arn is not in correct format.", t.arn);
        return Err(op.invalid("ValidationException", msg));
    };
    let inputs = [t.input.is_some(), t.input_path.is_some(), t.params.input_transformer.is_some()];
    if inputs.iter().filter(|set| **set).count() > 1 {
        let msg = "Only one of Input, InputPath, or InputTransformer must be provided.";
        return Err(op.invalid("ValidationException", msg));
    }
    check_params(op, &t.params)?;
    if t.input.as_ref().is_some_and(|i| serde_json::from_str::<Value>(i).is_err()) {
        let msg = format!("Input for target {} is not valid JSON text.", t.id);
        return Err(op.invalid("ValidationException", msg));
    }
    if parts[2] == "inspector" && parts[5].contains("/template/") {
        let Some(role_arn) = t.role_arn.as_deref() else {
            let msg = format!("RoleArn is required for target {}.", t.arn);
            return Err(op.invalid("ValidationException", msg));
        };
        // The sandbox checks only that the role exists, not that it trusts EventBridge.
        let role_name = match arn_parts(role_arn) {
            Some([_, _, "iam", _, _, res]) => res.strip_prefix("role/").and_then(|r| r.rsplit('/').next()),
            _ => None,
        };
        if role_name.is_none_or(|n| d.role_key(n).is_none()) {
            let msg = format!("Role {role_arn} cannot be assumed by principal events.amazonaws.com.");
            return Err(op.invalid("ValidationException", msg));
        }
    }
    Ok(())
}

/// A whole number of `field` within `lo..=hi`, as EventBridge checks it.
fn check_range(op: Op, field: &str, v: Option<i64>, lo: i64, hi: i64) -> CloudResult<()> {
    match v {
        Some(n) if n < lo || n > hi => {
            let rule = format!("Member must have value between {lo} and {hi}");
            Err(constraint(op, "ValidationException", field, &n.to_string(), &rule))
        }
        _ => Ok(()),
    }
}

/// An ARN of `service` in `field`.
fn check_arn_of(op: Op, field: &str, arn: &str, service: &str) -> CloudResult<()> {
    match arn_parts(arn) {
        Some(parts) if parts[2] == service => Ok(()),
        _ => {
            let msg = format!("Parameter {field} is not valid. Reason: {arn} is not an ARN of {service}.");
            Err(op.invalid("ValidationException", msg))
        }
    }
}

/// PutTargets checks of a target's parameters (AWS's limits; the sandbox does not check that
/// the parameters suit the target's service).
fn check_params(op: Op, p: &TargetParams) -> CloudResult<()> {
    if let Some(it) = &p.input_transformer {
        check_len(op, "ValidationException", "InputTransformer.InputTemplate", &it.input_template, 8192)?;
        if it.input_template.is_empty() {
            return Err(op.invalid("ValidationException", "InputTransformer.InputTemplate must not be empty."));
        }
        if it.input_paths_map.len() > 100 {
            let msg = "InputTransformer.InputPathsMap has more than 100 entries.";
            return Err(op.invalid("ValidationException", msg));
        }
        if let Some(k) = it.input_paths_map.keys().find(|k| k.starts_with("AWS")) {
            let msg =
                format!("InputTransformer.InputPathsMap key {k} is not valid: keys starting with AWS are reserved.");
            return Err(op.invalid("ValidationException", msg));
        }
    }
    if let Some(arn) = p.dead_letter_config.as_ref().and_then(|d| d.arn.as_deref()) {
        check_arn_of(op, "DeadLetterConfig.Arn", arn, "sqs")?;
    }
    if let Some(r) = &p.retry_policy {
        check_range(op, "retryPolicy.maximumEventAgeInSeconds", r.maximum_event_age_in_seconds, 60, 86400)?;
        check_range(op, "retryPolicy.maximumRetryAttempts", r.maximum_retry_attempts, 0, 185)?;
    }
    if let Some(e) = &p.ecs {
        check_arn_of(op, "EcsParameters.TaskDefinitionArn", &e.task_definition_arn, "ecs")?;
        check_range(op, "ecsParameters.taskCount", e.task_count, 1, i64::from(i32::MAX))?;
        if e.network_configuration.as_ref().is_some_and(|n| n.subnets.is_empty()) {
            let msg = "EcsParameters.NetworkConfiguration.AwsvpcConfiguration.Subnets must not be empty.";
            return Err(op.invalid("ValidationException", msg));
        }
    }
    if let Some(b) = &p.batch {
        check_range(op, "batchParameters.arrayProperties.size", b.array_size, 2, 10000)?;
        check_range(op, "batchParameters.retryStrategy.attempts", b.job_attempts, 1, 10)?;
    }
    if p.kinesis.as_ref().is_some_and(|k| k.partition_key_path.is_none()) {
        let msg = "KinesisParameters.PartitionKeyPath must be provided.";
        return Err(op.invalid("ValidationException", msg));
    }
    if p.run_command_targets.len() > 5 {
        let msg = "RunCommandParameters.RunCommandTargets has more than 5 entries.";
        return Err(op.invalid("ValidationException", msg));
    }
    Ok(())
}

/// A stored rule as DescribeRule and ListRules describe it, with `tags`.
fn described(d: &Data, region: &str, name: &str, r: &Rule, tags: Tags) -> EventRule {
    EventRule {
        name: name.to_string(),
        arn: format!("{}rule/{name}", d.arn_prefix("events", region)),
        event_bus_name: "default".into(),
        schedule_expression: r.schedule_expression.clone(),
        event_pattern: r.event_pattern.as_ref().map(|p| p.0.clone()),
        description: r.description.clone(),
        role_arn: r.role_arn.clone(),
        state: r.state.clone(),
        tags,
    }
}

#[async_trait]
impl Events for Sandbox {
    async fn describe_event_bus(&self, region: &str, name: &str) -> CloudResult<Option<EventBus>> {
        let op = Op("events", "DescribeEventBus");
        self.read(op, |d| {
            // The sandbox has the `default` bus of every region, as every account has.
            Ok(check_bus(op, name).ok().map(|()| EventBus {
                name: "default".into(),
                arn: format!("{}event-bus/default", d.arn_prefix("events", region)),
                ..EventBus::default()
            }))
        })
    }

    async fn put_rule(&self, region: &str, input: &PutRuleInput) -> CloudResult<String> {
        let op = Op("events", "PutRule");
        let (arn, created) = self.write(op, |d| {
            check_name(op, "ValidationException", "name", &input.name, 64, EVENTS_NAME_CHARS)?;
            check_bus(op, &input.event_bus_name)?;
            let state = if input.state.is_empty() { "ENABLED" } else { input.state.as_str() };
            if !RULE_STATES.contains(&state) {
                let rule = format!("Member must satisfy enum value set: [{}]", RULE_STATES.join(", "));
                return Err(constraint(op, "ValidationException", "state", state, &rule));
            }
            if input.schedule_expression.is_none() && input.event_pattern.is_none() {
                let msg = "Parameter(s) EventPattern or ScheduleExpression must be specified.";
                return Err(op.invalid("ValidationException", msg));
            }
            if input.schedule_expression.as_deref().is_some_and(|e| crate::cron::Schedule::parse(e).is_err()) {
                return Err(op.invalid("ValidationException", "Parameter ScheduleExpression is not valid."));
            }
            if input.event_pattern.as_deref().is_some_and(|p| !is_json_object(p)) {
                let msg = "Event pattern is not valid. Reason: it must be a JSON object.";
                return Err(op.invalid("InvalidEventPatternException", msg));
            }
            check_len(op, "ValidationException", "description", input.description.as_deref().unwrap_or(""), 512)?;
            if let Some(p) = tag_problem(&input.tags, 50, 0) {
                return Err(op.invalid("ValidationException", p));
            }
            let arn = format!("{}rule/{}", d.arn_prefix("events", region), input.name);
            let rules = &mut d.region_mut(region).events.rules;
            let created = !rules.contains_key(&input.name);
            // Settings are replaced; tags and targets are left alone on an update.
            let rule = rules.entry_or_default(&input.name);
            rule.schedule_expression.clone_from(&input.schedule_expression);
            rule.event_pattern = input.event_pattern.clone().map(Doc);
            rule.description.clone_from(&input.description);
            rule.role_arn.clone_from(&input.role_arn);
            rule.state = state.to_string();
            Ok((arn, created))
        })?;
        if created && !input.tags.is_empty() {
            // Tagging a new rule is a second AWS call that can fail on its own.
            self.write(Op("events", "TagResource"), |d| {
                if let Some(rule) = d.region_mut(region).events.rules.get_mut(&input.name) {
                    rule.tags.clone_from(&input.tags);
                }
                Ok(())
            })?;
        }
        Ok(arn)
    }

    async fn describe_rule(&self, region: &str, bus: &str, name: &str, tags: bool) -> CloudResult<Option<EventRule>> {
        let op = Op("events", "DescribeRule");
        self.read(op, |d| {
            check_bus(op, bus)?;
            let Some(r) = d.region(region).events.rules.get(name) else { return Ok(None) };
            if !tags {
                return Ok(Some(described(d, region, name, r, Tags::new())));
            }
            self.check_fault(Op("events", "ListTagsForResource"))?;
            Ok(Some(described(d, region, name, r, r.tags.clone())))
        })
    }

    async fn list_rules(&self, region: &str, bus: &str, name_prefix: Option<&str>) -> CloudResult<Vec<EventRule>> {
        let op = Op("events", "ListRules");
        let all: Vec<EventRule> = self.read(op, |d| {
            check_bus(op, bus)?;
            let rules = &d.region(region).events.rules;
            Ok(rules
                .iter()
                .filter(|(name, _)| name_prefix.is_none_or(|p| name.starts_with(p)))
                // ListRules answers without tags, as AWS does.
                .map(|(name, r)| described(d, region, name, r, Tags::new()))
                .collect())
        })?;
        // As AWS pages it: one call per 100 rules (the first is counted above).
        for _ in 1..all.len().div_ceil(100) {
            self.read(op, |_| Ok(()))?;
        }
        Ok(all)
    }

    async fn rule_tags(&self, region: &str, arn: &str) -> CloudResult<Tags> {
        let op = Op("events", "ListTagsForResource");
        self.read(op, |d| {
            let name = arn.rsplit_once("rule/").map(|(_, n)| n).unwrap_or_default();
            d.region(region)
                .events
                .rules
                .get(name)
                .map(|r| r.tags.clone())
                .ok_or_else(|| op.not_found("ResourceNotFoundException", format!("Rule {name} does not exist.")))
        })
    }

    async fn set_tags(&self, region: &str, arn: &str, have: &Tags, want: &Tags) -> CloudResult<()> {
        let (tag_op, untag_op) = (Op("events", "TagResource"), Op("events", "UntagResource"));
        let (remove, add) = crate::cloud::tag_delta(have, want);
        self.apply(tag_op, |d| {
            let name = match arn_parts(arn) {
                Some([_, _, "events", r, a, res]) if r == region && a == d.account_id => {
                    res.strip_prefix("rule/").unwrap_or(res)
                }
                _ => {
                    return Err(
                        tag_op.invalid("ValidationException", format!("Parameter ResourceARN {arn} is not valid."))
                    )
                }
            };
            let rule = d.region_mut(region).events.rules.get_mut(name).ok_or_else(|| rule_not_found(tag_op, name))?;
            // As an AWS client does: one UntagResource and one TagResource call, each faultable.
            if !remove.is_empty() {
                self.check_fault(untag_op)?;
                rule.tags.retain(|k, _| !remove.contains(k));
            }
            if !add.is_empty() {
                self.check_fault(tag_op)?;
                rule.tags.extend(add.clone());
            }
            if let Some(p) = tag_problem(&rule.tags, 50, 0) {
                return Err(tag_op.invalid("ValidationException", p));
            }
            Ok(())
        })
    }

    /// The sandbox has no rules another service manages: `force` changes nothing.
    async fn delete_rule(&self, region: &str, bus: &str, name: &str, _force: bool) -> CloudResult<()> {
        let op = Op("events", "DeleteRule");
        self.write(op, |d| {
            check_bus(op, bus)?;
            let rules = &mut d.region_mut(region).events.rules;
            if rules.get(name).is_some_and(|r| !r.targets.is_empty()) {
                let msg = "Rule can't be deleted since it has targets.";
                return Err(op.err(ErrorKind::Conflict, "ValidationException", msg));
            }
            rules.remove(name); // deleting a missing rule succeeds, as in AWS
            Ok(())
        })
    }

    async fn list_targets(&self, region: &str, bus: &str, rule: &str) -> CloudResult<Vec<EventTarget>> {
        let op = Op("events", "ListTargetsByRule");
        self.read(op, |d| {
            check_bus(op, bus)?;
            let found = d.region(region).events.rules.get(rule).ok_or_else(|| rule_not_found(op, rule))?;
            let to_target = |(id, t): (&String, &Target)| EventTarget {
                id: id.clone(),
                arn: t.arn.clone(),
                role_arn: t.role_arn.clone(),
                input: t.input.as_ref().map(|i| i.0.clone()),
                input_path: t.input_path.clone(),
                params: t.params.clone(),
            };
            Ok(found.targets.iter().map(to_target).collect())
        })
    }

    async fn put_targets(&self, region: &str, bus: &str, rule: &str, targets: &[EventTarget]) -> CloudResult<()> {
        let op = Op("events", "PutTargets");
        self.write(op, |d| {
            check_bus(op, bus)?;
            targets.iter().try_for_each(|t| check_target(op, d, t))?;
            let found = d.region_mut(region).events.rules.get_mut(rule).ok_or_else(|| rule_not_found(op, rule))?;
            for t in targets {
                let input = t.input.clone().map(Doc);
                let target = Target {
                    arn: t.arn.clone(),
                    role_arn: t.role_arn.clone(),
                    input,
                    input_path: t.input_path.clone(),
                    params: t.params.clone(),
                };
                found.targets.insert(t.id.clone(), target);
            }
            if found.targets.len() > MAX_TARGETS_PER_RULE {
                let msg = format!("The requested resource exceeds the maximum number allowed ({MAX_TARGETS_PER_RULE} targets per rule).");
                return Err(op.invalid("LimitExceededException", msg));
            }
            Ok(())
        })
    }

    /// The sandbox has no rules another service manages: `force` changes nothing.
    async fn remove_targets(
        &self,
        region: &str,
        bus: &str,
        rule: &str,
        ids: &[String],
        _force: bool,
    ) -> CloudResult<()> {
        let op = Op("events", "RemoveTargets");
        self.write(op, |d| {
            check_bus(op, bus)?;
            let found = d.region_mut(region).events.rules.get_mut(rule).ok_or_else(|| rule_not_found(op, rule))?;
            found.targets.retain(|id, _| !ids.contains(id));
            Ok(())
        })
    }
}

#[cfg(test)]
#[path = "sandbox_tests.rs"]
mod tests;
