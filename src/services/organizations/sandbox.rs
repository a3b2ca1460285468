//! Organizations in the sandbox. The sandbox account manages an organization: the one its
//! file describes under `organization`, or by default one with two member accounts, so that
//! configurations iterating over the organization's accounts can be tried. An account opened
//! as a member (an `assume_role` into another account) sees its management account's
//! organization and, as in AWS, may not list its accounts.

use std::collections::BTreeMap;

use async_trait::async_trait;
use serde::{Deserialize, Serialize};

use super::{DelegatedAdministrator, DelegatedService, OrgAccount, Organization, Organizations, Root};
use crate::cloud::{CloudResult, ErrorKind};
use crate::services::sandbox::*;

/// The organization in the management account's file. Accounts need only `id`, `name` and
/// `email`; `arn` may be left empty (it is derived) and `status` defaults to `ACTIVE`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub(crate) struct OrganizationState {
    pub(crate) id: String,
    pub(crate) feature_set: String,
    pub(crate) accounts: Vec<OrgAccount>,
    pub(crate) service_access_principals: Vec<String>,
    pub(crate) enabled_policy_types: Vec<String>,
    /// Organizations' register of delegated administrators: service principal → account
    /// (`RegisterDelegatedAdministrator`; `baseline sandbox init --delegated-admin`).
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub(crate) delegated_administrators: BTreeMap<String, String>,
    /// When each service's delegation was registered (service principal → RFC 3339); a
    /// delegation without one (made by `sandbox init` before it was kept) reads as the
    /// organization's creation.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub(crate) delegation_dates: BTreeMap<String, String>,
}

/// When the sandbox organization was created and its accounts joined, as the API reports it.
const CREATED: &str = "2020-01-01T00:00:00Z";

/// The services whose administration a sandbox organization may delegate, as AWS names the
/// prefix of each service principal (`inspector2` is `inspector2.amazonaws.com`).
pub const DELEGATABLE: &[&str] = &[
    "inspector2",
    "guardduty",
    "securityhub",
    "access-analyzer",
    "config",
    "config-multiaccountsetup",
    "cloudtrail",
    "macie",
    "detective",
    "fms",
    "securitylake",
    "auditmanager",
    "backup",
    "ipam",
    "sso",
    "ssm",
    "servicecatalog",
    "account",
    "member.org.stacksets.cloudformation",
    "storage-lens.s3",
    "malware-protection.guardduty",
];

/// What `baseline sandbox init` asks of the sandbox's organization.
#[derive(Debug, Clone, Default)]
pub struct OrganizationSetUp {
    /// How many member accounts (besides the management account); `None` keeps the ones there.
    pub members: Option<usize>,
    /// `(service, account)`: `service` one of [`DELEGATABLE`].
    pub delegated_admins: Vec<(String, String)>,
    /// The regions where a regional designation (Amazon Inspector's) is made.
    pub regions: Vec<String>,
}

/// The id of the sandbox organization's `i`-th member account (0-based): the default
/// organization's two first, then `2000000000NN`-style ids no default account uses.
fn member_id(i: usize) -> (String, String) {
    match DEFAULT_MEMBERS.get(i) {
        Some((id, name)) => (id.to_string(), name.to_string()),
        None => (format!("{:012}", 200_000_000_000u64 + i as u64), format!("member-{:04}", i + 1)),
    }
}

/// Member accounts of the default sandbox organization.
const DEFAULT_MEMBERS: [(&str, &str); 2] = [("210987654321", "security"), ("345678901234", "workloads")];

/// The organization managed by `d`'s account.
fn organization_of(d: &Data) -> OrganizationState {
    let mut org = d.organization.clone().unwrap_or_else(|| {
        let account = |id: &str, name: &str| OrgAccount {
            id: id.into(),
            arn: String::new(),
            name: name.into(),
            email: format!("{name}@example.com"),
            status: "ACTIVE".into(),
        };
        let mut accounts = vec![account(&d.account_id, "management")];
        accounts.extend(DEFAULT_MEMBERS.iter().filter(|(id, _)| *id != d.account_id).map(|(id, n)| account(id, n)));
        OrganizationState {
            id: String::new(),
            feature_set: "ALL".into(),
            accounts,
            service_access_principals: vec!["inspector2.amazonaws.com".into()],
            enabled_policy_types: vec![],
            delegated_administrators: BTreeMap::new(),
            delegation_dates: BTreeMap::new(),
        }
    });
    if org.id.is_empty() {
        org.id = format!("o-{}", render_id(fnv1a(&d.account_id), b"abcdefghijklmnopqrstuvwxyz0123456789", 10));
    }
    if org.feature_set.is_empty() {
        org.feature_set = "ALL".into();
    }
    let (master, org_id) = (d.account_id.clone(), org.id.clone());
    for a in &mut org.accounts {
        if a.arn.is_empty() {
            a.arn = format!("arn:aws:organizations::{master}:account/{org_id}/{}", a.id);
        }
        if a.status.is_empty() {
            a.status = "ACTIVE".into();
        }
    }
    org
}

