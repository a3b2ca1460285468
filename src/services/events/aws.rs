//! EventBridge calls. A role created moments ago may not be assumable yet; PutRule and
//! PutTargets retry that failure with backoff for a bounded time and say so.

use std::time::Duration;

use aws_sdk_eventbridge::types::{RuleState, Tag, Target};
use aws_sdk_eventbridge::Client as SdkClient;

use crate::cloud::aws::cloud_error;
use crate::cloud::{CloudError, CloudResult, ErrorKind, Tags};
use std::sync::Arc;

use async_trait::async_trait;

use super::{EventRule, EventTarget, Events, PutRuleInput};
use crate::cloud::aws::{Connection, Regional};

/// How long to keep retrying "cannot be assumed" (IAM propagation takes seconds).
const ASSUME_RETRY_FOR: Duration = Duration::from_secs(60);

fn rule_arn_hint(bus: &str, name: &str) -> String {
    if bus == "default" {
        format!("arn:aws:events:*:*:rule/{name}")
    } else {
        format!("arn:aws:events:*:*:rule/{bus}/{name}")
    }
}

/// True for the transient error of a role that IAM has not propagated yet.
fn not_assumable_yet(e: &CloudError) -> bool {
    e.message.contains("cannot be assumed")
}

/// Runs `op` until it succeeds, fails otherwise, or ASSUME_RETRY_FOR has passed.
async fn retry_assume<T, F, Fut>(what: &str, note: &(dyn Fn(&str) + Sync), mut op: F) -> CloudResult<T>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = CloudResult<T>>,
{
    let start = std::time::Instant::now();
    let mut delay = Duration::from_secs(1);
    loop {
        match op().await {
            Err(e) if not_assumable_yet(&e) && start.elapsed() < ASSUME_RETRY_FOR => {
                note(&format!(
                    "{what}: the role cannot be assumed yet (IAM is still propagating it); retrying in {}s",
                    delay.as_secs()
                ));
                tokio::time::sleep(delay).await;
                delay = (delay * 2).min(Duration::from_secs(10));
            }
            other => return other,
        }
    }
}

/// `PutRule` (with tags, which AWS applies only when creating); returns the rule ARN.
pub(crate) async fn put_rule(c: &SdkClient, input: &PutRuleInput, note: &(dyn Fn(&str) + Sync)) -> CloudResult<String> {
    let hint = rule_arn_hint(&input.event_bus_name, &input.name);
    retry_assume(&format!("PutRule {}", input.name), note, || async {
        let out = c
            .put_rule()
            .name(&input.name)
            .event_bus_name(&input.event_bus_name)
            .set_schedule_expression(input.schedule_expression.clone())
            .set_event_pattern(input.event_pattern.clone())
            .set_description(input.description.clone())
            .set_role_arn(input.role_arn.clone())
            .state(RuleState::from(input.state.as_str()))
            .set_tags((!input.tags.is_empty()).then(|| tags(&input.tags)))
            .send()
            .await
            .map_err(|e| cloud_error("events", "PutRule", Some(&hint), e))?;
        Ok(out.rule_arn().unwrap_or_default().to_string())
    })
    .await
}

fn tags(t: &Tags) -> Vec<Tag> {
    // Tag::build fails only without key or value; both are always set here.
    t.iter().filter_map(|(k, v)| Tag::builder().key(k).value(v).build().ok()).collect()
}

/// An [`EventRule`] (without tags) from a `DescribeRule` answer or a `ListRules` item: both
/// have the same accessors, but are different types.
macro_rules! rule_from_sdk {
    ($r:expr, $name:expr, $bus:expr) => {{
        let (r, bus) = ($r, $bus);
        EventRule {
            name: $name,
            arn: r.arn().unwrap_or_default().to_string(),
            event_bus_name: r.event_bus_name().unwrap_or(bus).to_string(),
            schedule_expression: r.schedule_expression().filter(|s| !s.is_empty()).map(str::to_string),
            event_pattern: r.event_pattern().filter(|s| !s.is_empty()).map(str::to_string),
            description: r.description().filter(|s| !s.is_empty()).map(str::to_string),
            role_arn: r.role_arn().filter(|s| !s.is_empty()).map(str::to_string),
            state: r.state().map(|s| s.as_str().to_string()).unwrap_or_else(|| "ENABLED".to_string()),
            tags: Tags::new(),
        }
    }};
}

