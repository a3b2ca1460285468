//! Resource types and data sources: one file each, a schema plus verbs written against
//! the services of an [`Account`]. Adding a type means one new file and one line in [`RESOURCES`] or
//! [`DATA_SOURCES`].

/// Declares managed resource type `$ty`: its unit struct, and its [`Declared`] facts: the
/// Terraform name `$name`, how an import id names an object (`Import::No` when left out), and,
/// by the convention every type file follows, its schema `SCHEMA` and the typed arguments
/// `Args` its verbs read. The verbs are its `impl Resource`.
macro_rules! resource_type {
    ($ty:ident = $name:literal $(, $import:expr)?) => {
        pub struct $ty;

        impl $crate::resources::Declared for $ty {
            const NAME: &'static str = $name;
            const SCHEMA: &'static $crate::schema::Schema = &SCHEMA;
            type Args = Args;
            $(const IMPORT: $crate::resources::Import = $import;)?
        }
    };
}

/// Declares data source type `$ty`: its unit struct, and its [`DeclaredData`] facts: the
/// Terraform name `$name` and its schema (`SCHEMA` unless named). Its read is its
/// `impl DataSource`.
macro_rules! data_source {
    ($ty:ident = $name:literal) => {
        data_source!($ty = $name, SCHEMA);
    };
    ($ty:ident = $name:literal, $schema:ident) => {
        pub struct $ty;

        impl $crate::resources::DeclaredData for $ty {
            const NAME: &'static str = $name;
            const SCHEMA: &'static $crate::schema::Schema = &$schema;
        }
    };
}

mod accessanalyzer_analyzer;
mod accessanalyzer_archive_rule;
mod caller_identity;
mod cloudwatch_event_bus_data;
mod cloudwatch_event_rule;
mod cloudwatch_event_target;
mod ebs_default_kms_key;
mod ebs_default_kms_key_data;
mod ebs_encryption_by_default;
mod ebs_encryption_by_default_data;
mod ebs_snapshot_block_public_access;
mod guardduty_detector;
mod guardduty_detector_data;
mod guardduty_detector_feature;
mod guardduty_filter;
mod guardduty_invite_accepter;
mod guardduty_member;
mod guardduty_organization_admin_account;
mod guardduty_organization_configuration;
mod guardduty_organization_configuration_feature;
mod guardduty_publishing_destination;
mod iam_account_password_policy;
mod iam_policy;
mod iam_policy_data;
mod iam_policy_document;
mod iam_role;
mod iam_role_data;
mod iam_role_policy;
mod iam_role_policy_attachment;
mod iam_service_linked_role;
mod inspector2_cis_scan_configuration;
mod inspector2_delegated_admin_account;
mod inspector2_enabler;
mod inspector2_filter;
mod inspector2_member_association;
mod inspector2_organization_configuration;
mod inspector_assessment_target;
mod inspector_assessment_template;
mod inspector_resource_group;
mod inspector_rules_packages;
mod kms_alias;
mod kms_alias_data;
mod kms_grant;
mod kms_key;
mod kms_key_data;
mod kms_key_policy;
mod organizations_delegated_administrator;
mod organizations_delegated_data;
mod organizations_organization;
mod organizations_organization_data;
mod region;
mod s3_account_public_access_block;
mod s3_account_public_access_block_data;
pub use region::commercial_regions;
mod securityhub_account;
mod securityhub_action_target;
mod securityhub_automation_rule;
mod securityhub_configuration_policy;
mod securityhub_configuration_policy_association;
mod securityhub_filters;
mod securityhub_finding_aggregator;
mod securityhub_invite_accepter;
mod securityhub_member;
mod securityhub_organization_admin_account;
mod securityhub_organization_configuration;
mod securityhub_product_subscription;
mod securityhub_standards_control;
mod securityhub_standards_control_association;
mod securityhub_standards_control_associations_data;
mod securityhub_standards_subscription;
mod sns_settings;
mod sns_topic;
mod sns_topic_policy;
mod sns_topic_subscription;
mod terraform_data;
pub(crate) mod typed;
pub(crate) mod waiting;

use async_trait::async_trait;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value as Json};

use crate::cloud::{CloudResult, Tags};
use crate::schema::{Attr, Invalid, Schema, Ty};
use crate::services::Account;

