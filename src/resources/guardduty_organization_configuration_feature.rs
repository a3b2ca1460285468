//! `aws_guardduty_organization_configuration_feature`: whether one protection plan (and its
//! sub-features) is turned on for the organization's `NEW` accounts, `ALL` of them or `NONE`,
//! set by GuardDuty's delegated administrator. Each write keeps the organization's members
//! setting as it is; destroying only forgets the setting, as the provider does. The id is
//! `DETECTOR_ID/NAME`.

use async_trait::async_trait;
use serde::Deserialize;
use serde_json::{json, Value as Json};

use super::typed;
use super::{obj, Ctx, Declared, Obj, OrgRole, Resource, ID, REGION};
use crate::cloud::{CloudError, CloudResult, ErrorKind};
use crate::schema::{self, Attr, BlockType, Schema, Ty};
use crate::services::guardduty::{OrgConfig, OrgFeature, FEATURES, FEATURE_NAMES};

resource_type!(GuardDutyOrganizationConfigurationFeature = "aws_guardduty_organization_configuration_feature");

const AUTO_ENABLE: [&str; 3] = ["NEW", "ALL", "NONE"];

static ADDITIONAL: &[Attr] = &[
    Attr::required("auto_enable", Ty::String).validate(|v| schema::one_of(v, &AUTO_ENABLE)),
    Attr::required("name", Ty::String),
];

static SCHEMA: Schema = Schema {
    attrs: &[
        ID,
        Attr::required("auto_enable", Ty::String).validate(|v| schema::one_of(v, &AUTO_ENABLE)),
        Attr::required("detector_id", Ty::String).force_new(),
        Attr::required("name", Ty::String).force_new(),
        REGION,
    ],
    blocks: &[BlockType::new("additional_configuration", ADDITIONAL)],
    ..Schema::NONE
};

#[derive(Deserialize)]
struct Sub {
    #[serde(default, deserialize_with = "typed::required")]
    name: String,
    #[serde(default, deserialize_with = "typed::required")]
    auto_enable: String,
}

/// What the verbs read.
#[derive(Deserialize)]
pub struct Args {
    #[serde(default, deserialize_with = "typed::required")]
    detector_id: String,
    #[serde(default, deserialize_with = "typed::required")]
    name: String,
    #[serde(default, deserialize_with = "typed::text")]
    auto_enable: Option<String>,
    #[serde(default, deserialize_with = "typed::blocks")]
    additional_configuration: Vec<Sub>,
}

/// The feature as the organization configuration holds it; its sub-features as configured
/// (`configured`: the names the configuration lists, in its order), since the API answers
/// every sub-feature of the feature.
fn to_obj(detector: &str, name: &str, f: &OrgFeature, configured: &[String]) -> Obj {
    let additional: Vec<Json> = configured
        .iter()
        .filter_map(|n| Some(json!({ "name": n, "auto_enable": f.additional_configuration.get(n)? })))
        .collect();
    obj(
        &SCHEMA,
        vec![
            ("id", Json::from(format!("{detector}/{name}"))),
            ("detector_id", Json::from(detector)),
            ("name", Json::from(name)),
            ("auto_enable", Json::from(f.auto_enable.as_str())),
            ("additional_configuration", Json::Array(additional)),
        ],
    )
}

fn configured(a: &Args) -> Vec<String> {
    a.additional_configuration.iter().map(|s| s.name.clone()).collect()
}

async fn read_feature(ctx: &Ctx<'_>, a: &Args) -> CloudResult<Option<Obj>> {
    let c = match ctx.cloud.guardduty.describe_organization_configuration(ctx.region, &a.detector_id).await {
        Ok(c) => c,
        Err(e) => return e.absent(),
    };
    Ok(c.features.get(&a.name).map(|f| to_obj(&a.detector_id, &a.name, f, &configured(a))))
}

