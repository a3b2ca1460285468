//! `aws_securityhub_automation_rule`: a rule Security Hub applies to findings as they arrive:
//! the findings its `criteria` match get the fields its action sets (severity, workflow
//! status, note, …), in `rule_order`, stopping at a terminal rule. Only the account that is
//! its organization's Security Hub administrator (or an account outside one) keeps rules.
//! The id is the rule's ARN; the criteria are kept in the API's shape by the table of
//! finding filters.

use async_trait::async_trait;
use serde::Deserialize;
use serde_json::Value as Json;

use super::securityhub_filters::{from_api, to_api, RULE_CRITERIA};
use super::typed;
use super::{arn_obj, tags_json, Ctx, Declared, Import, Obj, Resource, ARN, ID, REGION, TAGS, TAGS_ALL};
use crate::cloud::{tag_delta, CloudError, CloudResult, ErrorKind, Tags};
use crate::schema::{self, Attr, BlockType, Differs, Invalid, Schema, Ty};
use crate::services::securityhub::{AutomationRule, RuleAction};

resource_type!(SecurityHubAutomationRule = "aws_securityhub_automation_rule", Import::Arn);

static NOTE: &[Attr] = &[Attr::required("text", Ty::String), Attr::required("updated_by", Ty::String)];
static RELATED: &[Attr] =
    &[Attr::required("id", Ty::String), Attr::required("product_arn", Ty::String).validate(schema::arn)];
static SEVERITY: &[Attr] = &[
    Attr::optional_computed("label", Ty::String)
        .validate(|v| schema::one_of(v, &["INFORMATIONAL", "LOW", "MEDIUM", "HIGH", "CRITICAL"])),
    Attr::optional("product", Ty::Number),
];
static WORKFLOW: &[Attr] = &[Attr::optional("status", Ty::String)
    .validate(|v| schema::one_of(v, &["NEW", "NOTIFIED", "RESOLVED", "SUPPRESSED"]))];
static UPDATE: &[Attr] = &[
    Attr::optional("confidence", Ty::Number),
    Attr::optional("criticality", Ty::Number),
    Attr::optional("types", Ty::StringList),
    Attr::optional("user_defined_fields", Ty::StringMap),
    Attr::optional("verification_state", Ty::String)
        .validate(|v| schema::one_of(v, &["UNKNOWN", "TRUE_POSITIVE", "FALSE_POSITIVE", "BENIGN_POSITIVE"])),
];
static UPDATE_BLOCKS: &[BlockType] = &[
    BlockType::new("note", NOTE).single(),
    BlockType::new("related_findings", RELATED).set(),
    BlockType::new("severity", SEVERITY).single(),
    BlockType::new("workflow", WORKFLOW).single(),
];
static ACTION: &[Attr] =
    &[Attr::optional("type", Ty::String).validate(|v| schema::one_of(v, &["FINDING_FIELDS_UPDATE"]))];
static ACTION_BLOCKS: &[BlockType] = &[BlockType::new("finding_fields_update", UPDATE).single().blocks(UPDATE_BLOCKS)];

static SCHEMA: Schema = Schema {
    attrs: &[
        ID,
        ARN,
        Attr::required("description", Ty::String),
        Attr::optional_computed("is_terminal", Ty::Bool),
        Attr::required("rule_name", Ty::String),
        Attr::required("rule_order", Ty::Number).validate(|v| schema::int_range(v, 1, 1000)),
        Attr::optional_computed("rule_status", Ty::String).validate(|v| schema::one_of(v, &["ENABLED", "DISABLED"])),
        TAGS,
        TAGS_ALL,
        REGION,
    ],
    blocks: &[
        BlockType::new("actions", ACTION).set().blocks(ACTION_BLOCKS),
        BlockType::new("criteria", &[]).single().blocks(RULE_CRITERIA),
    ],
    differs: &[
        Differs { name: "criteria", why: ONE_BY_VALIDATOR },
        Differs { name: "actions.finding_fields_update", why: ONE_BY_VALIDATOR },
        Differs { name: "actions.finding_fields_update.note", why: ONE_BY_VALIDATOR },
        Differs { name: "actions.finding_fields_update.severity", why: ONE_BY_VALIDATOR },
        Differs { name: "actions.finding_fields_update.workflow", why: ONE_BY_VALIDATOR },
        Differs { name: "criteria.created_at.date_range", why: ONE_BY_VALIDATOR },
        Differs { name: "criteria.first_observed_at.date_range", why: ONE_BY_VALIDATOR },
        Differs { name: "criteria.last_observed_at.date_range", why: ONE_BY_VALIDATOR },
        Differs { name: "criteria.note_updated_at.date_range", why: ONE_BY_VALIDATOR },
        Differs { name: "criteria.updated_at.date_range", why: ONE_BY_VALIDATOR },
    ],
    ..Schema::NONE
};

/// The provider's schema declares these as lists; its validators (`SizeAtMost(1)`) allow one,
/// which is what baseline's schema says.
const ONE_BY_VALIDATOR: &str = "a list in the provider's schema, limited to one item by its validators";

