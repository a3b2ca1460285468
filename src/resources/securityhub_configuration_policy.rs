//! `aws_securityhub_configuration_policy`: a central configuration policy of Security Hub's
//! delegated administrator: whether the accounts it is associated with run Security Hub, with
//! which standards, which controls are on or off, and custom control parameters. Only the
//! delegated administrator of an organization under central configuration may manage one;
//! the id is the policy's UUID. A policy changes in place.

use async_trait::async_trait;
use serde::Deserialize;
use serde_json::{json, Map, Value as Json};

use super::typed;
use super::{obj, opt, Ctx, Declared, Import, Obj, OrgRole, Resource, ARN, ID, REGION};
use crate::cloud::{CloudError, CloudResult, ErrorKind};
use crate::schema::{self, Attr, BlockType, Invalid, Schema, Ty};
use crate::services::securityhub::{
    ConfigurationPolicy, ControlsConfiguration, CustomParameters, HubPolicy, ParameterConfiguration, ParameterValue,
};

resource_type!(SecurityHubConfigurationPolicy = "aws_securityhub_configuration_policy", Import::Parse(import_prior));

/// The value blocks of a custom parameter, by block name, with the type of their `value`.
const VALUE_BLOCKS: [(&str, Ty); 8] = [
    ("bool", Ty::Bool),
    ("double", Ty::Number),
    ("enum", Ty::String),
    ("enum_list", Ty::StringList),
    ("int", Ty::Number),
    ("int_list", Ty::Dynamic),
    ("string", Ty::String),
    ("string_list", Ty::StringList),
];

static BOOL: &[Attr] = &[Attr::required("value", Ty::Bool)];
static NUMBER: &[Attr] = &[Attr::required("value", Ty::Number)];
static INT: &[Attr] =
    &[Attr::required("value", Ty::Number).validate(|v| schema::int_range(v, i64::MIN, i32::MAX as i64))];
static STRING: &[Attr] = &[Attr::required("value", Ty::String)];
static STRINGS: &[Attr] = &[Attr::required("value", Ty::StringList)];
/// A list of numbers (the schema has no list-of-numbers type: kept as written).
static INTS: &[Attr] = &[Attr::required("value", Ty::Dynamic)];

static PARAMETER: &[Attr] = &[
    Attr::required("name", Ty::String),
    Attr::required("value_type", Ty::String).validate(|v| schema::one_of(v, &["DEFAULT", "CUSTOM"])),
];
static PARAMETER_BLOCKS: &[BlockType] = &[
    BlockType::new("bool", BOOL).single(),
    BlockType::new("double", NUMBER).single(),
    BlockType::new("enum", STRING).single(),
    BlockType::new("enum_list", STRINGS).single(),
    BlockType::new("int", INT).single(),
    BlockType::new("int_list", INTS).single(),
    BlockType::new("string", STRING).single(),
    BlockType::new("string_list", STRINGS).single(),
];
static CUSTOM: &[Attr] = &[Attr::required("security_control_id", Ty::String)];
static CUSTOM_BLOCKS: &[BlockType] =
    &[BlockType::new("parameter", PARAMETER).set().required().blocks(PARAMETER_BLOCKS)];
static CONTROLS: &[Attr] = &[
    Attr::optional("disabled_control_identifiers", Ty::StringSet),
    Attr::optional("enabled_control_identifiers", Ty::StringSet),
];
static CONTROLS_BLOCKS: &[BlockType] =
    &[BlockType::new("security_control_custom_parameter", CUSTOM).blocks(CUSTOM_BLOCKS)];
static POLICY: &[Attr] =
    &[Attr::optional("enabled_standard_arns", Ty::StringSet), Attr::required("service_enabled", Ty::Bool)];
static POLICY_BLOCKS: &[BlockType] =
    &[BlockType::new("security_controls_configuration", CONTROLS).single().blocks(CONTROLS_BLOCKS)];

static SCHEMA: Schema = Schema {
    attrs: &[
        ID,
        ARN,
        Attr::optional("description", Ty::String),
        Attr::required("name", Ty::String).validate(valid_name),
        REGION,
    ],
    blocks: &[BlockType::new("configuration_policy", POLICY).single().required().blocks(POLICY_BLOCKS)],
    ..Schema::NONE
};

/// The provider's pattern: at least one letter, digit or `-.!*/`.
fn valid_name(v: &Json) -> Result<(), Invalid> {
    match v.as_str() {
        Some(s) if !s.chars().any(|c| c.is_ascii_alphanumeric() || "-.!*/".contains(c)) => Err(Invalid::new(
            "Only alphanumeric characters and the following ASCII characters are permitted: -, ., !, *, /",
        )),
        _ => Ok(()),
    }
}

