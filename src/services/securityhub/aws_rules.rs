//! Automation rules over the SDK: the rule's criteria converted member by member from the
//! table of finding filters ([`super::criteria`]), its actions, and the calls, as functions of
//! one client so the mock tests (`aws_rules_tests.rs`) can drive them.

use aws_sdk_securityhub::types as sdk;
use aws_sdk_securityhub::Client as SdkClient;

use super::criteria::{DateFilter, DateRange, FindingFilters, MapFilter, NumberFilter, StringFilter};
use super::{
    AutomationRule, FindingFieldsUpdate, NoteUpdate, RelatedFinding, RuleAction, SeverityUpdate, WorkflowUpdate,
};
use crate::cloud::aws::cloud_error;
use crate::cloud::{CloudError, CloudResult, ErrorKind, Tags};

const S: &str = "securityhub";

/// One filter of ours as the SDK's, and back.
trait Sdk: Sized {
    type Sdk;
    fn to_sdk(&self) -> Self::Sdk;
    fn from_sdk(f: &Self::Sdk) -> Self;
}

impl Sdk for StringFilter {
    type Sdk = sdk::StringFilter;
    fn to_sdk(&self) -> sdk::StringFilter {
        sdk::StringFilter::builder()
            .comparison(sdk::StringFilterComparison::from(self.comparison.as_str()))
            .value(&self.value)
            .build()
    }
    fn from_sdk(f: &sdk::StringFilter) -> Self {
        StringFilter {
            comparison: f.comparison().map(|c| c.as_str().to_string()).unwrap_or_default(),
            value: f.value().unwrap_or_default().to_string(),
        }
    }
}

impl Sdk for NumberFilter {
    type Sdk = sdk::NumberFilter;
    fn to_sdk(&self) -> sdk::NumberFilter {
        sdk::NumberFilter::builder()
            .set_eq(self.eq)
            .set_gt(self.gt)
            .set_gte(self.gte)
            .set_lt(self.lt)
            .set_lte(self.lte)
            .build()
    }
    fn from_sdk(f: &sdk::NumberFilter) -> Self {
        NumberFilter { eq: f.eq(), gt: f.gt(), gte: f.gte(), lt: f.lt(), lte: f.lte() }
    }
}

impl Sdk for DateFilter {
    type Sdk = sdk::DateFilter;
    fn to_sdk(&self) -> sdk::DateFilter {
        let range = self
            .date_range
            .as_ref()
            .map(|r| sdk::DateRange::builder().unit(sdk::DateRangeUnit::from(r.unit.as_str())).value(r.value).build());
        sdk::DateFilter::builder().set_start(self.start.clone()).set_end(self.end.clone()).set_date_range(range).build()
    }
    fn from_sdk(f: &sdk::DateFilter) -> Self {
        DateFilter {
            start: f.start().map(str::to_string),
            end: f.end().map(str::to_string),
            date_range: f.date_range().map(|r| DateRange {
                unit: r.unit().map(|u| u.as_str().to_string()).unwrap_or_default(),
                value: r.value().unwrap_or_default(),
            }),
        }
    }
}

impl Sdk for MapFilter {
    type Sdk = sdk::MapFilter;
    fn to_sdk(&self) -> sdk::MapFilter {
        sdk::MapFilter::builder()
            .comparison(sdk::MapFilterComparison::from(self.comparison.as_str()))
            .key(&self.key)
            .value(&self.value)
            .build()
    }
    fn from_sdk(f: &sdk::MapFilter) -> Self {
        MapFilter {
            comparison: f.comparison().map(|c| c.as_str().to_string()).unwrap_or_default(),
            key: f.key().unwrap_or_default().to_string(),
            value: f.value().unwrap_or_default().to_string(),
        }
    }
}

fn to_sdk_list<T: Sdk>(v: &Option<Vec<T>>) -> Option<Vec<T::Sdk>> {
    v.as_ref().map(|v| v.iter().map(T::to_sdk).collect())
}

fn from_sdk_list<T: Sdk>(v: &Option<Vec<T::Sdk>>) -> Option<Vec<T>> {
    v.as_ref().map(|v| v.iter().map(T::from_sdk).collect())
}