impl Sandbox {
    /// The organization this account sees and the management account's data: its own when it
    /// manages it, its management account's file when it is a member.
    pub(crate) fn organization_view(&self) -> (OrganizationState, String, bool) {
        if let Some(path) = &self.organization {
            // With its log: the management account's calls of this run may not be compacted
            // into its file yet.
            let management = crate::cloud::sandbox::log::load::<Data>(path).map(|(d, _)| d).unwrap_or_default();
            return (organization_of(&management), management.account_id.clone(), false);
        }
        let d = self.lock();
        (organization_of(&d), d.account_id.clone(), true)
    }

    /// `baseline sandbox init`: sets this (management) account's organization up as `want`
    /// says, in one call through the store (so it is logged, and all or nothing). Member
    /// accounts are made or dropped to the number asked (their files are not touched); each
    /// delegated administrator is registered with the organization, its service principal
    /// trusted, and, for Amazon Inspector (whose designation is regional), designated in every
    /// region of `want.regions`. Returns the organization as it now is.
    pub(crate) fn set_up_organization(&self, want: &OrganizationSetUp) -> CloudResult<OrganizationState> {
        let op = Op("organizations", "SandboxInit");
        self.apply(op, |d| {
            if self.organization.is_some() {
                let msg = "a member account cannot set up the organization; use its management account's file";
                return Err(op.err(ErrorKind::AccessDenied, "AccessDeniedException", msg));
            }
            let mut org = organization_of(d);
            if let Some(n) = want.members {
                let management = org.accounts.iter().find(|a| a.id == d.account_id).cloned();
                let mut accounts: Vec<OrgAccount> = management.into_iter().collect();
                // Existing members keep their names and status; new ones are numbered.
                let mut i = 0;
                while accounts.len() < n + 1 {
                    let (id, name) = member_id(i);
                    i += 1;
                    if id == d.account_id {
                        continue;
                    }
                    let kept = org.accounts.iter().find(|a| a.id == id).cloned();
                    accounts.push(kept.unwrap_or(OrgAccount {
                        arn: format!("arn:aws:organizations::{}:account/{}/{id}", d.account_id, org.id),
                        email: format!("{name}@example.com"),
                        status: "ACTIVE".into(),
                        id,
                        name,
                    }));
                }
                org.accounts = accounts;
            }
            for (service, account) in &want.delegated_admins {
                if !DELEGATABLE.contains(&service.as_str()) {
                    let msg = format!(
                        "{service:?} is not a service the sandbox delegates; one of: {}",
                        DELEGATABLE.join(", ")
                    );
                    return Err(op.invalid("InvalidInputException", msg));
                }
                if !org.accounts.iter().any(|a| &a.id == account) {
                    let ids: Vec<&str> = org.accounts.iter().map(|a| a.id.as_str()).take(5).collect();
                    let msg = format!(
                        "account {account} is not in the sandbox's organization (its accounts: {}{})",
                        ids.join(", "),
                        if org.accounts.len() > 5 { ", …" } else { "" }
                    );
                    return Err(op.err(ErrorKind::NotFound, "AccountNotFoundException", msg));
                }
                let principal = format!("{service}.amazonaws.com");
                if !org.service_access_principals.contains(&principal) {
                    org.service_access_principals.push(principal.clone());
                    org.service_access_principals.sort();
                }
                org.delegation_dates.entry(principal.clone()).or_insert_with(now_rfc3339);
                org.delegated_administrators.insert(principal, account.clone());
                // The services whose designation is regional: in every region.
                for r in &want.regions {
                    match service.as_str() {
                        "inspector2" => d.region_mut(r).inspector2.delegated_admin = Some(account.clone()),
                        "guardduty" => d.region_mut(r).guardduty.admin = Some(account.clone()),
                        "securityhub" => d.region_mut(r).securityhub.admin = Some(account.clone()),
                        _ => {}
                    }
                }
            }
            d.organization = Some(org.clone());
            Ok(org)
        })
    }