/// What the verbs read. The criteria and actions are converted to the API's shape by
/// `to_api`, driven by the schema (and so by the filter table).
#[derive(Deserialize)]
pub struct Args {
    #[serde(default, deserialize_with = "typed::text")]
    id: Option<String>,
    #[serde(default, deserialize_with = "typed::required")]
    rule_name: String,
    #[serde(default, deserialize_with = "typed::int")]
    rule_order: Option<i64>,
    #[serde(default, deserialize_with = "typed::required")]
    description: String,
    #[serde(default, deserialize_with = "typed::text")]
    rule_status: Option<String>,
    #[serde(default, deserialize_with = "typed::flag")]
    is_terminal: Option<bool>,
    #[serde(default, deserialize_with = "typed::tags")]
    tags: Tags,
    #[serde(default, deserialize_with = "typed::raw")]
    criteria: Json,
    #[serde(default, deserialize_with = "typed::raw")]
    actions: Json,
}

fn block(name: &str) -> &'static BlockType {
    // The schema's own blocks: the name is one of them (a test below holds both).
    SCHEMA.blocks.iter().find(|b| b.name == name).unwrap_or(&SCHEMA.blocks[0])
}

fn rule_of(arn: &str, a: &Args) -> CloudResult<AutomationRule> {
    let criteria = to_api(block("criteria"), &a.criteria);
    let actions = to_api(block("actions"), &a.actions);
    let criteria = if criteria.is_null() { Json::Object(Default::default()) } else { criteria };
    Ok(AutomationRule {
        arn: arn.to_string(),
        name: a.rule_name.clone(),
        order: a.rule_order.unwrap_or_default() as i32,
        description: a.description.clone(),
        status: a.rule_status.clone().unwrap_or_default(),
        is_terminal: a.is_terminal.unwrap_or(false),
        criteria: typed::shape(SecurityHubAutomationRule::NAME, "criteria", &criteria)?,
        actions: typed::shape::<Vec<RuleAction>>(SecurityHubAutomationRule::NAME, "actions", &actions)?,
    })
}

fn to_obj(r: &AutomationRule, tags: &Tags) -> Obj {
    let actions = serde_json::to_value(&r.actions).unwrap_or(Json::Null);
    arn_obj(
        &SCHEMA,
        &r.arn,
        vec![
            ("description", Json::from(r.description.as_str())),
            ("is_terminal", Json::Bool(r.is_terminal)),
            ("rule_name", Json::from(r.name.as_str())),
            ("rule_order", Json::from(r.order)),
            ("rule_status", Json::from(r.status.as_str())),
            ("tags", tags_json(tags)),
            ("criteria", from_api(block("criteria"), &r.criteria.to_json())),
            ("actions", from_api(block("actions"), &actions)),
        ],
    )
}

async fn read_arn(ctx: &Ctx<'_>, arn: &str) -> CloudResult<Option<Obj>> {
    let sh = &ctx.cloud.securityhub;
    let Some(rule) = sh.get_automation_rule(ctx.region, arn).await? else { return Ok(None) };
    let tags = sh.list_tags(ctx.region, arn).await?;
    Ok(Some(to_obj(&rule, &tags)))
}

fn gone(arn: &str) -> CloudError {
    let msg = format!("automation rule {arn} could not be read back after it was written");
    CloudError::new("securityhub", "BatchGetAutomationRules", ErrorKind::NotFound, "ResourceNotFoundException", msg)
}

/// The workflow status the rule's action sets, if any.
fn workflow_status(planned: &Obj) -> Option<String> {
    let actions = planned.get("actions")?.as_array()?;
    actions.iter().find_map(|a| {
        let update = a.get("finding_fields_update")?.as_array()?.first()?;
        let workflow = update.get("workflow")?.as_array()?.first()?;
        workflow.get("status")?.as_str().map(str::to_string)
    })
}

#[async_trait]
impl Resource for SecurityHubAutomationRule {
    /// The provider's validators: exactly one criteria block, at least one action, at most 20
    /// filters of a member.
    fn check(&self, planned: &Obj) -> Vec<(&'static str, Invalid)> {
        let mut out = Vec::new();
        if planned.get("criteria").and_then(Json::as_array).is_some_and(Vec::is_empty) {
            out.push(("criteria", Invalid::new("At least 1 \"criteria\" block is required")));
        }
        if planned.get("actions").and_then(Json::as_array).is_some_and(Vec::is_empty) {
            out.push(("actions", Invalid::new("At least 1 \"actions\" block is required")));
        }
        let members = planned.get("criteria").and_then(|c| c.get(0)).and_then(Json::as_object);
        for (name, filters) in members.into_iter().flatten() {
            if filters.as_array().is_some_and(|f| f.len() > 20) {
                out.push(("criteria", Invalid::new(format!("criteria.{name} holds more than 20 filters"))));
            }
        }
        out
    }