/// `DescribeRule`; `None` when the rule does not exist. Tags are filled by the caller.
pub(crate) async fn describe_rule(c: &SdkClient, bus: &str, name: &str) -> CloudResult<Option<EventRule>> {
    match c.describe_rule().name(name).event_bus_name(bus).send().await {
        Ok(r) => Ok(Some(rule_from_sdk!(&r, r.name().unwrap_or(name).to_string(), bus))),
        Err(e) => {
            let err = cloud_error("events", "DescribeRule", Some(&rule_arn_hint(bus, name)), e);
            if err.kind == ErrorKind::NotFound {
                Ok(None)
            } else {
                Err(err)
            }
        }
    }
}

/// `ListRules`, every page (100 rules each), with `NamePrefix` when given; tags are not read.
pub(crate) async fn list_rules(c: &SdkClient, bus: &str, prefix: Option<&str>) -> CloudResult<Vec<EventRule>> {
    let mut out = Vec::new();
    let mut token: Option<String> = None;
    loop {
        let page = c
            .list_rules()
            .event_bus_name(bus)
            .set_name_prefix(prefix.map(str::to_string))
            .limit(100)
            .set_next_token(token.take())
            .send()
            .await
            .map_err(|e| cloud_error("events", "ListRules", None, e))?;
        for r in page.rules() {
            let Some(name) = r.name() else { continue };
            out.push(rule_from_sdk!(r, name.to_string(), bus));
        }
        match page.next_token() {
            Some(t) if !t.is_empty() => token = Some(t.to_string()),
            _ => return Ok(out),
        }
    }
}

/// `ListTagsForResource`.
pub(crate) async fn list_tags(c: &SdkClient, arn: &str) -> CloudResult<Tags> {
    let out = c
        .list_tags_for_resource()
        .resource_arn(arn)
        .send()
        .await
        .map_err(|e| cloud_error("events", "ListTagsForResource", Some(arn), e))?;
    Ok(out.tags().iter().map(|t| (t.key().to_string(), t.value().to_string())).collect())
}

/// `TagResource`.
pub(crate) async fn tag(c: &SdkClient, arn: &str, t: &Tags) -> CloudResult<()> {
    c.tag_resource()
        .resource_arn(arn)
        .set_tags(Some(tags(t)))
        .send()
        .await
        .map_err(|e| cloud_error("events", "TagResource", Some(arn), e))?;
    Ok(())
}

/// `UntagResource`.
pub(crate) async fn untag(c: &SdkClient, arn: &str, keys: &[String]) -> CloudResult<()> {
    c.untag_resource()
        .resource_arn(arn)
        .set_tag_keys(Some(keys.to_vec()))
        .send()
        .await
        .map_err(|e| cloud_error("events", "UntagResource", Some(arn), e))?;
    Ok(())
}

/// `UntagResource`/`TagResource` only for what differs between `have` and `want`.
pub(crate) async fn set_tags(c: &SdkClient, arn: &str, have: &Tags, want: &Tags) -> CloudResult<()> {
    let (remove, add) = crate::cloud::tag_delta(have, want);
    if !remove.is_empty() {
        untag(c, arn, &remove).await?;
    }
    if !add.is_empty() {
        tag(c, arn, &add).await?;
    }
    Ok(())
}

/// `DeleteRule`.
pub(crate) async fn delete_rule(c: &SdkClient, bus: &str, name: &str) -> CloudResult<()> {
    c.delete_rule()
        .name(name)
        .event_bus_name(bus)
        .send()
        .await
        .map_err(|e| cloud_error("events", "DeleteRule", Some(&rule_arn_hint(bus, name)), e))?;
    Ok(())
}