fn import_prior(id: &str) -> Option<Obj> {
    (!id.is_empty()).then(|| obj(&SCHEMA, vec![("id", Json::from(id))]))
}

/// What the verbs read.
#[derive(Deserialize)]
pub struct Args {
    #[serde(default, deserialize_with = "typed::text")]
    id: Option<String>,
    #[serde(default, deserialize_with = "typed::required")]
    name: String,
    #[serde(default, deserialize_with = "typed::text")]
    description: Option<String>,
    #[serde(default, deserialize_with = "typed::raw")]
    configuration_policy: Json,
}

/// The first (only) item of a single nested block.
fn single(v: Option<&Json>) -> Option<&Json> {
    v.and_then(Json::as_array).and_then(|a| a.first()).filter(|b| b.is_object())
}

fn strings(v: Option<&Json>) -> Option<Vec<String>> {
    v.and_then(Json::as_array).map(|a| a.iter().filter_map(|s| s.as_str().map(str::to_string)).collect())
}

/// A parameter's value from whichever value block is set (the first, as the provider reads them).
fn parameter_value(p: &Json) -> Option<ParameterValue> {
    let value = |block: &str| single(p.get(block)).and_then(|b| b.get("value")).cloned();
    let ints = |v: &Json| -> Vec<i32> {
        v.as_array().map(|a| a.iter().filter_map(|n| n.as_f64()).map(|f| f as i32).collect()).unwrap_or_default()
    };
    let texts = |v: &Json| strings(Some(v)).unwrap_or_default();
    if let Some(v) = value("bool") {
        return v.as_bool().map(ParameterValue::Boolean);
    }
    if let Some(v) = value("double") {
        return v.as_f64().map(ParameterValue::Double);
    }
    if let Some(v) = value("enum") {
        return v.as_str().map(|s| ParameterValue::Enum(s.to_string()));
    }
    if let Some(v) = value("string") {
        return v.as_str().map(|s| ParameterValue::String(s.to_string()));
    }
    if let Some(v) = value("int") {
        return v.as_f64().map(|f| ParameterValue::Integer(f as i32));
    }
    if let Some(v) = value("int_list") {
        return Some(ParameterValue::IntegerList(ints(&v)));
    }
    if let Some(v) = value("enum_list") {
        return Some(ParameterValue::EnumList(texts(&v)));
    }
    value("string_list").map(|v| ParameterValue::StringList(texts(&v)))
}

/// The policy block as the API's policy, as the provider expands it: standards only with the
/// service enabled, empty control lists left out, and a disabled list of none when neither
/// list is given.
fn expand(block: &Json) -> HubPolicy {
    let Some(p) = single(Some(block)) else { return HubPolicy::default() };
    let service_enabled = p.get("service_enabled").and_then(Json::as_bool).unwrap_or(false);
    let controls = single(p.get("security_controls_configuration")).map(|c| {
        let non_empty = |k: &str| strings(c.get(k)).filter(|l| !l.is_empty());
        let mut out = ControlsConfiguration {
            enabled_security_control_identifiers: non_empty("enabled_control_identifiers"),
            disabled_security_control_identifiers: non_empty("disabled_control_identifiers"),
            security_control_custom_parameters: c
                .get("security_control_custom_parameter")
                .and_then(Json::as_array)
                .into_iter()
                .flatten()
                .map(|cp| CustomParameters {
                    security_control_id: cp
                        .get("security_control_id")
                        .and_then(Json::as_str)
                        .unwrap_or_default()
                        .into(),
                    parameters: cp
                        .get("parameter")
                        .and_then(Json::as_array)
                        .into_iter()
                        .flatten()
                        .filter_map(|p| {
                            let name = p.get("name").and_then(Json::as_str).filter(|n| !n.is_empty())?;
                            let value_type = p.get("value_type").and_then(Json::as_str).unwrap_or_default();
                            let config = ParameterConfiguration {
                                value_type: value_type.to_string(),
                                value: parameter_value(p),
                            };
                            Some((name.to_string(), config))
                        })
                        .collect(),
                })
                .collect(),
        };
        if service_enabled
            && out.enabled_security_control_identifiers.is_none()
            && out.disabled_security_control_identifiers.is_none()
        {
            out.disabled_security_control_identifiers = Some(Vec::new());
        }
        out
    });
    HubPolicy {
        service_enabled,
        enabled_standard_identifiers: if service_enabled {
            strings(p.get("enabled_standard_arns")).unwrap_or_default()
        } else {
            Vec::new()
        },
        security_controls_configuration: controls,
    }
}

