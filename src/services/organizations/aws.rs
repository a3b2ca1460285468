//! Organizations over the SDK.

use std::sync::Arc;

use async_trait::async_trait;

use aws_smithy_types::date_time::Format;

use super::{DelegatedAdministrator, DelegatedService, OrgAccount, Organization, Organizations, Root};
use crate::cloud::aws::{cloud_error, Connection};
use crate::cloud::CloudResult;

/// Organizations over the SDK (one global client).
pub struct Client {
    org: aws_sdk_organizations::Client,
}

impl Client {
    /// The Organizations client of `conn`.
    pub fn new(conn: &Arc<Connection>) -> Client {
        Client { org: crate::sdk_client!(conn, aws_sdk_organizations, "organizations", None) }
    }
}

#[async_trait]
impl Organizations for Client {
    async fn describe_organization(&self) -> CloudResult<Option<Organization>> {
        let out = match self.org.describe_organization().send().await {
            Ok(out) => out,
            Err(e) => {
                let err = cloud_error("organizations", "DescribeOrganization", None, e);
                return err.absent();
            }
        };
        Ok(out.organization().map(|o| Organization {
            id: o.id().unwrap_or_default().to_string(),
            arn: o.arn().unwrap_or_default().to_string(),
            feature_set: o.feature_set().map(|f| f.as_str().to_string()).unwrap_or_default(),
            master_account_arn: o.master_account_arn().unwrap_or_default().to_string(),
            master_account_id: o.master_account_id().unwrap_or_default().to_string(),
            master_account_email: o.master_account_email().unwrap_or_default().to_string(),
        }))
    }

    async fn list_accounts(&self) -> CloudResult<Vec<OrgAccount>> {
        let mut out = Vec::new();
        let mut token: Option<String> = None;
        loop {
            let page = self
                .org
                .list_accounts()
                .set_next_token(token.take())
                .send()
                .await
                .map_err(|e| cloud_error("organizations", "ListAccounts", None, e))?;
            out.extend(page.accounts().iter().map(|a| OrgAccount {
                id: a.id().unwrap_or_default().to_string(),
                arn: a.arn().unwrap_or_default().to_string(),
                name: a.name().unwrap_or_default().to_string(),
                email: a.email().unwrap_or_default().to_string(),
                status: a.status().map(|s| s.as_str().to_string()).unwrap_or_default(),
            }));
            match page.next_token() {
                Some(t) => token = Some(t.to_string()),
                None => break,
            }
        }
        Ok(out)
    }

    async fn list_roots(&self) -> CloudResult<Vec<Root>> {
        let mut out = Vec::new();
        let mut token: Option<String> = None;
        loop {
            let page = self
                .org
                .list_roots()
                .set_next_token(token.take())
                .send()
                .await
                .map_err(|e| cloud_error("organizations", "ListRoots", None, e))?;
            out.extend(page.roots().iter().map(|r| {
                Root {
                    id: r.id().unwrap_or_default().to_string(),
                    arn: r.arn().unwrap_or_default().to_string(),
                    name: r.name().unwrap_or_default().to_string(),
                    policy_types: r
                        .policy_types()
                        .iter()
                        .map(|p| {
                            let t = p.r#type().map(|t| t.as_str().to_string()).unwrap_or_default();
                            (t, p.status().map(|s| s.as_str().to_string()).unwrap_or_default())
                        })
                        .collect(),
                }
            }));
            match page.next_token() {
                Some(t) => token = Some(t.to_string()),
                None => break,
            }
        }
        Ok(out)
    }

    async fn list_aws_service_access(&self) -> CloudResult<Vec<String>> {
        let mut out = Vec::new();
        let mut token: Option<String> = None;
        loop {
            let page = self
                .org
                .list_aws_service_access_for_organization()
                .set_next_token(token.take())
                .send()
                .await
                .map_err(|e| cloud_error("organizations", "ListAWSServiceAccessForOrganization", None, e))?;
            out.extend(
                page.enabled_service_principals().iter().filter_map(|p| p.service_principal().map(str::to_string)),
            );
            match page.next_token() {
                Some(t) => token = Some(t.to_string()),
                None => break,
            }
        }
        Ok(out)
    }

    async fn register_delegated_administrator(&self, account: &str, principal: &str) -> CloudResult<()> {
        self.org
            .register_delegated_administrator()
            .account_id(account)
            .service_principal(principal)
            .send()
            .await
            .map_err(|e| cloud_error("organizations", "RegisterDelegatedAdministrator", None, e))?;
        Ok(())
    }