    /// Changes the organization, from its management account only, through the store.
    fn change_organization<T>(
        &self,
        op: Op,
        f: impl FnOnce(&mut OrganizationState, &str) -> CloudResult<T>,
    ) -> CloudResult<T> {
        self.check_fault(op)?;
        if self.organization.is_some() {
            let msg = "You don't have permissions to access this resource.";
            return Err(op.err(ErrorKind::AccessDenied, "AccessDeniedException", msg));
        }
        self.apply(op, |d| {
            let mut org = organization_of(d);
            let out = f(&mut org, &d.account_id)?;
            d.organization = Some(org);
            Ok(out)
        })
    }

    fn require_management(&self, op: Op) -> CloudResult<OrganizationState> {
        let (org, _, management) = self.organization_view();
        if !management {
            let msg = "You don't have permissions to access this resource.";
            return Err(op.err(ErrorKind::AccessDenied, "AccessDeniedException", msg));
        }
        Ok(org)
    }
}

#[async_trait]
impl Organizations for Sandbox {
    async fn describe_organization(&self) -> CloudResult<Option<Organization>> {
        self.check_fault(Op("organizations", "DescribeOrganization"))?;
        let (org, master, _) = self.organization_view();
        let email = org.accounts.iter().find(|a| a.id == master).map(|a| a.email.clone()).unwrap_or_default();
        Ok(Some(Organization {
            arn: format!("arn:aws:organizations::{master}:organization/{}", org.id),
            master_account_arn: format!("arn:aws:organizations::{master}:account/{}/{master}", org.id),
            id: org.id,
            feature_set: org.feature_set,
            master_account_id: master,
            master_account_email: email,
        }))
    }

    async fn list_accounts(&self) -> CloudResult<Vec<OrgAccount>> {
        let op = Op("organizations", "ListAccounts");
        self.check_fault(op)?;
        Ok(self.require_management(op)?.accounts)
    }

    async fn list_roots(&self) -> CloudResult<Vec<Root>> {
        let op = Op("organizations", "ListRoots");
        self.check_fault(op)?;
        let org = self.require_management(op)?;
        let (_, master, _) = self.organization_view();
        let root_id = root_id_of(&org.id);
        Ok(vec![Root {
            arn: format!("arn:aws:organizations::{master}:root/{}/{root_id}", org.id),
            id: root_id,
            name: "Root".into(),
            policy_types: org.enabled_policy_types.iter().map(|t| (t.clone(), "ENABLED".into())).collect(),
        }])
    }

    async fn list_aws_service_access(&self) -> CloudResult<Vec<String>> {
        let op = Op("organizations", "ListAWSServiceAccessForOrganization");
        self.check_fault(op)?;
        Ok(self.require_management(op)?.service_access_principals)
    }

    /// Organizations' rules: a member account of this organization (not the management
    /// account), a service that supports delegation, one administrator per service.
    async fn register_delegated_administrator(&self, account: &str, principal: &str) -> CloudResult<()> {
        let op = Op("organizations", "RegisterDelegatedAdministrator");
        self.change_organization(op, |org, management| {
            let service = principal.strip_suffix(".amazonaws.com").unwrap_or("");
            if !DELEGATABLE.contains(&service) {
                let msg = format!("You specified an unrecognized service principal: {principal}");
                return Err(op.invalid("InvalidInputException", msg));
            }
            if account == management {
                let msg = "You cannot register the management account of an organization as a delegated administrator for an AWS service.";
                return Err(op.invalid("ConstraintViolationException", msg));
            }
            if !org.accounts.iter().any(|a| a.id == account) {
                let msg = "You specified an account that doesn't exist.";
                return Err(op.err(ErrorKind::NotFound, "AccountNotFoundException", msg));
            }
            match org.delegated_administrators.get(principal) {
                Some(a) if a == account => {
                    let msg = "The provided account is already a delegated administrator for your organization.";
                    return Err(op.err(ErrorKind::AlreadyExists, "AccountAlreadyRegisteredException", msg));
                }
                Some(_) => {
                    let msg = format!("{principal} already has a delegated administrator; deregister it first.");
                    return Err(op.invalid("ConstraintViolationException", msg));
                }
                None => {}
            }
            org.delegated_administrators.insert(principal.to_string(), account.to_string());
            org.delegation_dates.insert(principal.to_string(), now_rfc3339());
            Ok(())
        })
    }