/// `ListTargetsByRule`, all pages: every target of the rule.
pub(crate) async fn list_targets(c: &SdkClient, bus: &str, rule: &str) -> CloudResult<Vec<EventTarget>> {
    let mut out = Vec::new();
    let mut token: Option<String> = None;
    loop {
        let page = c
            .list_targets_by_rule()
            .rule(rule)
            .event_bus_name(bus)
            .set_next_token(token.take())
            .send()
            .await
            .map_err(|e| cloud_error("events", "ListTargetsByRule", Some(&rule_arn_hint(bus, rule)), e))?;
        out.extend(page.targets().iter().map(|t| EventTarget {
            id: t.id().to_string(),
            arn: t.arn().to_string(),
            role_arn: t.role_arn().filter(|s| !s.is_empty()).map(str::to_string),
            input: t.input().filter(|s| !s.is_empty()).map(str::to_string),
            input_path: t.input_path().filter(|s| !s.is_empty()).map(str::to_string),
        }));
        match page.next_token() {
            Some(t) if !t.is_empty() => token = Some(t.to_string()),
            _ => break,
        }
    }
    Ok(out)
}

/// `PutTargets`. AWS reports per-target failures in a 200 response; those are errors too.
pub(crate) async fn put_targets(
    c: &SdkClient,
    bus: &str,
    rule: &str,
    targets: &[EventTarget],
    note: &(dyn Fn(&str) + Sync),
) -> CloudResult<()> {
    let hint = rule_arn_hint(bus, rule);
    let sdk_targets: Vec<Target> = targets
        .iter()
        .filter_map(|t| {
            Target::builder()
                .id(&t.id)
                .arn(&t.arn)
                .set_role_arn(t.role_arn.clone())
                .set_input(t.input.clone())
                .set_input_path(t.input_path.clone())
                .build()
                .ok()
        })
        .collect();
    retry_assume(&format!("PutTargets {rule}"), note, || async {
        let out = c
            .put_targets()
            .rule(rule)
            .event_bus_name(bus)
            .set_targets(Some(sdk_targets.clone()))
            .send()
            .await
            .map_err(|e| cloud_error("events", "PutTargets", Some(&hint), e))?;
        if let Some(f) = out.failed_entries().first() {
            let code = f.error_code().unwrap_or("FailedEntry").to_string();
            let message = format!("target {}: {}", f.target_id().unwrap_or("?"), f.error_message().unwrap_or(""));
            let kind = crate::cloud::aws::classify(&code, &message);
            return Err(CloudError::new("events", "PutTargets", kind, code, message));
        }
        Ok(())
    })
    .await
}

/// `RemoveTargets`.
pub(crate) async fn remove_targets(c: &SdkClient, bus: &str, rule: &str, ids: &[String]) -> CloudResult<()> {
    c.remove_targets()
        .rule(rule)
        .event_bus_name(bus)
        .set_ids(Some(ids.to_vec()))
        .send()
        .await
        .map_err(|e| cloud_error("events", "RemoveTargets", Some(&rule_arn_hint(bus, rule)), e))?;
    Ok(())
}

/// EventBridge over the SDK (one client per region).
pub struct Client {
    clients: Regional<aws_sdk_eventbridge::Client>,
}

impl Client {
    /// EventBridge clients of `conn`.
    pub fn new(conn: &Arc<Connection>) -> Client {
        Client { clients: Regional::new(conn, |c, r| crate::sdk_client!(c, aws_sdk_eventbridge, "events", Some(r))) }
    }

    fn note(&self, msg: &str) {
        self.clients.connection().note(msg);
    }
}