    fn notes(&self, planned: &Obj) -> Vec<String> {
        let mut notes = Vec::new();
        if workflow_status(planned).as_deref() == Some("SUPPRESSED") {
            notes.push("matching findings are suppressed".to_string());
        }
        if planned.get("rule_status").and_then(Json::as_str) == Some("DISABLED") {
            notes.push("the rule is disabled: it changes no findings".to_string());
        }
        if planned.get("is_terminal").and_then(Json::as_bool) == Some(true) {
            notes.push("later rules do not apply to the findings this rule matches".to_string());
        }
        notes
    }

    async fn read(&self, ctx: &Ctx<'_>, prior: &Obj) -> CloudResult<Option<Obj>> {
        read_arn(ctx, &Self::args(prior)?.id.unwrap_or_default()).await
    }

    async fn create(&self, ctx: &Ctx<'_>, planned: &Obj) -> CloudResult<Obj> {
        let a = Self::args(planned)?;
        let rule = rule_of("", &a)?;
        let arn = ctx.cloud.securityhub.create_automation_rule(ctx.region, &rule, &a.tags).await?;
        read_arn(ctx, &arn).await?.ok_or_else(|| gone(&arn))
    }

    async fn update(&self, ctx: &Ctx<'_>, prior: &Obj, planned: &Obj) -> CloudResult<Obj> {
        let (p, a) = (Self::args(prior)?, Self::args(planned)?);
        let arn = p.id.clone().unwrap_or_default();
        let sh = &ctx.cloud.securityhub;
        if rule_of(&arn, &p)? != rule_of(&arn, &a)? {
            sh.update_automation_rule(ctx.region, &rule_of(&arn, &a)?).await?;
        }
        let (remove, add) = tag_delta(&p.tags, &a.tags);
        if !remove.is_empty() {
            sh.untag_resource(ctx.region, &arn, &remove).await?;
        }
        if !add.is_empty() {
            sh.tag_resource(ctx.region, &arn, &add).await?;
        }
        read_arn(ctx, &arn).await?.ok_or_else(|| gone(&arn))
    }

    async fn delete(&self, ctx: &Ctx<'_>, prior: &Obj) -> CloudResult<()> {
        let arn = Self::args(prior)?.id.unwrap_or_default();
        match ctx.cloud.securityhub.delete_automation_rule(ctx.region, &arn).await {
            Err(e) if e.kind == ErrorKind::NotFound => Ok(()),
            other => other,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_schemas_blocks_are_found_by_name() {
        assert_eq!(block("criteria").name, "criteria");
        assert_eq!(block("actions").name, "actions");
    }

    /// The stored blocks become the API's criteria and action, and read back the same.
    #[test]
    fn criteria_and_actions_convert_to_the_api_and_back() {
        let mut o = Obj::new();
        o.insert("rule_name".into(), json!("r"));
        o.insert("rule_order".into(), json!(1));
        o.insert("description".into(), json!("d"));
        o.insert(
            "criteria".into(),
            json!([{
                "aws_account_id": [{ "comparison": "EQUALS", "value": "1234567890" }],
                "created_at": [{ "start": null, "end": null, "date_range": [{ "unit": "DAYS", "value": 10 }] }],
                "confidence": [{ "eq": null, "gt": null, "gte": null, "lt": null, "lte": 50 }],
            }]),
        );
        o.insert(
            "actions".into(),
            json!([{
                "type": "FINDING_FIELDS_UPDATE",
                "finding_fields_update": [{
                    "confidence": 20, "criticality": null, "types": ["T"], "verification_state": null,
                    "user_defined_fields": { "key_with_underscores": "value" },
                    "note": [], "related_findings": [], "severity": [{ "label": "LOW", "product": 0 }],
                    "workflow": [{ "status": "SUPPRESSED" }],
                }],
            }]),
        );
        let a = SecurityHubAutomationRule::args(&o).unwrap();
        let rule = rule_of("arn:r", &a).unwrap();
        assert_eq!(
            rule.criteria.to_json(),
            json!({
                "AwsAccountId": [{ "Comparison": "EQUALS", "Value": "1234567890" }],
                "Confidence": [{ "Lte": 50.0 }],
                "CreatedAt": [{ "DateRange": { "Unit": "DAYS", "Value": 10 } }],
            })
        );
        let update = rule.actions[0].finding_fields_update.as_ref().unwrap();
        assert_eq!(update.user_defined_fields.as_ref().unwrap()["key_with_underscores"], "value");
        assert_eq!(update.confidence, Some(20));
        assert_eq!(workflow_status(&o).as_deref(), Some("SUPPRESSED"));
        assert!(SecurityHubAutomationRule.notes(&o).contains(&"matching findings are suppressed".to_string()));
        let back = to_obj(&rule, &Tags::new());
        assert_eq!(back["criteria"][0]["aws_account_id"], o["criteria"][0]["aws_account_id"]);
        assert_eq!(back["criteria"][0]["created_at"][0]["date_range"][0]["value"], json!(10));
        assert_eq!(back["actions"][0]["finding_fields_update"][0]["workflow"], json!([{ "status": "SUPPRESSED" }]));
        assert_eq!(back["criteria"][0]["title"], json!([]));
    }
}
