//! The embedded sandbox account, assembled from the services: what the account file holds
//! ([`Data`]: one field per global service, one per regional service in each [`Region`]) on
//! the store of `crate::cloud::sandbox`, which makes calls all-or-nothing and logs them.
//!
//! [`Sandbox`] implements every service's API (each service's `sandbox.rs`) over a local file so that baseline can be tried and tested
//! without credentials. It mirrors what a user would notice of AWS (names, ARNs, validation,
//! error codes and messages, dependency errors), not every API detail.
//!
//! # File format
//!
//! One pretty-printed JSON document with keys in sorted order, so the same account always
//! serialises to the same bytes. Each mutating call appends what it changed to `FILE.log`
//! beside it before returning (`log.rs`; its cost is what the call changed, not the size of the
//! account); the whole file is rewritten atomically when the log outgrows it and when the
//! sandbox is closed, and a log left by a killed run is taken in when the account is next
//! opened. Between runs, edit the file by hand to simulate changes made outside baseline; every
//! field may be left out (it takes its default), so a partial file such as
//! `{"iam": {"roles": {"Ops": {}}}}` loads.
//!
//! ```json
//! { "account_id": "123456789012",
//!   "next_id": 3,
//!   "iam": { "roles": { "Auditor": {
//!       "path": "/", "role_id": "AROA…", "create_date": "2026-11-29T09:00:00Z",
//!       "assume_role_policy_document": "{\"Version\":\"2012-10-17\",\"Statement\":[]}",
//!       "description": null, "max_session_duration": 3600, "permissions_boundary": null,
//!       "tags": { "team": "sec" }, "inline_policies": { "read": "{…}" } } } },
//!   "regions": { "us-east-1": {
//!       "events": { "rules": { "nightly": {
//!           "schedule_expression": "cron(0 3 * * ? *)", "event_pattern": null,
//!           "description": null, "role_arn": null, "state": "ENABLED", "tags": {},
//!           "targets": { "scan": { "arn": "…", "role_arn": "…", "input": null,
//!                                  "input_path": null } } } } },
//!       "inspector": {
//!           "resource_groups": { "arn:…:resourcegroup/0-AbCd1234": { "Env": "prod" } },
//!           "assessment_targets": { "arn:…:target/0-AbCd1234":
//!               { "name": "prod", "resource_group_arn": null } },
//!           "assessment_templates": { "arn:…:target/0-AbCd1234/template/0-EfGh5678":
//!               { "name": "weekly", "duration_in_seconds": 3600, "rules_package_arns": [] } },
//!           "event_subscriptions": { "arn:…": [ { "event": "FINDING_REPORTED",
//!                                                 "topic_arn": "arn:aws:sns:…" } ] },
//!           "tags": { "arn:…": { "Owner": "sec" } } },
//!       "inspector2": {
//!           "accounts": { "123456789012": [ "EC2", "ECR" ] },
//!           "delegated_admin": "123456789012",
//!           "auto_enable": { "ec2": true, "ecr": true, "lambda": false, "lambdaCode": false },
//!           "members": { "210987654321": { "relationship_status": "ENABLED",
//!               "delegated_admin_account_id": "123456789012",
//!               "updated_at": "2026-11-29T09:00:00Z" } },
//!           "filters": { "arn:aws:inspector2:us-east-1:123456789012:owner/123456789012/filter/0a1b…": {
//!               "name": "suppress-low", "action": "SUPPRESS", "description": null,
//!               "reason": null, "tags": {},
//!               "criteria": { "severity": [ { "comparison": "EQUALS", "value": "LOW" } ] } } },
//!           "cis_scan_configurations": {
//!             "arn:aws:inspector2:…:owner/123456789012/cis-configuration/1f2e…-…": {
//!               "scan_name": "weekly", "security_level": "LEVEL_1", "tags": {},
//!               "schedule": { "weekly": { "days": [ "MON" ], "startTime":
//!                   { "timeOfDay": "09:00", "timezone": "UTC" } } },
//!               "targets": { "accountIds": [ "SELF" ], "targetResourceTags": {} } } } } } } }
//! ```
//!
//! * Roles are keyed by name; the ARN is derived from `path` and name. A hand-added role without
//!   `role_id` gets one derived from its name; one without `create_date` gets the load time.
//! * Policy documents, event patterns and target inputs are JSON text (AWS returns the text it
//!   was given); a hand-edited file may also write them as plain JSON objects.
//! * Only the `default` event bus exists, so rules are keyed by name; targets are keyed (and
//!   listed) by id.
//! * Inspector objects are keyed by ARN; a template's target is its ARN before `/template/`.
//!   `tags` holds `SetTagsForResource` tags (a resource group's own map is its instance-selection
//!   tags). Regions with nothing in them are dropped from the file.
//! * `organization` (in the management account's file) is the organization it manages:
//!   `id`, `accounts` (`id`, `name`, `email`, `status`), `service_access_principals`,
//!   `delegated_administrators` (service principal → account, as `baseline sandbox init
//!   --delegated-admin` registers them). Left out, it is a default organization with two members.
//! * GuardDuty's detectors are per region, keyed by id (at most one): `status`,
//!   `finding_publishing_frequency`, `features` (GuardDuty's names → `status` and
//!   `additional_configuration`), `tags`. The management account's `guardduty.admin` is the
//!   region's delegated administrator; that account's `organization_configuration` holds
//!   `auto_enable_organization_members` and each feature's `auto_enable`.
//!   An administrator's `members` (account id → `detector_id`, `email`, its side's `status`
//!   `Created`/`Invited`/`Removed`, `invitation_id`) and a member's `administrator` (the
//!   invitation it accepted, `Enabled` or `Resigned`) are each in their own account's file; the
//!   other side reads them there. `filters` are keyed `DETECTOR_ID/NAME`, `publishing_destinations`
//!   `DETECTOR_ID/DESTINATION_ID`.
//! * EC2's EBS settings are per region, only where they differ from AWS's defaults:
//!   `ec2.ebs_encryption_by_default` (true), `ec2.ebs_default_kms_key_id` (the key's ARN;
//!   left out, the region's AWS managed `aws/ebs` key) and `ec2.snapshot_block_public_access`
//!   (`block-all-sharing` or `block-new-sharing`; left out, `unblocked`).
//! * `s3control.public_access_block` (global) is the account's S3 Block Public Access:
//!   `block_public_acls`, `ignore_public_acls`, `block_public_policy`,
//!   `restrict_public_buckets`; left out, the account has none.
//! * IAM Access Analyzer's analyzers are per region, keyed by name: `type`, `configuration`
//!   (`unused_access` or `internal_access`, as the API shapes them), `tags`, `archive_rules`
//!   (rule name → filter: criterion key → `eq`, `neq`, `contains`, `exists`).
//! * KMS state is per region: `keys` by key id (`description`, `enabled`, `key_usage`,
//!   `key_spec`, `policy` as JSON text, `rotation_enabled`, `rotation_period_in_days`,
//!   `deletion_date` and `pending_window_in_days` while pending deletion, `aws_managed`,
//!   `tags`), `aliases` (name → key id) and `grants` by grant id. A key's ARN is derived.
//! * Amazon Inspector (v2) state is per region, as in AWS. `accounts` lists the scan types
//!   enabled per account (an account that is not listed, or lists none, is `DISABLED`);
//!   `auto_enable` is the organization configuration (a missing key is `false`). Filters and CIS
//!   scan configurations are keyed by ARN and keep their tags with them; filter criteria, CIS
//!   schedules and targets are the API's camelCase JSON shapes, kept as given.
//! * `next_id` counts generated ids: each id is the counter fed through splitmix64 and rendered
//!   in the AWS alphabet, so the same calls on the same file always give the same ARNs.
//!
//! # Behaviour notes
//!
//! * `CreateServiceLinkedRole` knows the real role names for `inspector`, `inspector2`, `events`,
//!   `guardduty`, `config` and `securityhub`; for another `X.amazonaws.com` it is
//!   `AWSServiceRoleFor` + `X` in CamelCase (split at `.` and `-`). As in AWS, service-linked
//!   roles are protected (`UnmodifiableEntity`) except for their description and tags.
//! * As AWS documents, `CreateAssessmentTarget`/`CreateAssessmentTemplate` create
//!   `AWSServiceRoleForAmazonInspector` if it does not exist yet.
//! * `PutRule` applies tags only when it creates the rule; on an existing rule they are ignored
//!   (use `events_set_tags`). An empty `state` means `ENABLED`, an empty bus name `default`
//!   (and an empty role path `/`), as when AWS is not sent the optional field.
//!   `DeleteRule` of a missing rule succeeds, as in AWS.
//! * `DeleteAssessmentTarget` also deletes the target's templates (the Inspector Classic user
//!   guide says so), with their subscriptions and tags.
//! * Amazon Inspector (v2): the account starts with every scan type `DISABLED`. `Enable` and
//!   `Disable` without account ids act on the caller, and `Disable` without resource types
//!   disables every type; `BatchGetAccountStatus` also reports accounts never enabled (as
//!   `DISABLED`). The sandbox account is its organization's management account: it may
//!   designate itself or any 12-digit account as delegated administrator (one per region; another
//!   one is a `ConflictException`), and organization configuration and member calls need it to
//!   be that administrator (`AccessDeniedException` otherwise). Disabling the administrator
//!   disassociates its members. Filter names are unique per region (`BadRequestException`,
//!   kind `AlreadyExists`); filter criteria are checked member by member (known `FilterCriteria`
//!   members, 1 to 10 filters each, string comparisons `EQUALS`/`PREFIX`/`NOT_EQUALS`). CIS
//!   schedules need exactly one of `oneTime`, `daily`, `weekly`, `monthly`, with `startTime`
//!   (`timeOfDay` `H:MM`/`HH:MM`, 00:00 to 23:59) for the last three; targets need `accountIds`
//!   (12 digits, `SELF` or `ALL_ACCOUNTS`) and `targetResourceTags`. `UpdateFilter` and
//!   `UpdateCisScanConfiguration` replace everything but the tags; `UpdateOrganizationConfiguration`
//!   needs `ec2` and `ecr`, and keeps the setting of an optional key it is not given.
//! * Inspector Classic exists only in the regions of `rules-packages.json`. Regional ARNs use
//!   the region's partition (`aws-us-gov` for `us-gov-*`); IAM ARNs use `aws`.
//!
//! Adding a service that keeps state: one field in [`Data`] (global) or [`Region`]
//! (regional), listed in that struct's `Tables` impl below.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use serde::{Deserialize, Serialize};