macro_rules! rule_conversions {
    ($( $field:ident $api:literal $kind:ident $rule:tt $insight:tt, )*) => {
        /// The criteria as the SDK's `AutomationRulesFindingFilters`, member by member.
        pub(crate) fn sdk_rule_criteria(c: &FindingFilters) -> sdk::AutomationRulesFindingFilters {
            let mut f = sdk::AutomationRulesFindingFilters::builder().build();
            $( rule_conversions!(@to $rule f c $field); )*
            f
        }

        /// The SDK's `AutomationRulesFindingFilters` as criteria.
        pub(crate) fn rule_criteria(f: &sdk::AutomationRulesFindingFilters) -> FindingFilters {
            let mut c = FindingFilters::default();
            $( rule_conversions!(@from $rule f c $field); )*
            c
        }
    };
    (@to - $f:ident $c:ident $field:ident) => {};
    (@to $rule:literal $f:ident $c:ident $field:ident) => { $f.$field = to_sdk_list(&$c.$field); };
    (@from - $f:ident $c:ident $field:ident) => {};
    (@from $rule:literal $f:ident $c:ident $field:ident) => { $c.$field = from_sdk_list(&$f.$field); };
}

crate::with_finding_filters!(rule_conversions);

/// A rule action as the SDK's.
pub(crate) fn sdk_action(a: &RuleAction) -> sdk::AutomationRulesAction {
    let update = a.finding_fields_update.as_ref().map(|u| {
        let mut s = sdk::AutomationRulesFindingFieldsUpdate::builder().build();
        s.note = u.note.as_ref().map(|n| sdk::NoteUpdate::builder().text(&n.text).updated_by(&n.updated_by).build());
        s.severity = u.severity.as_ref().map(|v| {
            sdk::SeverityUpdate::builder()
                .set_product(v.product)
                .set_label(v.label.as_deref().map(sdk::SeverityLabel::from))
                .build()
        });
        s.verification_state = u.verification_state.as_deref().map(sdk::VerificationState::from);
        s.confidence = u.confidence;
        s.criticality = u.criticality;
        s.types = u.types.clone();
        s.user_defined_fields = u.user_defined_fields.as_ref().map(|m| m.clone().into_iter().collect());
        s.workflow = u.workflow.as_ref().map(|w| {
            sdk::WorkflowUpdate::builder().set_status(w.status.as_deref().map(sdk::WorkflowStatus::from)).build()
        });
        s.related_findings = u.related_findings.as_ref().map(|l| {
            l.iter().map(|r| sdk::RelatedFinding::builder().product_arn(&r.product_arn).id(&r.id).build()).collect()
        });
        s
    });
    let mut out = sdk::AutomationRulesAction::builder().build();
    out.r#type = (!a.r#type.is_empty()).then(|| sdk::AutomationRulesActionType::from(a.r#type.as_str()));
    out.finding_fields_update = update;
    out
}

/// The SDK's rule action as ours.
pub(crate) fn rule_action(a: &sdk::AutomationRulesAction) -> RuleAction {
    RuleAction {
        r#type: a.r#type().map(|t| t.as_str().to_string()).unwrap_or_default(),
        finding_fields_update: a.finding_fields_update().map(|u| FindingFieldsUpdate {
            note: u.note().map(|n| NoteUpdate {
                text: n.text().unwrap_or_default().to_string(),
                updated_by: n.updated_by().unwrap_or_default().to_string(),
            }),
            severity: u
                .severity()
                .map(|s| SeverityUpdate { product: s.product(), label: s.label().map(|l| l.as_str().to_string()) }),
            verification_state: u.verification_state().map(|v| v.as_str().to_string()),
            confidence: u.confidence(),
            criticality: u.criticality(),
            types: u.types.clone(),
            user_defined_fields: u.user_defined_fields.as_ref().map(|m| m.clone().into_iter().collect()),
            workflow: u.workflow().map(|w| WorkflowUpdate { status: w.status().map(|s| s.as_str().to_string()) }),
            related_findings: u.related_findings.as_ref().map(|l| {
                l.iter()
                    .map(|r| RelatedFinding {
                        product_arn: r.product_arn().unwrap_or_default().to_string(),
                        id: r.id().unwrap_or_default().to_string(),
                    })
                    .collect()
            }),
        }),
    }
}

/// `CreateAutomationRule`; returns the rule's ARN.
pub(crate) async fn create_rule(c: &SdkClient, rule: &AutomationRule, tags: &Tags) -> CloudResult<String> {
    let out = c
        .create_automation_rule()
        .rule_name(&rule.name)
        .rule_order(rule.order)
        .description(&rule.description)
        .set_rule_status((!rule.status.is_empty()).then(|| sdk::RuleStatus::from(rule.status.as_str())))
        .is_terminal(rule.is_terminal)
        .criteria(sdk_rule_criteria(&rule.criteria))
        .set_actions(Some(rule.actions.iter().map(sdk_action).collect()))
        .set_tags((!tags.is_empty()).then(|| tags.clone().into_iter().collect()))
        .send()
        .await
        .map_err(|e| cloud_error(S, "CreateAutomationRule", Some(&rule.name), e))?;
    Ok(out.rule_arn().unwrap_or_default().to_string())
}

