//! Organizations in the sandbox. The sandbox account manages an organization: the one its
//! file describes under `organization`, or by default one with two member accounts, so that
//! configurations iterating over the organization's accounts can be tried. An account opened
//! as a member (an `assume_role` into another account) sees its management account's
//! organization and, as in AWS, may not list its accounts.

use async_trait::async_trait;
use serde::{Deserialize, Serialize};

use super::{OrgAccount, Organization, Organizations, Root};
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
    fn organization_view(&self) -> (OrganizationState, String, bool) {
        if let Some(path) = &self.organization {
            let management = std::fs::read_to_string(path)
                .ok()
                .and_then(|t| serde_json::from_str::<Data>(&t).ok())
                .unwrap_or_default();
            return (organization_of(&management), management.account_id.clone(), false);
        }
        let d = self.lock();
        (organization_of(&d), d.account_id.clone(), true)
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
        let root_id = format!("r-{}", &org.id[2..].chars().take(4).collect::<String>());
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
}