pub(crate) use crate::cloud::sandbox::table::{AnyTable, Tables};
pub(crate) use crate::cloud::sandbox::*;
use crate::services::accessanalyzer::sandbox::AccessAnalyzerState;
use crate::services::ec2::sandbox::Ec2State;
use crate::services::events::sandbox::EventsState;
use crate::services::guardduty::sandbox::GuardDutyState;
use crate::services::iam::sandbox::IamState;
use crate::services::inspector::sandbox::InspectorState;
use crate::services::inspector2::sandbox::Inspector2State;
use crate::services::kms::sandbox::KmsState;
use crate::services::organizations::sandbox::OrganizationState;
use crate::services::s3control::sandbox::S3ControlState;
use crate::services::securityhub::sandbox::SecurityHubState;
use crate::services::sns::sandbox::SnsState;

/// The embedded sandbox account: the store over this account's contents.
pub type Sandbox = Store<Data>;

/// Account id of a new sandbox account.
pub const ACCOUNT_ID: &str = "123456789012";

// AWS's defaults of fields a hand-edited file may leave out, where a type's `Default` is not.
pub(crate) fn default_path() -> String {
    "/".into()
}
pub(crate) fn default_session() -> i64 {
    3600
}
pub(crate) fn default_state() -> String {
    "ENABLED".into()
}
pub(crate) fn default_filter_action() -> String {
    "NONE".into()
}