// The attributes most types share, defined once so they stay alike.
/// The object's id in Terraform's state (the import id where the type has one).
pub(crate) const ID: Attr = Attr::computed("id", Ty::String);
/// The object's ARN.
pub(crate) const ARN: Attr = Attr::computed("arn", Ty::String);
/// The region a regional object lives in: the provider's unless set; moving it replaces the
/// object.
pub(crate) const REGION: Attr = Attr::optional_computed("region", Ty::String).force_new();
/// The object's own tags.
pub(crate) const TAGS: Attr = Attr::optional("tags", Ty::StringMap);
/// Every tag the object carries, set by the planner: `tags` over the provider's
/// `default_tags` (see `plan::tags`). A state from before it existed lacks it, so it is shared.
pub(crate) const TAGS_ALL: Attr = Attr::optional_computed("tags_all", Ty::StringMap).shared();

/// A resource's attributes as stored in state: every schema attribute, null when unset.
pub type Obj = Map<String, Json>;

/// What a verb needs: the account API and the region of the resource's provider.
pub struct Ctx<'a> {
    pub cloud: &'a Account,
    pub region: &'a str,
    /// Progress notes for the user (stderr), e.g. "adopted an existing role".
    pub log: &'a (dyn Fn(&str) + Sync),
    /// Called by a create whose first call has made the object while more calls are to come
    /// (a role before its inline policies), with the object as far as it exists: it is
    /// journalled at once, so a failure or a kill before the create ends leaves a record.
    pub record: &'a (dyn Fn(&Obj) + Sync),
    /// The `timeouts` block's value for this verb (`create`, `update`, `delete`), for verbs
    /// that wait for AWS to finish; `None`: the type's default.
    pub timeout: Option<std::time::Duration>,
}

/// A `Ctx::record` for reads and tests, where nothing is created.
pub fn no_record(_: &Obj) {}

#[cfg(test)]
impl<'a> Ctx<'a> {
    /// A context for unit tests: `cloud` in us-east-1, no progress notes, nothing recorded,
    /// the type's default timeouts.
    pub(crate) fn for_tests(cloud: &'a Account) -> Ctx<'a> {
        fn quiet(_: &str) {}
        Ctx { cloud, region: "us-east-1", log: &quiet, record: &no_record, timeout: None }
    }
}

/// What the provider puts before a generated name's unique suffix when no `name_prefix` is
/// set (the plugin SDK's `id.UniqueIdPrefix`); it records it as the object's `name_prefix`.
pub(crate) const DEFAULT_NAME_PREFIX: &str = "terraform-";

/// The length of a generated name's unique suffix (the plugin SDK's
/// `id.UniqueIDSuffixLength`): the provider's `name_prefix` limits are a name's limit less this.
pub(crate) const UNIQUE_SUFFIX_LEN: usize = 26;

/// `prefix` followed by a 26-character unique suffix, as the provider's `id.PrefixedUniqueId`
/// makes it: the UTC time to a ten-thousandth of a second (`yyyymmddHHMMSSffff`) and a counter
/// of the process in eight hex digits, so names made later sort later.
pub(crate) fn unique_id(prefix: &str) -> String {
    static COUNTER: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default();
    let t = chrono::DateTime::from_timestamp(now.as_secs() as i64, now.subsec_nanos()).unwrap_or_default();
    // The SDK counts before it formats: the first name of a run ends in 00000001.
    let n = COUNTER.fetch_add(1, std::sync::atomic::Ordering::Relaxed).wrapping_add(1);
    format!("{prefix}{}{:04}{n:08x}", t.format("%Y%m%d%H%M%S"), now.subsec_nanos() / 100_000)
}

/// The name of a new object, as the provider's `create.Name` makes it: `name` when set, else
/// `name_prefix` (or `terraform-`) followed by a unique suffix, then `suffix` (`.fifo` for a
/// FIFO topic; a configured name is taken as it is).
pub(crate) fn new_name(name: Option<&str>, prefix: Option<&str>, suffix: &str) -> String {
    match (name.filter(|n| !n.is_empty()), prefix.filter(|p| !p.is_empty())) {
        (Some(n), _) => n.to_string(),
        (None, p) => unique_id(p.unwrap_or(DEFAULT_NAME_PREFIX)) + suffix,
    }
}

/// The `name_prefix` the provider records for an object named `name` (`create.NamePrefixFromName`):
/// what comes before a trailing 26 hex digits (and `suffix`), when something does; `None`
/// (recorded as null) for any other name.
pub(crate) fn name_prefix_of(name: &str, suffix: &str) -> Option<String> {
    let stem = name.strip_suffix(suffix)?;
    let cut = stem.len().checked_sub(UNIQUE_SUFFIX_LEN).filter(|&i| i > 0)?;
    let tail = stem.get(cut..)?;
    tail.bytes().all(|b| b.is_ascii_hexdigit()).then(|| stem[..cut].to_string())
}

/// [`name_prefix_of`] as a stored value.
pub(crate) fn name_prefix_json(name: &str, suffix: &str) -> Json {
    name_prefix_of(name, suffix).map(Json::from).unwrap_or(Json::Null)
}

/// `name` and `name_prefix` both set: the provider refuses the pair.
pub(crate) fn name_conflict(planned: &Obj) -> Option<(&'static str, Invalid)> {
    let set = |k: &str| planned.get(k).is_some_and(|v| !v.is_null());
    (set("name") && set("name_prefix"))
        .then(|| ("name_prefix", Invalid::new("`name` and `name_prefix` cannot both be set; choose one")))
}

/// How an import id names an object (Terraform's `import` blocks and command).
#[derive(Clone, Copy)]
pub enum Import {
    /// The type cannot be imported.
    No,
    /// The id is the object's ARN, stored as `arn` and `id`.
    Arn,
    /// The type's own reading of the id: the stored-object skeleton `read` needs to find the
    /// object (the Terraform provider's import id for the type); `None` when malformed.
    Parse(fn(&str) -> Option<Obj>),
}

/// Who in an AWS organization may carry out a type's actions. The plan checks the account each
/// action would run in before anyone approves it (`plan/preflight.rs`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum OrgRole {
    /// Any account (most types).
    Anyone,
    /// Only the organization's management account (designating a delegated administrator).
    Management,
    /// Only the delegated administrator of the service, named as its service principal's
    /// prefix (`inspector2`), in the object's region.
    DelegatedAdmin(&'static str),
}

/// What a managed resource type is, as its file declares it once (with [`resource_type!`]).
pub trait Declared: Sync + 'static {
    /// The Terraform type name (`aws_iam_role`).
    const NAME: &'static str;
    /// Attributes and nested blocks.
    const SCHEMA: &'static Schema;
    /// What the verbs read of a stored or planned object ([`Declared::args`]); its field names
    /// are the attributes the verbs read, which a registry test checks against the schema.
    type Args: DeserializeOwned;
    /// How an import id names an object.
    const IMPORT: Import = Import::No;