    async fn deregister_delegated_administrator(&self, account: &str, principal: &str) -> CloudResult<()> {
        let op = Op("organizations", "DeregisterDelegatedAdministrator");
        self.change_organization(op, |org, _| {
            if org.delegated_administrators.get(principal).map(String::as_str) != Some(account) {
                let msg = "The provided account is not a registered delegated administrator for your organization.";
                return Err(op.err(ErrorKind::NotFound, "AccountNotRegisteredException", msg));
            }
            org.delegated_administrators.remove(principal);
            org.delegation_dates.remove(principal);
            Ok(())
        })
    }

    async fn list_delegated_administrators(&self, principal: Option<&str>) -> CloudResult<Vec<DelegatedAdministrator>> {
        let op = Op("organizations", "ListDelegatedAdministrators");
        self.check_fault(op)?;
        let org = self.require_management(op)?;
        let mut out: Vec<DelegatedAdministrator> = Vec::new();
        for (p, account) in &org.delegated_administrators {
            if principal.is_some_and(|want| want != p) || out.iter().any(|a| &a.id == account) {
                continue;
            }
            let Some(a) = org.accounts.iter().find(|a| &a.id == account) else { continue };
            // An account delegated several services is listed once, with its first delegation.
            let date = org.delegation_dates.get(p).cloned().unwrap_or_else(|| CREATED.to_string());
            out.push(DelegatedAdministrator {
                id: a.id.clone(),
                arn: a.arn.clone(),
                email: a.email.clone(),
                name: a.name.clone(),
                status: a.status.clone(),
                joined_method: "CREATED".into(),
                joined_timestamp: CREATED.into(),
                delegation_enabled_date: date,
            });
        }
        Ok(out)
    }

    async fn list_delegated_services(&self, account: &str) -> CloudResult<Vec<DelegatedService>> {
        let op = Op("organizations", "ListDelegatedServicesForAccount");
        self.check_fault(op)?;
        let org = self.require_management(op)?;
        let services: Vec<DelegatedService> = org
            .delegated_administrators
            .iter()
            .filter(|(_, a)| *a == account)
            .map(|(p, _)| DelegatedService {
                service_principal: p.clone(),
                delegation_enabled_date: org.delegation_dates.get(p).cloned().unwrap_or_else(|| CREATED.to_string()),
            })
            .collect();
        if services.is_empty() {
            let msg = "The provided account is not a registered delegated administrator for your organization.";
            return Err(op.err(ErrorKind::NotFound, "AccountNotRegisteredException", msg));
        }
        Ok(services)
    }

    /// The sandbox's management account always manages an organization, and a member is in
    /// one: creating another is refused as AWS refuses it.
    async fn create_organization(&self, feature_set: &str) -> CloudResult<()> {
        let op = Op("organizations", "CreateOrganization");
        self.check_fault(op)?;
        enum_value(op, "FeatureSet", feature_set, &["ALL", "CONSOLIDATED_BILLING"])?;
        let msg = "The AWS account is already a member of an organization.";
        Err(op.err(ErrorKind::AlreadyExists, "AlreadyInOrganizationException", msg))
    }

    async fn delete_organization(&self) -> CloudResult<()> {
        let op = Op("organizations", "DeleteOrganization");
        self.change_organization(op, |org, management| {
            if org.accounts.iter().any(|a| a.id != management && a.status != "SUSPENDED") {
                let msg = "The organization must be empty of member accounts before you can delete it.";
                return Err(op.err(ErrorKind::Conflict, "OrganizationNotEmptyException", msg));
            }
            // The sandbox always keeps an organization: an empty one stays, with nothing trusted
            // and no policy type enabled.
            org.service_access_principals.clear();
            org.enabled_policy_types.clear();
            Ok(())
        })
    }

    async fn enable_service_access(&self, principal: &str) -> CloudResult<()> {
        let op = Op("organizations", "EnableAWSServiceAccess");
        self.change_organization(op, |org, _| {
            if !principal.ends_with(".amazonaws.com") || principal.len() <= ".amazonaws.com".len() {
                let msg = format!("You specified an unrecognized service principal: {principal}");
                return Err(op.invalid("InvalidInputException", msg));
            }
            if org.feature_set != "ALL" {
                let msg = "Trusted access needs all features enabled in the organization.";
                return Err(op.invalid("ConstraintViolationException", msg));
            }
            if !org.service_access_principals.iter().any(|p| p == principal) {
                org.service_access_principals.push(principal.to_string());
                org.service_access_principals.sort();
            }
            Ok(())
        })
    }