fn value_block(v: &ParameterValue) -> (&'static str, Json) {
    match v {
        ParameterValue::Boolean(b) => ("bool", json!(b)),
        ParameterValue::Double(d) => ("double", json!(d)),
        ParameterValue::Enum(e) => ("enum", json!(e)),
        ParameterValue::EnumList(l) => ("enum_list", json!(l)),
        ParameterValue::Integer(i) => ("int", json!(i)),
        ParameterValue::IntegerList(l) => ("int_list", json!(l)),
        ParameterValue::String(s) => ("string", json!(s)),
        ParameterValue::StringList(l) => ("string_list", json!(l)),
    }
}

/// The API's policy as the block the provider records.
fn flatten(p: &HubPolicy) -> Json {
    let controls = p.security_controls_configuration.as_ref().map(|c| {
        let custom: Vec<Json> = c
            .security_control_custom_parameters
            .iter()
            .map(|cp| {
                let parameters: Vec<Json> = cp
                    .parameters
                    .iter()
                    .map(|(name, pc)| {
                        let mut m = Map::new();
                        m.insert("name".into(), json!(name));
                        m.insert("value_type".into(), json!(pc.value_type));
                        for (block, _) in VALUE_BLOCKS {
                            m.insert(block.into(), Json::Null);
                        }
                        if let Some(v) = &pc.value {
                            let (block, value) = value_block(v);
                            m.insert(block.into(), json!([{ "value": value }]));
                        }
                        Json::Object(m)
                    })
                    .collect();
                json!({ "security_control_id": cp.security_control_id, "parameter": parameters })
            })
            .collect();
        json!([{
            "disabled_control_identifiers": c.disabled_security_control_identifiers,
            "enabled_control_identifiers": c.enabled_security_control_identifiers,
            "security_control_custom_parameter": if custom.is_empty() { Json::Null } else { Json::Array(custom) },
        }])
    });
    let standards = (!p.enabled_standard_identifiers.is_empty()).then(|| json!(p.enabled_standard_identifiers));
    json!([{
        "enabled_standard_arns": standards,
        "security_controls_configuration": controls,
        "service_enabled": p.service_enabled,
    }])
}

fn to_obj(c: &ConfigurationPolicy) -> Obj {
    obj(
        &SCHEMA,
        vec![
            ("id", Json::from(c.id.as_str())),
            ("arn", Json::from(c.arn.as_str())),
            ("description", opt(Some(c.description.as_str()))),
            ("name", Json::from(c.name.as_str())),
            ("configuration_policy", flatten(&c.policy)),
        ],
    )
}

/// Security Hub's answer to an account that is not (or no longer) the delegated administrator
/// with central configuration, which the provider reads as the policy being gone.
pub(super) fn not_central(e: &CloudError) -> bool {
    e.kind == ErrorKind::AccessDenied
        && e.message.contains("Must be a Security Hub delegated administrator with Central Configuration enabled")
}

async fn read_id(ctx: &Ctx<'_>, id: &str) -> CloudResult<Option<Obj>> {
    match ctx.cloud.securityhub.get_configuration_policy(ctx.region, id).await {
        Ok(p) => Ok(p.as_ref().map(to_obj)),
        Err(e) if not_central(&e) => Ok(None),
        Err(e) => Err(e),
    }
}

fn gone(id: &str) -> CloudError {
    let msg = format!("configuration policy {id} could not be read back after it was written");
    CloudError::new("securityhub", "GetConfigurationPolicy", ErrorKind::NotFound, "ResourceNotFoundException", msg)
}

#[async_trait]
impl Resource for SecurityHubConfigurationPolicy {
    /// The provider's checks before a create or update: control settings exactly when the
    /// service is enabled, and never both control lists.
    fn check(&self, planned: &Obj) -> Vec<(&'static str, Invalid)> {
        let Some(p) = single(planned.get("configuration_policy")) else { return Vec::new() };
        let Some(enabled) = p.get("service_enabled").and_then(Json::as_bool) else { return Vec::new() };
        let controls = single(p.get("security_controls_configuration"));
        let mut out = Vec::new();
        match (enabled, controls) {
            (false, Some(_)) => out.push((
                "configuration_policy",
                Invalid::new("security_controls_configuration cannot be defined when service_enabled is false"),
            )),
            (true, None) => out.push((
                "configuration_policy",
                Invalid::new("security_controls_configuration must be defined when service_enabled is true"),
            )),
            _ => {}
        }
        if let Some(c) = controls {
            let given = |k: &str| c.get(k).is_some_and(|v| !v.is_null());
            if given("disabled_control_identifiers") && given("enabled_control_identifiers") {
                out.push((
                    "configuration_policy",
                    Invalid::new(
                        "\"disabled_control_identifiers\" conflicts with \"enabled_control_identifiers\": set one of them",
                    ),
                ));
            }
        }
        out
    }

