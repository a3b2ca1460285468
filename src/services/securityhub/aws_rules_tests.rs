//! Tests of the automation rules' SDK calls, with smithy mocks: the criteria's conversion
//! member by member from the filter table, both ways, and the batch calls' per-rule answers.

use super::*;

use aws_sdk_securityhub::operation::batch_delete_automation_rules::BatchDeleteAutomationRulesOutput;
use aws_sdk_securityhub::operation::batch_get_automation_rules::BatchGetAutomationRulesOutput;
use aws_sdk_securityhub::operation::create_automation_rule::CreateAutomationRuleOutput;
use aws_smithy_mocks::{mock, Rule, RuleMode};

use crate::services::securityhub::criteria::CRITERIA;

const ARN: &str = "arn:aws:securityhub:us-east-1:123456789012:automation-rule/0e4bf3a4-0e2a-4b0b-8d4c-2f5d1a2b3c4d";

fn client(rules: &[&Rule]) -> SdkClient {
    crate::mocked_client!(aws_sdk_securityhub, RuleMode::MatchAny, rules)
}

/// Criteria with one filter of every member automation rules offer, each distinct.
fn every_member() -> FindingFilters {
    let mut json = serde_json::Map::new();
    for (i, c) in CRITERIA.iter().filter(|c| c.rule.is_some()).enumerate() {
        let filter = match c.kind {
            super::super::criteria::Kind::String => {
                serde_json::json!({ "Comparison": "PREFIX", "Value": format!("v{i}") })
            }
            super::super::criteria::Kind::Number => serde_json::json!({ "Gte": i as f64, "Lt": 100.0 }),
            super::super::criteria::Kind::Date => {
                serde_json::json!({ "Start": "2026-01-01T00:00:00Z", "DateRange": { "Unit": "DAYS", "Value": i } })
            }
            super::super::criteria::Kind::Map => {
                serde_json::json!({ "Comparison": "NOT_EQUALS", "Key": format!("k{i}"), "Value": "x" })
            }
        };
        json.insert(c.api.to_string(), serde_json::json!([filter]));
    }
    serde_json::from_value(serde_json::Value::Object(json)).unwrap()
}

fn rule() -> AutomationRule {
    AutomationRule {
        arn: String::new(),
        name: "tf-acc-test-rule".into(),
        order: 7,
        description: "d".into(),
        status: "ENABLED".into(),
        is_terminal: true,
        criteria: every_member(),
        actions: vec![RuleAction {
            r#type: "FINDING_FIELDS_UPDATE".into(),
            finding_fields_update: Some(FindingFieldsUpdate {
                note: Some(NoteUpdate { text: "t".into(), updated_by: "me".into() }),
                severity: Some(SeverityUpdate { product: Some(15.5), label: Some("LOW".into()) }),
                workflow: Some(WorkflowUpdate { status: Some("SUPPRESSED".into()) }),
                user_defined_fields: Some([("key".to_string(), "value".to_string())].into()),
                related_findings: Some(vec![RelatedFinding { product_arn: "arn:p".into(), id: "f".into() }]),
                confidence: Some(20),
                ..FindingFieldsUpdate::default()
            }),
        }],
    }
}

#[tokio::test]
async fn create_sends_every_criteria_member_and_the_action() {
    let want = rule();
    let sent = sdk_rule_criteria(&want.criteria);
    // Every member the table gives automation rules reaches the SDK's shape.
    assert_eq!(rule_criteria(&sent), want.criteria, "the conversion keeps every member both ways");
    assert_eq!(sent.aws_account_id.as_ref().map(Vec::len), Some(1));
    assert_eq!(sent.r#type.as_ref().unwrap()[0].comparison(), Some(&sdk::StringFilterComparison::Prefix));
    assert_eq!(sent.created_at.as_ref().unwrap()[0].date_range().unwrap().unit(), Some(&sdk::DateRangeUnit::Days));
    let expected = sent.clone();
    let create = mock!(SdkClient::create_automation_rule)
        .match_requests(move |req| {
            req.rule_name() == Some("tf-acc-test-rule")
                && req.rule_order() == Some(7)
                && req.is_terminal() == Some(true)
                && req.criteria() == Some(&expected)
                && req.actions()[0].finding_fields_update().and_then(|u| u.workflow()).and_then(|w| w.status())
                    == Some(&sdk::WorkflowStatus::Suppressed)
                && req.tags().and_then(|t| t.get("Name")).map(String::as_str) == Some("x")
        })
        .then_output(|| CreateAutomationRuleOutput::builder().rule_arn(ARN).build());
    let c = client(&[&create]);
    let tags: Tags = [("Name".to_string(), "x".to_string())].into_iter().collect();
    assert_eq!(create_rule(&c, &want, &tags).await.unwrap(), ARN);
    assert_eq!(create.num_calls(), 1);
}

#[tokio::test]
async fn get_reads_the_rule_back_and_an_unknown_arn_as_absent() {
    let want = rule();
    let config = sdk::AutomationRulesConfig::builder()
        .rule_arn(ARN)
        .rule_name(&want.name)
        .rule_order(want.order)
        .description(&want.description)
        .rule_status(sdk::RuleStatus::Enabled)
        .is_terminal(true)
        .criteria(sdk_rule_criteria(&want.criteria))
        .set_actions(Some(want.actions.iter().map(sdk_action).collect()))
        .build();
    let found = mock!(SdkClient::batch_get_automation_rules)
        .match_requests(|req| req.automation_rules_arns() == [ARN])
        .then_output(move || BatchGetAutomationRulesOutput::builder().rules(config.clone()).build());
    let missing = mock!(SdkClient::batch_get_automation_rules)
        .match_requests(|req| req.automation_rules_arns() != [ARN])
        .then_output(|| {
            BatchGetAutomationRulesOutput::builder()
                .unprocessed_automation_rules(
                    sdk::UnprocessedAutomationRule::builder()
                        .rule_arn("arn:other")
                        .error_code(404)
                        .error_message("nope")
                        .build(),
                )
                .build()
        });
    let c = client(&[&found, &missing]);
    let got = get_rule(&c, ARN).await.unwrap().unwrap();
    assert_eq!(got, AutomationRule { arn: ARN.into(), ..want });
    assert!(get_rule(&c, "arn:other").await.unwrap().is_none());
}

#[tokio::test]
async fn delete_reports_an_unprocessed_rule_by_its_code() {
    let gone = mock!(SdkClient::batch_delete_automation_rules).then_output(|| {
        BatchDeleteAutomationRulesOutput::builder()
            .unprocessed_automation_rules(
                sdk::UnprocessedAutomationRule::builder()
                    .rule_arn(ARN)
                    .error_code(404)
                    .error_message("not found")
                    .build(),
            )
            .build()
    });
    let c = client(&[&gone]);
    let e = delete_rule(&c, ARN).await.unwrap_err();
    assert_eq!((e.kind, e.code.as_str()), (ErrorKind::NotFound, "ResourceNotFoundException"));
}