#[async_trait]
impl Events for Client {
    async fn put_rule(&self, region: &str, input: &PutRuleInput) -> CloudResult<String> {
        put_rule(&self.clients.get(region), input, &|m| self.note(m)).await
    }
    async fn describe_rule(&self, region: &str, bus: &str, name: &str, tags: bool) -> CloudResult<Option<EventRule>> {
        let client = self.clients.get(region);
        let Some(mut rule) = describe_rule(&client, bus, name).await? else { return Ok(None) };
        if tags {
            rule.tags = list_tags(&client, &rule.arn).await?;
        }
        Ok(Some(rule))
    }
    async fn list_rules(&self, region: &str, bus: &str, name_prefix: Option<&str>) -> CloudResult<Vec<EventRule>> {
        list_rules(&self.clients.get(region), bus, name_prefix).await
    }
    async fn rule_tags(&self, region: &str, arn: &str) -> CloudResult<Tags> {
        list_tags(&self.clients.get(region), arn).await
    }
    async fn set_tags(&self, region: &str, arn: &str, have: &Tags, want: &Tags) -> CloudResult<()> {
        set_tags(&self.clients.get(region), arn, have, want).await
    }
    async fn delete_rule(&self, region: &str, bus: &str, name: &str) -> CloudResult<()> {
        delete_rule(&self.clients.get(region), bus, name).await
    }
    async fn list_targets(&self, region: &str, bus: &str, rule: &str) -> CloudResult<Vec<EventTarget>> {
        list_targets(&self.clients.get(region), bus, rule).await
    }
    async fn put_targets(&self, region: &str, bus: &str, rule: &str, targets: &[EventTarget]) -> CloudResult<()> {
        put_targets(&self.clients.get(region), bus, rule, targets, &|m| self.note(m)).await
    }
    async fn remove_targets(&self, region: &str, bus: &str, rule: &str, ids: &[String]) -> CloudResult<()> {
        remove_targets(&self.clients.get(region), bus, rule, ids).await
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Mutex;

    use aws_sdk_eventbridge::operation::put_targets::{PutTargetsError, PutTargetsOutput};
    use aws_sdk_eventbridge::types::PutTargetsResultEntry;
    use aws_smithy_mocks::{mock, Rule, RuleMode};
    use aws_smithy_types::error::ErrorMetadata;

    use super::*;

    fn client(mode: RuleMode, rules: &[&Rule]) -> SdkClient {
        crate::mocked_client!(aws_sdk_eventbridge, mode, rules)
    }

    fn target() -> EventTarget {
        EventTarget {
            id: "t".into(),
            arn: "arn:aws:inspector:us-east-1:1:target/0-a/template/0-b".into(),
            role_arn: Some("arn:aws:iam::1:role/events".into()),
            input: None,
            input_path: None,
        }
    }

    #[tokio::test]
    async fn failed_entries_in_a_200_answer_are_errors() {
        let rule = mock!(SdkClient::put_targets).then_output(|| {
            PutTargetsOutput::builder()
                .failed_entry_count(1)
                .failed_entries(
                    PutTargetsResultEntry::builder()
                        .target_id("t")
                        .error_code("ValidationException")
                        .error_message("bad arn")
                        .build(),
                )
                .build()
        });
        let err =
            put_targets(&client(RuleMode::MatchAny, &[&rule]), "default", "r", &[target()], &|_| {}).await.unwrap_err();
        assert_eq!(err.kind, ErrorKind::Invalid);
        assert!(err.message.contains("target t: bad arn"), "{}", err.message);
    }

    #[tokio::test]
    async fn a_role_not_yet_assumable_is_retried_and_said() {
        let first = mock!(SdkClient::put_targets).then_error(|| {
            PutTargetsError::generic(
                ErrorMetadata::builder()
                    .code("ValidationException")
                    .message("Role arn:aws:iam::1:role/events cannot be assumed by principal events.amazonaws.com")
                    .build(),
            )
        });
        let second = mock!(SdkClient::put_targets)
            .match_requests(|r| r.targets()[0].role_arn().is_some())
            .then_output(|| PutTargetsOutput::builder().failed_entry_count(0).build());
        let notes = Mutex::new(Vec::<String>::new());
        let c = client(RuleMode::Sequential, &[&first, &second]);
        put_targets(&c, "default", "r", &[target()], &|m| notes.lock().unwrap().push(m.to_string())).await.unwrap();
        assert_eq!(first.num_calls() + second.num_calls(), 2);
        let notes = notes.into_inner().unwrap();
        assert_eq!(notes.len(), 1);
        assert!(notes[0].contains("cannot be assumed yet"), "{notes:?}");
    }
}