    /// `o` as the typed arguments (see [`typed::typed`]).
    fn args(o: &Obj) -> CloudResult<Self::Args>
    where
        Self: Sized,
    {
        typed::typed(Self::NAME, o)
    }
}

/// The verbs of a managed resource type (its file's `impl Resource`). The registry sees the
/// type as a [`ResourceType`], derived from this and [`Declared`].
///
/// Contract of the verbs: `read` returns `Ok(None)` when the object no longer exists; `create`
/// and `update` receive a fully known planned object (computed attributes null) and return
/// the object as the cloud now has it, ready to store; `delete` succeeds when the object is
/// gone afterwards, including when it was already gone (see [`Absent::gone`]).
#[async_trait]
pub trait Resource: Declared {
    /// The attributes and blocks the verbs read (`block.attr` inside nested blocks): the
    /// fields of [`Declared::Args`], plus what a type reads beyond them.
    fn reads() -> Vec<String>
    where
        Self: Sized,
    {
        typed::names::<Self::Args>("")
    }
    /// Checks across attributes of a planned object (known values only); `(attribute, why)`.
    fn check(&self, _planned: &Obj) -> Vec<(&'static str, Invalid)> {
        Vec::new()
    }
    /// The import id of the object `planned` would create when the configuration alone names
    /// it (a role's name); `None` when AWS chooses it (or a `name_prefix` does). Used to find
    /// an object whose create's outcome is unknown (a lost response, a killed run) instead of
    /// creating a second one or failing on "already exists".
    fn identity(&self, _planned: &Obj) -> Option<String> {
        None
    }
    /// The object an interrupted create of `planned` made, for a type whose id AWS chooses
    /// (so `identity` cannot name it): looked up by what the configuration names, and taken
    /// only when it is what the create sent. `None` when there is none (or the API offers no
    /// way to look).
    async fn find_made(&self, _ctx: &Ctx<'_>, _planned: &Obj) -> CloudResult<Option<Obj>> {
        Ok(None)
    }
    /// An existing object that creating `planned` would collide with and that should be
    /// adopted instead (shown as an import in the plan). Most types have none.
    async fn adopt(&self, _ctx: &Ctx<'_>, _planned: &Obj) -> CloudResult<Option<Obj>> {
        Ok(None)
    }
    /// Plain-words notes for the plan about a planned object (known values only), e.g. a
    /// schedule's meaning.
    fn notes(&self, _planned: &Obj) -> Vec<String> {
        Vec::new()
    }
    /// Plain-words notes for the plan about destroying the stored object `prior` (destroyed
    /// or replaced), e.g. that a KMS key is only scheduled for deletion.
    fn destroy_notes(&self, _prior: &Obj) -> Vec<String> {
        Vec::new()
    }
    /// Who in an organization may create, update and delete objects of this type.
    fn org_role(&self) -> OrgRole {
        OrgRole::Anyone
    }
    /// The `(service, account)` a planned object makes delegated administrator (for the type
    /// that designates one), so the plan's later actions of that administrator are expected
    /// to be allowed.
    fn designates(&self, _planned: &Obj) -> Option<(&'static str, String)> {
        None
    }
    /// Reads the live object that `prior` (from state) describes.
    async fn read(&self, ctx: &Ctx<'_>, prior: &Obj) -> CloudResult<Option<Obj>>;
    /// True when `read_many` reads several objects with fewer calls than one `read` each.
    fn batch_read(&self) -> bool {
        false
    }
    /// Reads several stored objects of one region, answering in the same order. The default
    /// reads them one by one.
    async fn read_many(&self, ctx: &Ctx<'_>, priors: &[&Obj]) -> CloudResult<Vec<Option<Obj>>> {
        let mut out = Vec::with_capacity(priors.len());
        for p in priors {
            out.push(self.read(ctx, p).await?);
        }
        Ok(out)
    }
    /// Creates the object.
    async fn create(&self, ctx: &Ctx<'_>, planned: &Obj) -> CloudResult<Obj>;
    /// Updates `prior` in place to match `planned` (only non-replacing changes reach here).
    async fn update(&self, ctx: &Ctx<'_>, prior: &Obj, planned: &Obj) -> CloudResult<Obj>;
    /// Deletes the object.
    async fn delete(&self, ctx: &Ctx<'_>, prior: &Obj) -> CloudResult<()>;
}

/// A managed resource type as the planner and apply use it (object-safe, for the registry):
/// derived from each type's [`Resource`], whose documentation gives each verb's contract.
#[async_trait]
pub trait ResourceType: Sync {
    fn type_name(&self) -> &'static str;
    fn schema(&self) -> &'static Schema;
    fn reads(&self) -> Vec<String>;
    /// True when the type can be imported.
    fn importable(&self) -> bool;
    /// The stored-object skeleton `read` needs to find the object with import id `id`;
    /// `None` when `id` is malformed or the type cannot be imported.
    fn import_prior(&self, id: &str) -> Option<Obj>;
    fn check(&self, planned: &Obj) -> Vec<(&'static str, Invalid)>;
    fn identity(&self, planned: &Obj) -> Option<String>;
    async fn find_made(&self, ctx: &Ctx<'_>, planned: &Obj) -> CloudResult<Option<Obj>>;
    async fn adopt(&self, ctx: &Ctx<'_>, planned: &Obj) -> CloudResult<Option<Obj>>;
    fn notes(&self, planned: &Obj) -> Vec<String>;
    fn destroy_notes(&self, prior: &Obj) -> Vec<String>;
    fn org_role(&self) -> OrgRole;
    fn designates(&self, planned: &Obj) -> Option<(&'static str, String)>;
    async fn read(&self, ctx: &Ctx<'_>, prior: &Obj) -> CloudResult<Option<Obj>>;
    fn batch_read(&self) -> bool;
    async fn read_many(&self, ctx: &Ctx<'_>, priors: &[&Obj]) -> CloudResult<Vec<Option<Obj>>>;
    async fn create(&self, ctx: &Ctx<'_>, planned: &Obj) -> CloudResult<Obj>;
    async fn update(&self, ctx: &Ctx<'_>, prior: &Obj, planned: &Obj) -> CloudResult<Obj>;
    async fn delete(&self, ctx: &Ctx<'_>, prior: &Obj) -> CloudResult<()>;
}

#[async_trait]
impl<R: Resource> ResourceType for R {
    fn type_name(&self) -> &'static str {
        R::NAME
    }
    fn schema(&self) -> &'static Schema {
        R::SCHEMA
    }
    fn reads(&self) -> Vec<String> {
        R::reads()
    }
    fn importable(&self) -> bool {
        !matches!(R::IMPORT, Import::No)
    }
    fn import_prior(&self, id: &str) -> Option<Obj> {
        match R::IMPORT {
            Import::No => None,
            Import::Arn => arn_import(R::SCHEMA, id),
            Import::Parse(parse) => parse(id),
        }
    }
    fn check(&self, planned: &Obj) -> Vec<(&'static str, Invalid)> {
        Resource::check(self, planned)
    }
    fn identity(&self, planned: &Obj) -> Option<String> {
        Resource::identity(self, planned)
    }
    async fn find_made(&self, ctx: &Ctx<'_>, planned: &Obj) -> CloudResult<Option<Obj>> {
        Ok(Resource::find_made(self, ctx, planned).await?.map(|o| record_policies(R::SCHEMA, planned, o)))
    }
    async fn adopt(&self, ctx: &Ctx<'_>, planned: &Obj) -> CloudResult<Option<Obj>> {
        Ok(Resource::adopt(self, ctx, planned).await?.map(|o| record_policies(R::SCHEMA, planned, o)))
    }
    fn notes(&self, planned: &Obj) -> Vec<String> {
        Resource::notes(self, planned)
    }
    fn destroy_notes(&self, prior: &Obj) -> Vec<String> {
        Resource::destroy_notes(self, prior)
    }
    fn org_role(&self) -> OrgRole {
        Resource::org_role(self)
    }
    fn designates(&self, planned: &Obj) -> Option<(&'static str, String)> {
        Resource::designates(self, planned)
    }
    async fn read(&self, ctx: &Ctx<'_>, prior: &Obj) -> CloudResult<Option<Obj>> {
        Ok(Resource::read(self, ctx, prior).await?.map(|o| record_policies(R::SCHEMA, prior, o)))
    }
    fn batch_read(&self) -> bool {
        Resource::batch_read(self)
    }
    async fn read_many(&self, ctx: &Ctx<'_>, priors: &[&Obj]) -> CloudResult<Vec<Option<Obj>>> {
        let read = Resource::read_many(self, ctx, priors).await?;
        Ok(read.into_iter().zip(priors).map(|(o, p)| o.map(|o| record_policies(R::SCHEMA, p, o))).collect())
    }
    async fn create(&self, ctx: &Ctx<'_>, planned: &Obj) -> CloudResult<Obj> {
        Ok(record_policies(R::SCHEMA, planned, Resource::create(self, ctx, planned).await?))
    }
    async fn update(&self, ctx: &Ctx<'_>, prior: &Obj, planned: &Obj) -> CloudResult<Obj> {
        Ok(record_policies(R::SCHEMA, planned, Resource::update(self, ctx, prior, planned).await?))
    }
    async fn delete(&self, ctx: &Ctx<'_>, prior: &Obj) -> CloudResult<()> {
        Resource::delete(self, ctx, prior).await
    }
}

/// `o` (as a verb returned it) with each policy document (an attribute marked `.policy(kind)`,
/// in the object or in its blocks) as the provider records it (`verify.PolicyToSet`): the
/// document `known` holds (the planned object's, i.e. the configuration's, or the stored one)
/// when AWS's means the same, else AWS's; normalized either way (see [`crate::policy::to_set`]).
/// Done here, once for every type, so a document reads the same whichever verb recorded it.
fn record_policies(schema: &Schema, known: &Obj, mut o: Obj) -> Obj {
    fn fix(attrs: &[Attr], known: Option<&Obj>, o: &mut Obj) {
        for a in attrs.iter().filter(|a| a.policy.is_some()) {
            let Some(live) = o.get(a.name).and_then(Json::as_str) else { continue };
            let k = known.and_then(|k| k.get(a.name)).and_then(Json::as_str).unwrap_or("");
            let recorded = crate::policy::to_set(k, live, a.version_first);
            o.insert(a.name.to_string(), Json::from(recorded));
        }
    }
    fix(schema.attrs, Some(known), &mut o);
    for b in schema.blocks.iter().filter(|b| b.attrs.iter().any(|a| a.policy.is_some())) {
        // A block's documents are matched by the block's `name` (a role's inline policies).
        let known_items = known.get(b.name).and_then(Json::as_array).cloned().unwrap_or_default();
        let Some(Json::Array(items)) = o.get_mut(b.name) else { continue };
        for item in items.iter_mut().filter_map(Json::as_object_mut) {
            let name = item.get("name").cloned();
            let k = known_items
                .iter()
                .filter_map(Json::as_object)
                .find(|k| name.is_some() && k.get("name") == name.as_ref());
            fix(b.attrs, k, item);
        }
    }
    o
}

/// What a data source type is, as its file declares it once (with [`data_source!`]).
pub trait DeclaredData: Sync + 'static {
    /// The Terraform type name (`aws_inspector_rules_packages`).
    const NAME: &'static str;
    /// Arguments and results.
    const SCHEMA: &'static Schema;
}

/// The read of a data source type (its file's `impl DataSource`).
#[async_trait]
pub trait DataSource: DeclaredData {
    /// The arguments `read` reads (none by default).
    fn reads() -> Vec<String>
    where
        Self: Sized,
    {
        Vec::new()
    }
    /// Reads the data for the (fully known) arguments.
    async fn read(&self, ctx: &Ctx<'_>, args: &Obj) -> CloudResult<Obj>;
}

/// A data source type as the planner uses it (object-safe, for the registry), derived from
/// each type's [`DataSource`].
#[async_trait]
pub trait DataSourceType: Sync {
    fn type_name(&self) -> &'static str;
    fn schema(&self) -> &'static Schema;
    fn reads(&self) -> Vec<String>;
    async fn read(&self, ctx: &Ctx<'_>, args: &Obj) -> CloudResult<Obj>;
}

#[async_trait]
impl<D: DataSource> DataSourceType for D {
    fn type_name(&self) -> &'static str {
        D::NAME
    }
    fn schema(&self) -> &'static Schema {
        D::SCHEMA
    }
    fn reads(&self) -> Vec<String> {
        D::reads()
    }
    async fn read(&self, ctx: &Ctx<'_>, args: &Obj) -> CloudResult<Obj> {
        DataSource::read(self, ctx, args).await
    }
}

/// Every managed resource type.
pub static RESOURCES: &[&dyn ResourceType] = &[
    &iam_service_linked_role::IamServiceLinkedRole,
    &iam_role::IamRole,
    &iam_role_policy::IamRolePolicy,
    &iam_role_policy_attachment::IamRolePolicyAttachment,
    &iam_policy::IamPolicy,
    &iam_account_password_policy::IamAccountPasswordPolicy,
    &inspector_resource_group::InspectorResourceGroup,
    &inspector_assessment_target::InspectorAssessmentTarget,
    &inspector_assessment_template::InspectorAssessmentTemplate,
    &cloudwatch_event_rule::CloudwatchEventRule,
    &cloudwatch_event_target::CloudwatchEventTarget,
    &inspector2_enabler::Inspector2Enabler,
    &inspector2_filter::Inspector2FilterType,
    &inspector2_organization_configuration::Inspector2OrganizationConfiguration,
    &inspector2_delegated_admin_account::Inspector2DelegatedAdminAccount,
    &inspector2_member_association::Inspector2MemberAssociation,
    &inspector2_cis_scan_configuration::Inspector2CisScanConfiguration,
    &sns_topic::SnsTopic,
    &sns_topic_policy::SnsTopicPolicy,
    &sns_topic_subscription::SnsTopicSubscription,
    &guardduty_detector::GuardDutyDetector,
    &guardduty_detector_feature::GuardDutyDetectorFeature,
    &guardduty_organization_admin_account::GuardDutyOrganizationAdminAccount,
    &guardduty_organization_configuration::GuardDutyOrganizationConfiguration,
    &guardduty_organization_configuration_feature::GuardDutyOrganizationConfigurationFeature,
    &securityhub_account::SecurityHubAccount,
    &securityhub_action_target::SecurityHubActionTarget,
    &securityhub_automation_rule::SecurityHubAutomationRule,
    &securityhub_configuration_policy::SecurityHubConfigurationPolicy,
    &securityhub_configuration_policy_association::SecurityHubConfigurationPolicyAssociation,
    &securityhub_finding_aggregator::SecurityHubFindingAggregator,
    &securityhub_invite_accepter::SecurityHubInviteAccepter,
    &securityhub_member::SecurityHubMember,
    &securityhub_organization_admin_account::SecurityHubOrganizationAdminAccount,
    &securityhub_organization_configuration::SecurityHubOrganizationConfiguration,
    &securityhub_product_subscription::SecurityHubProductSubscription,
    &securityhub_standards_control::SecurityHubStandardsControl,
    &securityhub_standards_control_association::SecurityHubStandardsControlAssociation,
    &securityhub_standards_subscription::SecurityHubStandardsSubscription,
    &guardduty_member::GuardDutyMember,
    &guardduty_invite_accepter::GuardDutyInviteAccepter,
    &guardduty_filter::GuardDutyFilter,
    &guardduty_publishing_destination::GuardDutyPublishingDestination,
    &accessanalyzer_analyzer::AccessAnalyzerAnalyzer,
    &accessanalyzer_archive_rule::AccessAnalyzerArchiveRule,
    &organizations_delegated_administrator::OrganizationsDelegatedAdministrator,
    &organizations_organization::OrganizationsOrganizationResource,
    &kms_key::KmsKey,
    &kms_alias::KmsAlias,
    &ebs_encryption_by_default::EbsEncryptionByDefault,
    &ebs_default_kms_key::EbsDefaultKmsKey,
    &ebs_snapshot_block_public_access::EbsSnapshotBlockPublicAccess,
    &s3_account_public_access_block::S3AccountPublicAccessBlock,
    &kms_key_policy::KmsKeyPolicy,
    &kms_grant::KmsGrant,
    &terraform_data::TerraformData,
];

/// Every data source type.
pub static DATA_SOURCES: &[&dyn DataSourceType] = &[
    &inspector_rules_packages::InspectorRulesPackages,
    &iam_policy_document::IamPolicyDocument,
    &caller_identity::CallerIdentity,
    &iam_role_data::IamRoleData,
    &iam_policy_data::IamPolicyData,
    &region::Region,
    &region::Partition,
    &organizations_organization_data::OrganizationsOrganization,
    &cloudwatch_event_bus_data::CloudwatchEventBusData,
    &guardduty_detector_data::GuardDutyDetectorData,
    &securityhub_standards_control_associations_data::SecurityHubStandardsControlAssociations,
    &organizations_delegated_data::OrganizationsDelegatedAdministrators,
    &organizations_delegated_data::OrganizationsDelegatedServices,
    &kms_key_data::KmsKeyData,
    &kms_alias_data::KmsAliasData,
    &ebs_encryption_by_default_data::EbsEncryptionByDefaultData,
    &ebs_default_kms_key_data::EbsDefaultKmsKeyData,
    &s3_account_public_access_block_data::S3AccountPublicAccessBlockData,
];

/// The source address of the provider type `type_name` belongs to, as Terraform's JSON
/// names it: Terraform's own for `terraform_data`, else the AWS provider.
pub fn provider_source(type_name: &str) -> &'static str {
    if type_name == terraform_data::TerraformData::NAME {
        terraform_data::PROVIDER
    } else {
        "registry.terraform.io/hashicorp/aws"
    }
}

/// The state's name for the provider configuration of a `type_name` object: Terraform's
/// `provider["terraform.io/builtin/terraform"]` for `terraform_data`, else `aws` (`aws.ALIAS`
/// for `alias`).
pub fn provider_config(type_name: &str, alias: Option<&str>) -> String {
    match alias {
        _ if type_name == terraform_data::TerraformData::NAME => format!("provider[{:?}]", terraform_data::PROVIDER),
        Some(a) => format!("aws.{a}"),
        None => "aws".to_string(),
    }
}

/// The managed resource type named `name`.
pub fn resource_type(name: &str) -> Option<&'static dyn ResourceType> {
    RESOURCES.iter().copied().find(|r| r.type_name() == name)
}

/// The data source type named `name`.
pub fn data_source(name: &str) -> Option<&'static dyn DataSourceType> {
    DATA_SOURCES.iter().copied().find(|r| r.type_name() == name)
}

// ---- helpers for verbs (reading goes through `typed`) ----

/// True when a refresh reads an object's tags: it was recorded with some, or it was never read
/// (an import, whose `read_attr` is still null), so its tags are unknown. Tags added outside to
/// an object recorded untagged go unseen: the price of one call less per object and refresh.
/// A read after an update reads tags regardless (the update may have added the first).
pub(crate) fn reads_tags(prior: &Obj, read_attr: &str) -> bool {
    let tagged = |k: &str| prior.get(k).and_then(Json::as_object).is_some_and(|m| !m.is_empty());
    let recorded = prior.get(read_attr).is_some_and(|a| !a.is_null());
    tagged("tags") || tagged("tags_all") || !recorded
}

/// Tags as a JSON attribute value (null when empty, as Terraform shows unset tags).
pub(crate) fn tags_json(t: &Tags) -> Json {
    if t.is_empty() {
        Json::Null
    } else {
        Json::Object(t.iter().map(|(k, v)| (k.clone(), Json::from(v.as_str()))).collect())
    }
}

/// An optional string as JSON.
pub(crate) fn opt(v: Option<&str>) -> Json {
    v.filter(|x| !x.is_empty()).map(Json::from).unwrap_or(Json::Null)
}

/// The import skeleton of types whose import id is their ARN.
fn arn_import(schema: &Schema, id: &str) -> Option<Obj> {
    id.starts_with("arn:").then(|| arn_obj(schema, id, vec![]))
}

/// An object whose `id` is its ARN `arn`, with the other `pairs` (see [`obj`]).
pub(crate) fn arn_obj(schema: &Schema, arn: &str, mut pairs: Vec<(&str, Json)>) -> Obj {
    pairs.splice(0..0, [("id", Json::from(arn)), ("arn", Json::from(arn))]);
    obj(schema, pairs)
}

/// Builds an object from pairs; the schema's attributes not given are null.
pub(crate) fn obj(schema: &Schema, pairs: Vec<(&str, Json)>) -> Obj {
    let mut o = Obj::new();
    for a in schema.attrs {
        o.insert(a.name.to_string(), Json::Null);
    }
    for b in schema.blocks {
        o.insert(b.name.to_string(), Json::Array(vec![]));
    }
    for (k, v) in pairs {
        o.insert(k.to_string(), v);
    }
    o
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_names_are_the_prefix_a_timestamp_and_a_counter() {
        let (a, b) = (new_name(None, None, ""), new_name(None, Some("x-"), ".fifo"));
        assert!(a.starts_with("terraform-") && a.len() == "terraform-".len() + UNIQUE_SUFFIX_LEN, "{a}");
        assert!(b.starts_with("x-") && b.ends_with(".fifo") && b.len() == 2 + UNIQUE_SUFFIX_LEN + 5, "{b}");
        // yyyymmddHHMMSSffff, then the counter in eight hex digits: later names sort later.
        let stamp = &a["terraform-".len()..a.len() - 8];
        assert!(stamp.len() == 18 && stamp.starts_with("20") && stamp.bytes().all(|c| c.is_ascii_digit()), "{a}");
        assert!(new_name(None, None, "") > a);
        assert_eq!(new_name(Some("given"), Some("ignored-"), ".fifo"), "given");
        assert_eq!(new_name(Some(""), Some("p-"), "").len(), 2 + UNIQUE_SUFFIX_LEN, "an empty name is unset");
    }

    #[test]
    fn the_recorded_prefix_is_what_precedes_26_hex_digits() {
        assert_eq!(name_prefix_of("terraform-2024010212345678900000000a", "").as_deref(), Some("terraform-"));
        assert_eq!(name_prefix_of("x-2024010212345678900000000A.fifo", ".fifo").as_deref(), Some("x-"));
        assert_eq!(name_prefix_of("x-2024010212345678900000000a.fifo", ""), None, "the suffix must be named");
        assert_eq!(name_prefix_of("audit", ""), None);
        assert_eq!(name_prefix_of("2024010212345678900000000a", ""), None, "no prefix before the digits");
        assert_eq!(name_prefix_of("x-2024010212345678900000000g", ""), None, "not hex");
        assert_eq!(name_prefix_json("audit", ""), Json::Null);
    }

    #[test]
    fn registry_names_are_unique_and_match_lookups() {
        // A name may be both a resource and a data source (`aws_iam_role`), once each.
        for mut names in [
            RESOURCES.iter().map(|r| r.type_name()).collect::<Vec<_>>(),
            DATA_SOURCES.iter().map(|r| r.type_name()).collect::<Vec<_>>(),
        ] {
            let n = names.len();
            names.sort();
            names.dedup();
            assert_eq!(names.len(), n);
        }
        for d in DATA_SOURCES {
            assert!(data_source(d.type_name()).is_some());
        }
        for r in RESOURCES {
            assert!(resource_type(r.type_name()).is_some());
            assert!(r.schema().attr("id").is_some(), "{} needs an id", r.type_name());
        }
    }

    #[test]
    fn every_attribute_a_verb_reads_is_in_its_schema() {
        // `a.b.c`: block `a`, its block `b`, its attribute (or block) `c`.
        fn named(attrs: &[crate::schema::Attr], blocks: &[crate::schema::BlockType], path: &str) -> bool {
            match path.split_once('.') {
                None => attrs.iter().any(|a| a.name == path) || blocks.iter().any(|b| b.name == path),
                Some((block, rest)) => blocks.iter().any(|b| b.name == block && named(b.attrs, b.blocks, rest)),
            }
        }
        for r in RESOURCES {
            let reads = r.reads();
            assert!(!reads.is_empty(), "{} reads its objects through a typed input", r.type_name());
            for f in reads {
                let s = r.schema();
                assert!(named(s.attrs, s.blocks, &f), "{} reads `{f}`, which its schema does not have", r.type_name());
            }
        }
        for d in DATA_SOURCES {
            for f in d.reads() {
                let s = d.schema();
                assert!(named(s.attrs, s.blocks, &f), "{} reads `{f}`, which its schema does not have", d.type_name());
            }
        }
    }
}