/// Reads the organization configuration, then sets this feature, keeping its members setting.
async fn put(ctx: &Ctx<'_>, a: &Args) -> CloudResult<Obj> {
    let gd = &ctx.cloud.guardduty;
    let current = gd.describe_organization_configuration(ctx.region, &a.detector_id).await?;
    let feature = OrgFeature {
        auto_enable: a.auto_enable.clone().unwrap_or_default(),
        additional_configuration: a
            .additional_configuration
            .iter()
            .map(|s| (s.name.clone(), s.auto_enable.clone()))
            .collect(),
    };
    let config = OrgConfig {
        auto_enable_organization_members: current.auto_enable_organization_members,
        member_account_limit_reached: false,
        features: [(a.name.clone(), feature)].into(),
    };
    gd.update_organization_configuration(ctx.region, &a.detector_id, &config).await?;
    read_feature(ctx, a).await?.ok_or_else(|| {
        let msg = format!("the organization configuration has no feature {} after it was set", a.name);
        CloudError::new("guardduty", "DescribeOrganizationConfiguration", ErrorKind::NotFound, "NotFound", msg)
    })
}

#[async_trait]
impl Resource for GuardDutyOrganizationConfigurationFeature {
    fn notes(&self, planned: &Obj) -> Vec<String> {
        let Some(name) = planned.get("name").and_then(Json::as_str) else { return Vec::new() };
        let feature = super::guardduty_detector_feature::feature_words(name);
        let whom = match planned.get("auto_enable").and_then(Json::as_str) {
            Some("ALL") => "every member account, existing and new",
            Some("NEW") => "accounts that join the organization (existing members are not changed)",
            Some("NONE") => {
                return vec![format!("GuardDuty {feature} is not turned on in member accounts automatically")]
            }
            _ => return Vec::new(),
        };
        let subs = super::guardduty_detector_feature::subs_on(
            planned.get("additional_configuration"),
            "auto_enable",
            &["ALL", "NEW"],
        );
        let with = if subs.is_empty() { String::new() } else { format!(", with {}", subs.join(" and ")) };
        vec![format!("GuardDuty {feature} is turned on in {whom}{with}")]
    }

    /// Only GuardDuty's delegated administrator configures the organization.
    fn org_role(&self) -> OrgRole {
        OrgRole::DelegatedAdmin("guardduty")
    }

    /// The feature is one of GuardDuty's, and its sub-features are its own.
    fn check(&self, planned: &Obj) -> Vec<(&'static str, schema::Invalid)> {
        let Some(name) = planned.get("name").and_then(Json::as_str) else { return vec![] };
        let Some((_, subs)) = FEATURES.iter().find(|(n, _)| *n == name) else {
            return vec![("name", schema::Invalid::new(format!("expected one of {}", FEATURE_NAMES.join(", "))))];
        };
        let listed = planned.get("additional_configuration").and_then(Json::as_array).cloned().unwrap_or_default();
        listed
            .iter()
            .filter_map(|s| s.get("name").and_then(Json::as_str))
            .filter(|s| !subs.contains(s))
            .map(|s| ("additional_configuration", schema::Invalid::new(format!("{name} has no sub-feature {s}"))))
            .collect()
    }

    async fn read(&self, ctx: &Ctx<'_>, prior: &Obj) -> CloudResult<Option<Obj>> {
        read_feature(ctx, &Self::args(prior)?).await
    }

    async fn create(&self, ctx: &Ctx<'_>, planned: &Obj) -> CloudResult<Obj> {
        put(ctx, &Self::args(planned)?).await
    }

    async fn update(&self, ctx: &Ctx<'_>, _prior: &Obj, planned: &Obj) -> CloudResult<Obj> {
        put(ctx, &Self::args(planned)?).await
    }

    /// GuardDuty has no call that removes the setting: the object is only forgotten.
    async fn delete(&self, _ctx: &Ctx<'_>, _prior: &Obj) -> CloudResult<()> {
        Ok(())
    }
}