/// `BatchGetAutomationRules` of one ARN; a rule Security Hub reports unprocessed for not
/// existing is `None`.
pub(crate) async fn get_rule(c: &SdkClient, arn: &str) -> CloudResult<Option<AutomationRule>> {
    const OP: &str = "BatchGetAutomationRules";
    let out = match c.batch_get_automation_rules().automation_rules_arns(arn).send().await {
        Ok(out) => out,
        Err(e) => return cloud_error(S, OP, Some(arn), e).absent(),
    };
    if let Some(r) = out.rules().iter().find(|r| r.rule_arn() == Some(arn)) {
        return Ok(Some(AutomationRule {
            arn: arn.to_string(),
            name: r.rule_name().unwrap_or_default().to_string(),
            order: r.rule_order().unwrap_or_default(),
            description: r.description().unwrap_or_default().to_string(),
            status: r.rule_status().map(|s| s.as_str().to_string()).unwrap_or_default(),
            is_terminal: r.is_terminal().unwrap_or(false),
            criteria: r.criteria().map(rule_criteria).unwrap_or_default(),
            actions: r.actions().iter().map(rule_action).collect(),
        }));
    }
    match out.unprocessed_automation_rules().first() {
        // Security Hub answers a rule it does not have as unprocessed (HTTP-style code 404).
        Some(u) if u.error_code().is_none_or(|c| c == 404) => Ok(None),
        Some(u) => Err(CloudError::new(
            S,
            OP,
            ErrorKind::Other,
            u.error_code().map_or("Unprocessed".to_string(), |c| c.to_string()),
            format!("{arn}: {}", u.error_message().unwrap_or("not processed")),
        )),
        None => Ok(None),
    }
}

/// `BatchUpdateAutomationRules` of one rule; an unprocessed rule is an error.
pub(crate) async fn update_rule(c: &SdkClient, rule: &AutomationRule) -> CloudResult<()> {
    const OP: &str = "BatchUpdateAutomationRules";
    let item = sdk::UpdateAutomationRulesRequestItem::builder()
        .rule_arn(&rule.arn)
        .rule_name(&rule.name)
        .rule_order(rule.order)
        .description(&rule.description)
        .set_rule_status((!rule.status.is_empty()).then(|| sdk::RuleStatus::from(rule.status.as_str())))
        .is_terminal(rule.is_terminal)
        .criteria(sdk_rule_criteria(&rule.criteria))
        .set_actions(Some(rule.actions.iter().map(sdk_action).collect()))
        .build();
    let out = c
        .batch_update_automation_rules()
        .update_automation_rules_request_items(item)
        .send()
        .await
        .map_err(|e| cloud_error(S, OP, Some(&rule.arn), e))?;
    unprocessed_rule(OP, &rule.arn, out.unprocessed_automation_rules())
}

/// `BatchDeleteAutomationRules` of one ARN; an unprocessed rule is an error (a 404 one is
/// not found).
pub(crate) async fn delete_rule(c: &SdkClient, arn: &str) -> CloudResult<()> {
    const OP: &str = "BatchDeleteAutomationRules";
    let out = c
        .batch_delete_automation_rules()
        .automation_rules_arns(arn)
        .send()
        .await
        .map_err(|e| cloud_error(S, OP, Some(arn), e))?;
    unprocessed_rule(OP, arn, out.unprocessed_automation_rules())
}

fn unprocessed_rule(op: &'static str, arn: &str, list: &[sdk::UnprocessedAutomationRule]) -> CloudResult<()> {
    match list.iter().find(|u| u.rule_arn().is_none_or(|a| a == arn)) {
        None => Ok(()),
        Some(u) => {
            let (kind, code) = match u.error_code() {
                Some(404) => (ErrorKind::NotFound, "ResourceNotFoundException".to_string()),
                Some(400) => (ErrorKind::Invalid, "InvalidInputException".to_string()),
                Some(c) => (ErrorKind::Other, c.to_string()),
                None => (ErrorKind::Other, "Unprocessed".to_string()),
            };
            Err(CloudError::new(S, op, kind, code, format!("{arn}: {}", u.error_message().unwrap_or("not processed"))))
        }
    }
}

#[cfg(test)]
#[path = "aws_rules_tests.rs"]
mod tests;