    async fn disable_service_access(&self, principal: &str) -> CloudResult<()> {
        let op = Op("organizations", "DisableAWSServiceAccess");
        self.change_organization(op, |org, _| {
            org.service_access_principals.retain(|p| p != principal);
            Ok(())
        })
    }

    async fn enable_policy_type(&self, root: &str, policy_type: &str) -> CloudResult<()> {
        let op = Op("organizations", "EnablePolicyType");
        self.change_organization(op, |org, _| {
            enum_value(op, "PolicyType", policy_type, &super::POLICY_TYPES)?;
            check_root(op, org, root)?;
            if org.feature_set != "ALL" {
                let msg = "Policy types need all features enabled in the organization.";
                return Err(op.invalid("ConstraintViolationException", msg));
            }
            if org.enabled_policy_types.iter().any(|t| t == policy_type) {
                let msg = "The specified policy type is already enabled.";
                return Err(op.err(ErrorKind::AlreadyExists, "PolicyTypeAlreadyEnabledException", msg));
            }
            org.enabled_policy_types.push(policy_type.to_string());
            org.enabled_policy_types.sort();
            Ok(())
        })
    }

    async fn disable_policy_type(&self, root: &str, policy_type: &str) -> CloudResult<()> {
        let op = Op("organizations", "DisablePolicyType");
        self.change_organization(op, |org, _| {
            check_root(op, org, root)?;
            if !org.enabled_policy_types.iter().any(|t| t == policy_type) {
                let msg = "The specified policy type is not currently enabled in this root.";
                return Err(op.not_found("PolicyTypeNotEnabledException", msg));
            }
            org.enabled_policy_types.retain(|t| t != policy_type);
            Ok(())
        })
    }
}

fn check_root(op: Op, org: &OrganizationState, root: &str) -> CloudResult<()> {
    if root == root_id_of(&org.id) {
        return Ok(());
    }
    let msg = format!("We can't find a root with the ID {root} that you specified.");
    Err(op.not_found("RootNotFoundException", msg))
}