    async fn deregister_delegated_administrator(&self, account: &str, principal: &str) -> CloudResult<()> {
        self.org
            .deregister_delegated_administrator()
            .account_id(account)
            .service_principal(principal)
            .send()
            .await
            .map_err(|e| cloud_error("organizations", "DeregisterDelegatedAdministrator", None, e))?;
        Ok(())
    }

    async fn list_delegated_administrators(&self, principal: Option<&str>) -> CloudResult<Vec<DelegatedAdministrator>> {
        let time =
            |t: Option<&aws_smithy_types::DateTime>| t.and_then(|t| t.fmt(Format::DateTime).ok()).unwrap_or_default();
        let mut out = Vec::new();
        let mut token: Option<String> = None;
        loop {
            let page = self
                .org
                .list_delegated_administrators()
                .set_service_principal(principal.map(str::to_string))
                .set_next_token(token.take())
                .send()
                .await
                .map_err(|e| cloud_error("organizations", "ListDelegatedAdministrators", None, e))?;
            out.extend(page.delegated_administrators().iter().map(|a| DelegatedAdministrator {
                id: a.id().unwrap_or_default().to_string(),
                arn: a.arn().unwrap_or_default().to_string(),
                email: a.email().unwrap_or_default().to_string(),
                name: a.name().unwrap_or_default().to_string(),
                status: a.status().map(|s| s.as_str().to_string()).unwrap_or_default(),
                joined_method: a.joined_method().map(|s| s.as_str().to_string()).unwrap_or_default(),
                joined_timestamp: time(a.joined_timestamp()),
                delegation_enabled_date: time(a.delegation_enabled_date()),
            }));
            match page.next_token() {
                Some(t) => token = Some(t.to_string()),
                None => break,
            }
        }
        Ok(out)
    }

    async fn list_delegated_services(&self, account: &str) -> CloudResult<Vec<DelegatedService>> {
        let mut out = Vec::new();
        let mut token: Option<String> = None;
        loop {
            let page = self
                .org
                .list_delegated_services_for_account()
                .account_id(account)
                .set_next_token(token.take())
                .send()
                .await
                .map_err(|e| cloud_error("organizations", "ListDelegatedServicesForAccount", None, e))?;
            out.extend(page.delegated_services().iter().map(|d| DelegatedService {
                service_principal: d.service_principal().unwrap_or_default().to_string(),
                delegation_enabled_date:
                    d.delegation_enabled_date().and_then(|t| t.fmt(Format::DateTime).ok()).unwrap_or_default(),
            }));
            match page.next_token() {
                Some(t) => token = Some(t.to_string()),
                None => break,
            }
        }
        Ok(out)
    }

    async fn create_organization(&self, feature_set: &str) -> CloudResult<()> {
        self.org
            .create_organization()
            .feature_set(aws_sdk_organizations::types::OrganizationFeatureSet::from(feature_set))
            .send()
            .await
            .map_err(|e| cloud_error("organizations", "CreateOrganization", None, e))?;
        Ok(())
    }

    async fn delete_organization(&self) -> CloudResult<()> {
        self.org
            .delete_organization()
            .send()
            .await
            .map_err(|e| cloud_error("organizations", "DeleteOrganization", None, e))?;
        Ok(())
    }

    async fn enable_service_access(&self, principal: &str) -> CloudResult<()> {
        self.org
            .enable_aws_service_access()
            .service_principal(principal)
            .send()
            .await
            .map_err(|e| cloud_error("organizations", "EnableAWSServiceAccess", Some(principal), e))?;
        Ok(())
    }

    async fn disable_service_access(&self, principal: &str) -> CloudResult<()> {
        self.org
            .disable_aws_service_access()
            .service_principal(principal)
            .send()
            .await
            .map_err(|e| cloud_error("organizations", "DisableAWSServiceAccess", Some(principal), e))?;
        Ok(())
    }

    async fn enable_policy_type(&self, root: &str, policy_type: &str) -> CloudResult<()> {
        self.org
            .enable_policy_type()
            .root_id(root)
            .policy_type(aws_sdk_organizations::types::PolicyType::from(policy_type))
            .send()
            .await
            .map_err(|e| cloud_error("organizations", "EnablePolicyType", Some(policy_type), e))?;
        Ok(())
    }

    async fn disable_policy_type(&self, root: &str, policy_type: &str) -> CloudResult<()> {
        self.org
            .disable_policy_type()
            .root_id(root)
            .policy_type(aws_sdk_organizations::types::PolicyType::from(policy_type))
            .send()
            .await
            .map_err(|e| cloud_error("organizations", "DisablePolicyType", Some(policy_type), e))?;
        Ok(())
    }
}