    fn org_role(&self) -> OrgRole {
        OrgRole::DelegatedAdmin("securityhub")
    }

    fn notes(&self, planned: &Obj) -> Vec<String> {
        let Some(p) = single(planned.get("configuration_policy")) else { return Vec::new() };
        match p.get("service_enabled").and_then(Json::as_bool) {
            Some(false) => vec!["accounts this policy is associated with have Security Hub turned off".into()],
            Some(true) => {
                let n = p.get("enabled_standard_arns").and_then(Json::as_array).map_or(0, Vec::len);
                vec![format!("accounts this policy is associated with run Security Hub with {n} standard(s) enabled")]
            }
            None => Vec::new(),
        }
    }

    async fn read(&self, ctx: &Ctx<'_>, prior: &Obj) -> CloudResult<Option<Obj>> {
        read_id(ctx, &Self::args(prior)?.id.unwrap_or_default()).await
    }

    async fn create(&self, ctx: &Ctx<'_>, planned: &Obj) -> CloudResult<Obj> {
        let a = Self::args(planned)?;
        let policy = expand(&a.configuration_policy);
        let description = a.description.unwrap_or_default();
        let made =
            ctx.cloud.securityhub.create_configuration_policy(ctx.region, &a.name, &description, &policy).await?;
        read_id(ctx, &made.id).await?.ok_or_else(|| gone(&made.id))
    }

    async fn update(&self, ctx: &Ctx<'_>, prior: &Obj, planned: &Obj) -> CloudResult<Obj> {
        let (p, a) = (Self::args(prior)?, Self::args(planned)?);
        let id = p.id.unwrap_or_default();
        let policy = expand(&a.configuration_policy);
        let description = a.description.unwrap_or_default();
        ctx.cloud.securityhub.update_configuration_policy(ctx.region, &id, &a.name, &description, &policy).await?;
        read_id(ctx, &id).await?.ok_or_else(|| gone(&id))
    }

    async fn delete(&self, ctx: &Ctx<'_>, prior: &Obj) -> CloudResult<()> {
        let id = Self::args(prior)?.id.unwrap_or_default();
        match ctx.cloud.securityhub.delete_configuration_policy(ctx.region, &id).await {
            Err(e) if e.kind == ErrorKind::NotFound || not_central(&e) => Ok(()),
            other => other,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The provider's expansion and flattening: a given-but-empty disabled list is sent empty,
    /// standards only with the service on, and each parameter's value block read back.
    #[test]
    fn the_policy_block_expands_as_the_provider_sends_it_and_reads_back() {
        let block = json!([{
            "service_enabled": true,
            "enabled_standard_arns": ["arn:aws:securityhub:::ruleset/cis-aws-foundations-benchmark/v/1.2.0"],
            "security_controls_configuration": [{
                "disabled_control_identifiers": [],
                "enabled_control_identifiers": null,
                "security_control_custom_parameter": [{
                    "security_control_id": "IAM.7",
                    "parameter": [
                        { "name": "MaxPasswordAge", "value_type": "CUSTOM", "int": [{ "value": 60 }] },
                        { "name": "RequireUppercaseCharacters", "value_type": "DEFAULT" },
                        { "name": "ports", "value_type": "CUSTOM", "int_list": [{ "value": [443, 8080] }] },
                    ],
                }],
            }],
        }]);
        let p = expand(&block);
        let c = p.security_controls_configuration.clone().unwrap();
        assert_eq!(c.disabled_security_control_identifiers, Some(vec![]));
        assert_eq!(c.enabled_security_control_identifiers, None);
        let params = &c.security_control_custom_parameters[0].parameters;
        assert_eq!(params["MaxPasswordAge"].value, Some(ParameterValue::Integer(60)));
        assert_eq!(params["RequireUppercaseCharacters"].value, None);
        assert_eq!(params["ports"].value, Some(ParameterValue::IntegerList(vec![443, 8080])));
        let back = flatten(&p);
        assert_eq!(back[0]["security_controls_configuration"][0]["disabled_control_identifiers"], json!([]));
        let read: Vec<&Json> = back[0]["security_controls_configuration"][0]["security_control_custom_parameter"][0]
            ["parameter"]
            .as_array()
            .unwrap()
            .iter()
            .collect();
        assert_eq!(read[0]["int"], json!([{ "value": 60 }]));
        assert_eq!(read[1]["bool"], Json::Null);

        let off = expand(&json!([{ "service_enabled": false, "enabled_standard_arns": ["x"] }]));
        assert_eq!(off, HubPolicy::default());
    }
}