/// The id of the organization `org_id`'s root (`r-` and four characters of the organization's
/// id), which other services' sandboxes name as a target too.
pub(crate) fn root_id_of(org_id: &str) -> String {
    format!("r-{}", org_id.get(2..).unwrap_or_default().chars().take(4).collect::<String>())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn the_management_account_lists_members_and_a_member_may_not() {
        let dir = tempfile::tempdir().unwrap();
        let management = dir.path().join("sandbox.json");
        let sb = Sandbox::open(&management).unwrap();
        let org = sb.describe_organization().await.unwrap().unwrap();
        assert_eq!(org.master_account_id, ACCOUNT_ID);
        assert!(org.id.starts_with("o-") && org.id.len() == 12, "{}", org.id);
        let ids: Vec<String> = sb.list_accounts().await.unwrap().into_iter().map(|a| a.id).collect();
        assert_eq!(ids, [ACCOUNT_ID, "210987654321", "345678901234"]);
        assert_eq!(sb.list_roots().await.unwrap().len(), 1);

        let member = Sandbox::open_account(&dir.path().join("sandbox-210987654321.json"), "210987654321")
            .unwrap()
            .in_organization(&management);
        assert_eq!(member.describe_organization().await.unwrap().unwrap().id, org.id);
        assert_eq!(member.list_accounts().await.unwrap_err().kind, ErrorKind::AccessDenied);
    }

    #[tokio::test]
    async fn set_up_sizes_the_organization_and_designates_administrators() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sandbox.json");
        let sb = Sandbox::open(&path).unwrap();
        let regions = vec!["us-east-1".to_string(), "eu-west-1".to_string()];
        let admins = vec![("inspector2".to_string(), "200000000004".to_string())];
        let want = OrganizationSetUp { members: Some(5), delegated_admins: admins, regions };
        let org = sb.set_up_organization(&want).unwrap();
        let ids: Vec<&str> = org.accounts.iter().map(|a| a.id.as_str()).collect();
        assert_eq!(ids, [ACCOUNT_ID, "210987654321", "345678901234", "200000000002", "200000000003", "200000000004"]);
        assert_eq!(sb.list_accounts().await.unwrap().len(), 6);
        for r in ["us-east-1", "eu-west-1"] {
            assert_eq!(sb.lock().region(r).inspector2.delegated_admin.as_deref(), Some("200000000004"), "{r}");
        }
        // Fewer members: the first ones stay, with what they were.
        let org = sb.set_up_organization(&OrganizationSetUp { members: Some(1), ..Default::default() }).unwrap();
        assert_eq!(org.accounts.len(), 2);
        assert_eq!(org.accounts[1].name, "security");
        assert_eq!(org.delegated_administrators["inspector2.amazonaws.com"], "200000000004");
        // A refused set-up changes nothing, and the file holds what was set up.
        let bad = vec![("inspector2".to_string(), "200000000004".to_string())];
        let err =
            sb.set_up_organization(&OrganizationSetUp { delegated_admins: bad, ..Default::default() }).unwrap_err();
        assert_eq!(err.kind, ErrorKind::NotFound, "{err}");
        drop(sb);
        let again = Sandbox::open(&path).unwrap();
        assert_eq!(again.list_accounts().await.unwrap().len(), 2);
    }

    #[tokio::test]
    async fn the_account_file_may_describe_its_own_organization() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sandbox.json");
        let file = r#"{"organization": {"id": "o-abcdefghij", "accounts": [
            {"id": "123456789012", "name": "root", "email": "root@example.com"},
            {"id": "111111111111", "name": "logs", "email": "logs@example.com", "status": "SUSPENDED"}]}}"#;
        std::fs::write(&path, file).unwrap();
        let sb = Sandbox::open(&path).unwrap();
        let accounts = sb.list_accounts().await.unwrap();
        assert_eq!(accounts[1].status, "SUSPENDED");
        assert_eq!(accounts[1].arn, "arn:aws:organizations::123456789012:account/o-abcdefghij/111111111111");
        assert_eq!(sb.describe_organization().await.unwrap().unwrap().master_account_email, "root@example.com");
    }

    #[tokio::test]
    async fn delegated_administrators_follow_organizations_rules() {
        let dir = tempfile::tempdir().unwrap();
        let management = dir.path().join("sandbox.json");
        let sb = Sandbox::open(&management).unwrap();
        let p = "securitylake.amazonaws.com";
        // The management account itself, an account outside, a service that does not delegate.
        assert_eq!(sb.register_delegated_administrator(ACCOUNT_ID, p).await.unwrap_err().kind, ErrorKind::Invalid);
        let err = sb.register_delegated_administrator("999999999999", p).await.unwrap_err();
        assert_eq!(err.code, "AccountNotFoundException");
        let err = sb.register_delegated_administrator("210987654321", "s3.amazonaws.com").await.unwrap_err();
        assert_eq!(err.kind, ErrorKind::Invalid);
        sb.register_delegated_administrator("210987654321", p).await.unwrap();
        let again = sb.register_delegated_administrator("210987654321", p).await.unwrap_err();
        assert_eq!(again.code, "AccountAlreadyRegisteredException");
        let other = sb.register_delegated_administrator("345678901234", p).await.unwrap_err();
        assert_eq!(other.kind, ErrorKind::Invalid, "one administrator per service");
        let admins = sb.list_delegated_administrators(Some(p)).await.unwrap();
        assert_eq!(admins.len(), 1);
        assert_eq!((admins[0].id.as_str(), admins[0].status.as_str()), ("210987654321", "ACTIVE"));
        assert!(sb.list_delegated_administrators(Some("guardduty.amazonaws.com")).await.unwrap().is_empty());
        let services = sb.list_delegated_services("210987654321").await.unwrap();
        assert_eq!(services[0].service_principal, p);
        assert_eq!(sb.list_delegated_services("345678901234").await.unwrap_err().kind, ErrorKind::NotFound);
        // A member may not register; deregistering twice finds nothing the second time.
        let member = Sandbox::open_account(&dir.path().join("sandbox-210987654321.json"), "210987654321")
            .unwrap()
            .in_organization(&management);
        let denied = member.register_delegated_administrator("345678901234", "guardduty.amazonaws.com").await;
        assert_eq!(denied.unwrap_err().kind, ErrorKind::AccessDenied);
        sb.deregister_delegated_administrator("210987654321", p).await.unwrap();
        let gone = sb.deregister_delegated_administrator("210987654321", p).await.unwrap_err();
        assert_eq!(gone.kind, ErrorKind::NotFound);
        assert!(sb.list_delegated_administrators(None).await.unwrap().is_empty());
    }
}