// Missing fields take their defaults: `#[serde(default)]` on a struct uses its `Default`, on a
// field the named function (used where the type's `Default` is not AWS's default).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Data {
    pub(crate) account_id: String,
    pub(crate) next_id: u64,
    /// Global services' state, one field per service that keeps some.
    pub(crate) iam: IamState,
    /// The organization this account manages (`None`: the sandbox's default one).
    pub(crate) organization: Option<OrganizationState>,
    /// S3 Control: the account's S3 Block Public Access (global, as in AWS).
    pub(crate) s3control: S3ControlState,
    pub(crate) regions: BTreeMap<String, Region>,
}

impl Default for Data {
    fn default() -> Self {
        Data {
            account_id: ACCOUNT_ID.into(),
            next_id: 0,
            iam: IamState::default(),
            organization: None,
            s3control: S3ControlState::default(),
            regions: BTreeMap::new(),
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Region {
    // Regional services' state, one field per service that keeps some.
    pub(crate) accessanalyzer: AccessAnalyzerState,
    /// EC2: the region's EBS account settings.
    pub(crate) ec2: Ec2State,
    pub(crate) events: EventsState,
    pub(crate) guardduty: GuardDutyState,
    pub(crate) inspector: InspectorState,
    pub(crate) inspector2: Inspector2State,
    pub(crate) securityhub: SecurityHubState,
    pub(crate) kms: KmsState,
    pub(crate) sns: SnsState,
}

impl Tables for Data {
    fn tables(&mut self, _: &str, f: &mut dyn FnMut(&str, &mut dyn AnyTable)) {
        self.iam.tables("iam", f);
        for (name, r) in &mut self.regions {
            r.tables(&format!("regions/{name}"), f);
        }
    }
}

impl Tables for Region {
    fn tables(&mut self, path: &str, f: &mut dyn FnMut(&str, &mut dyn AnyTable)) {
        self.accessanalyzer.tables(&format!("{path}/accessanalyzer"), f);
        self.events.tables(&format!("{path}/events"), f);
        self.guardduty.tables(&format!("{path}/guardduty"), f);
        self.inspector.tables(&format!("{path}/inspector"), f);
        self.inspector2.tables(&format!("{path}/inspector2"), f);
        self.securityhub.tables(&format!("{path}/securityhub"), f);
        self.kms.tables(&format!("{path}/kms"), f);
        self.sns.tables(&format!("{path}/sns"), f);
    }
}

/// What reads of a region that was never written see.
pub(crate) static EMPTY_REGION: LazyLock<Region> = LazyLock::new(Region::default);

impl Data {
    /// Next deterministic id: the counter through splitmix64, in `alphabet`.
    pub(crate) fn fresh_id(&mut self, alphabet: &[u8], len: usize) -> String {
        let seed = self.next_id;
        self.next_id = seed.wrapping_add(1); // a hand-edited counter may be anything
        render_id(seed, alphabet, len)
    }

    /// Next deterministic id shaped like a UUID (8-4-4-4-12 lowercase hex).
    pub(crate) fn fresh_uuid(&mut self) -> String {
        let h = self.fresh_id(HEX_ALPHABET, 32);
        format!("{}-{}-{}-{}-{}", &h[..8], &h[8..12], &h[12..16], &h[16..20], &h[20..])
    }

    pub(crate) fn region(&self, region: &str) -> &Region {
        self.regions.get(region).unwrap_or(&EMPTY_REGION)
    }

    pub(crate) fn region_mut(&mut self, region: &str) -> &mut Region {
        self.regions.entry(region.to_string()).or_default()
    }

    pub(crate) fn arn_prefix(&self, service: &str, region: &str) -> String {
        format!("arn:{}:{service}:{region}:{}:", partition(region), self.account_id)
    }
}

impl AccountFile for Data {
    fn normalised(mut self) -> Self {
        for (name, role) in self.iam.roles.iter_mut() {
            if role.role_id.is_empty() {
                role.role_id = format!("AROA{}", render_id(fnv1a(name), IAM_ALPHABET, 17));
            }
            if role.create_date.is_empty() {
                role.create_date = now_rfc3339();
            }
        }
        self
    }

    fn compact(&mut self) {
        self.regions.retain(|_, r| *r != Region::default());
    }

    fn make_room(&mut self, table_path: &str) {
        if let Some(region) = table_path.strip_prefix("regions/").and_then(|p| p.split('/').next()) {
            self.region_mut(region);
        }
    }

    fn set_account_id(&mut self, account_id: &str) {
        self.account_id = account_id.to_string();
    }
}
