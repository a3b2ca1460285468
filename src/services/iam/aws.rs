//! IAM calls. IAM returns policy documents URL-encoded; they are decoded here so everything
//! above compares plain JSON.

use aws_sdk_iam::types::Tag;
use aws_sdk_iam::Client as SdkClient;
use aws_smithy_types::date_time::Format;

use crate::cloud::aws::cloud_error;
use crate::cloud::{CloudResult, ErrorKind, Tags};
use std::sync::Arc;

use async_trait::async_trait;

use super::{
    CreatePolicyInput, CreateRoleInput, Iam, IamRole, ManagedPolicy, PasswordPolicy, PolicyVersion, RoleDetails,
};
use crate::cloud::aws::Connection;

/// Decodes a URL-encoded policy document (documents that are not encoded pass through).
pub fn decode_document(doc: &str) -> String {
    if doc.trim_start().starts_with('{') {
        return doc.to_string();
    }
    percent_encoding::percent_decode_str(doc).decode_utf8_lossy().into_owned()
}

fn role(r: &aws_sdk_iam::types::Role) -> IamRole {
    IamRole {
        name: r.role_name().to_string(),
        arn: r.arn().to_string(),
        role_id: r.role_id().to_string(),
        path: r.path().to_string(),
        create_date: r.create_date().fmt(Format::DateTime).unwrap_or_default(),
        assume_role_policy_document: r.assume_role_policy_document().map(decode_document).unwrap_or_default(),
        description: r.description().filter(|d| !d.is_empty()).map(str::to_string),
        max_session_duration: r.max_session_duration().map(i64::from).unwrap_or(3600),
        permissions_boundary: r.permissions_boundary().and_then(|b| b.permissions_boundary_arn()).map(str::to_string),
        tags: r.tags().iter().map(|t| (t.key().to_string(), t.value().to_string())).collect(),
    }
}

fn tags(t: &Tags) -> Vec<Tag> {
    // Tag::build fails only without key or value; both are always set here.
    t.iter().filter_map(|(k, v)| Tag::builder().key(k).value(v).build().ok()).collect()
}

fn role_arn_hint(name: &str) -> String {
    format!("arn:aws:iam::*:role/{name}")
}

/// `CreateServiceLinkedRole`.
pub(crate) async fn create_service_linked_role(
    c: &SdkClient,
    service: &str,
    description: Option<&str>,
    suffix: Option<&str>,
) -> CloudResult<IamRole> {
    let out = c
        .create_service_linked_role()
        .aws_service_name(service)
        .set_description(description.map(str::to_string))
        .set_custom_suffix(suffix.map(str::to_string))
        .send()
        .await
        .map_err(|e| cloud_error("iam", "CreateServiceLinkedRole", Some(service), e))?;
    out.role().map(role).ok_or_else(|| missing("CreateServiceLinkedRole"))
}

fn missing(op: &'static str) -> crate::cloud::CloudError {
    crate::cloud::CloudError::new("iam", op, ErrorKind::Other, "EmptyResponse", "AWS answered without the role")
}

/// `DeleteServiceLinkedRole`: returns the deletion task id.
pub(crate) async fn delete_service_linked_role(c: &SdkClient, name: &str) -> CloudResult<String> {
    let out = c
        .delete_service_linked_role()
        .role_name(name)
        .send()
        .await
        .map_err(|e| cloud_error("iam", "DeleteServiceLinkedRole", Some(&role_arn_hint(name)), e))?;
    Ok(out.deletion_task_id().to_string())
}

/// `GetRole`; `None` when the role does not exist.
pub(crate) async fn get_role(c: &SdkClient, name: &str) -> CloudResult<Option<IamRole>> {
    match c.get_role().role_name(name).send().await {
        Ok(out) => Ok(out.role().map(role)),
        Err(e) => {
            let err = cloud_error("iam", "GetRole", Some(&role_arn_hint(name)), e);
            if err.kind == ErrorKind::NotFound {
                Ok(None)
            } else {
                Err(err)
            }
        }
    }
}

/// `GetAccountAuthorizationDetails` (roles) merged with `ListRoles`, both paginated.
pub(crate) async fn role_details(c: &SdkClient) -> CloudResult<Vec<RoleDetails>> {
    const PAGE: i32 = 1000;
    let mut listed: std::collections::HashMap<String, IamRole> = std::collections::HashMap::new();
    let mut marker: Option<String> = None;
    loop {
        let page = c
            .list_roles()
            .max_items(PAGE)
            .set_marker(marker.take())
            .send()
            .await
            .map_err(|e| cloud_error("iam", "ListRoles", None, e))?;
        listed.extend(page.roles().iter().map(|r| (r.role_name().to_string(), role(r))));
        match page.marker() {
            Some(m) if page.is_truncated() => marker = Some(m.to_string()),
            _ => break,
        }
    }
    let mut out = Vec::new();
    loop {
        let page = c
            .get_account_authorization_details()
            .filter(aws_sdk_iam::types::EntityType::Role)
            .max_items(PAGE)
            .set_marker(marker.take())
            .send()
            .await
            .map_err(|e| cloud_error("iam", "GetAccountAuthorizationDetails", None, e))?;
        for d in page.role_detail_list() {
            let name = d.role_name().unwrap_or_default();
            // A role made between the two listings is left out: the next read sees it.
            let Some(listed) = listed.remove(name) else { continue };
            let role = IamRole {
                permissions_boundary: d
                    .permissions_boundary()
                    .and_then(|b| b.permissions_boundary_arn())
                    .map(str::to_string),
                tags: d.tags().iter().map(|t| (t.key().to_string(), t.value().to_string())).collect(),
                assume_role_policy_document: d
                    .assume_role_policy_document()
                    .map(decode_document)
                    .unwrap_or(listed.assume_role_policy_document.clone()),
                ..listed
            };
            let inline = d
                .role_policy_list()
                .iter()
                .filter_map(|p| Some((p.policy_name()?.to_string(), decode_document(p.policy_document()?))))
                .collect();
            let attached =
                d.attached_managed_policies().iter().filter_map(|p| p.policy_arn().map(str::to_string)).collect();
            out.push(RoleDetails { role, inline, attached });
        }
        match page.marker() {
            Some(m) if page.is_truncated() => marker = Some(m.to_string()),
            _ => break,
        }
    }
    Ok(out)
}

/// `CreateRole`.
pub(crate) async fn create_role(c: &SdkClient, input: &CreateRoleInput) -> CloudResult<IamRole> {
    let out = c
        .create_role()
        .role_name(&input.name)
        .path(&input.path)
        .assume_role_policy_document(&input.assume_role_policy_document)
        .set_description(input.description.clone())
        .set_max_session_duration(input.max_session_duration.and_then(|m| i32::try_from(m).ok()))
        .set_permissions_boundary(input.permissions_boundary.clone())
        .set_tags((!input.tags.is_empty()).then(|| tags(&input.tags)))
        .send()
        .await
        .map_err(|e| cloud_error("iam", "CreateRole", Some(&role_arn_hint(&input.name)), e))?;
    out.role().map(role).ok_or_else(|| missing("CreateRole"))
}

/// `UpdateRole`.
pub(crate) async fn update_role(
    c: &SdkClient,
    name: &str,
    description: Option<&str>,
    max: Option<i64>,
) -> CloudResult<()> {
    c.update_role()
        .role_name(name)
        .set_description(description.map(str::to_string))
        .set_max_session_duration(max.and_then(|m| i32::try_from(m).ok()))
        .send()
        .await
        .map_err(|e| cloud_error("iam", "UpdateRole", Some(&role_arn_hint(name)), e))?;
    Ok(())
}

/// `UpdateAssumeRolePolicy`.
pub(crate) async fn update_assume_role_policy(c: &SdkClient, name: &str, doc: &str) -> CloudResult<()> {
    c.update_assume_role_policy()
        .role_name(name)
        .policy_document(doc)
        .send()
        .await
        .map_err(|e| cloud_error("iam", "UpdateAssumeRolePolicy", Some(&role_arn_hint(name)), e))?;
    Ok(())
}

/// `PutRolePermissionsBoundary` or `DeleteRolePermissionsBoundary`.
pub(crate) async fn set_permissions_boundary(c: &SdkClient, name: &str, arn: Option<&str>) -> CloudResult<()> {
    let hint = role_arn_hint(name);
    match arn {
        Some(a) => c
            .put_role_permissions_boundary()
            .role_name(name)
            .permissions_boundary(a)
            .send()
            .await
            .map(|_| ())
            .map_err(|e| cloud_error("iam", "PutRolePermissionsBoundary", Some(&hint), e)),
        None => c
            .delete_role_permissions_boundary()
            .role_name(name)
            .send()
            .await
            .map(|_| ())
            .map_err(|e| cloud_error("iam", "DeleteRolePermissionsBoundary", Some(&hint), e)),
    }
}

/// `TagRole`.
pub(crate) async fn tag_role(c: &SdkClient, name: &str, t: &Tags) -> CloudResult<()> {
    c.tag_role()
        .role_name(name)
        .set_tags(Some(tags(t)))
        .send()
        .await
        .map_err(|e| cloud_error("iam", "TagRole", Some(&role_arn_hint(name)), e))?;
    Ok(())
}

/// `UntagRole`.
pub(crate) async fn untag_role(c: &SdkClient, name: &str, keys: &[String]) -> CloudResult<()> {
    c.untag_role()
        .role_name(name)
        .set_tag_keys(Some(keys.to_vec()))
        .send()
        .await
        .map_err(|e| cloud_error("iam", "UntagRole", Some(&role_arn_hint(name)), e))?;
    Ok(())
}

/// `DeleteRole`.
pub(crate) async fn delete_role(c: &SdkClient, name: &str) -> CloudResult<()> {
    c.delete_role()
        .role_name(name)
        .send()
        .await
        .map_err(|e| cloud_error("iam", "DeleteRole", Some(&role_arn_hint(name)), e))?;
    Ok(())
}

/// `ListRolePolicies`, all pages, sorted.
pub(crate) async fn list_role_policies(c: &SdkClient, name: &str) -> CloudResult<Vec<String>> {
    let mut out = Vec::new();
    let mut marker: Option<String> = None;
    loop {
        let page = c
            .list_role_policies()
            .role_name(name)
            .set_marker(marker.take())
            .send()
            .await
            .map_err(|e| cloud_error("iam", "ListRolePolicies", Some(&role_arn_hint(name)), e))?;
        out.extend(page.policy_names().iter().cloned());
        match page.marker() {
            Some(m) if page.is_truncated() => marker = Some(m.to_string()),
            _ => break,
        }
    }
    out.sort();
    Ok(out)
}

/// `GetRolePolicy`, decoded; `None` when the role or policy does not exist.
pub(crate) async fn get_role_policy(c: &SdkClient, name: &str, policy: &str) -> CloudResult<Option<String>> {
    match c.get_role_policy().role_name(name).policy_name(policy).send().await {
        Ok(out) => Ok(Some(decode_document(out.policy_document()))),
        Err(e) => {
            let err = cloud_error("iam", "GetRolePolicy", Some(&role_arn_hint(name)), e);
            if err.kind == ErrorKind::NotFound {
                Ok(None)
            } else {
                Err(err)
            }
        }
    }
}

/// `PutRolePolicy`.
pub(crate) async fn put_role_policy(c: &SdkClient, name: &str, policy: &str, doc: &str) -> CloudResult<()> {
    c.put_role_policy()
        .role_name(name)
        .policy_name(policy)
        .policy_document(doc)
        .send()
        .await
        .map_err(|e| cloud_error("iam", "PutRolePolicy", Some(&role_arn_hint(name)), e))?;
    Ok(())
}

/// `DeleteRolePolicy`.
pub(crate) async fn delete_role_policy(c: &SdkClient, name: &str, policy: &str) -> CloudResult<()> {
    c.delete_role_policy()
        .role_name(name)
        .policy_name(policy)
        .send()
        .await
        .map_err(|e| cloud_error("iam", "DeleteRolePolicy", Some(&role_arn_hint(name)), e))?;
    Ok(())
}

/// `GetPolicy` then `GetPolicyVersion` of its default version; `None` when either is missing.
pub(crate) async fn get_policy(c: &SdkClient, arn: &str) -> CloudResult<Option<ManagedPolicy>> {
    let p = match c.get_policy().policy_arn(arn).send().await {
        Ok(out) => match out.policy {
            Some(p) => p,
            None => return Ok(None),
        },
        Err(e) => {
            let err = cloud_error("iam", "GetPolicy", Some(arn), e);
            return err.absent();
        }
    };
    let version = p.default_version_id().unwrap_or("v1").to_string();
    let document = match c.get_policy_version().policy_arn(arn).version_id(&version).send().await {
        Ok(out) => out.policy_version().and_then(|v| v.document()).map(decode_document).unwrap_or_default(),
        Err(e) => {
            let err = cloud_error("iam", "GetPolicyVersion", Some(arn), e);
            return err.absent();
        }
    };
    Ok(Some(ManagedPolicy {
        name: p.policy_name().unwrap_or_default().to_string(),
        arn: p.arn().unwrap_or(arn).to_string(),
        policy_id: p.policy_id().unwrap_or_default().to_string(),
        path: p.path().unwrap_or("/").to_string(),
        description: p.description().filter(|d| !d.is_empty()).map(str::to_string),
        default_version_id: version,
        attachment_count: p.attachment_count().map(i64::from).unwrap_or(0),
        tags: p.tags().iter().map(|t| (t.key().to_string(), t.value().to_string())).collect(),
        document,
    }))
}

/// `ListPolicies`, every page.
pub(crate) async fn list_policies(
    c: &SdkClient,
    prefix: Option<&str>,
    local: bool,
) -> CloudResult<Vec<(String, String)>> {
    let scope =
        if local { aws_sdk_iam::types::PolicyScopeType::Local } else { aws_sdk_iam::types::PolicyScopeType::All };
    let mut out = Vec::new();
    let mut marker: Option<String> = None;
    loop {
        let page = c
            .list_policies()
            .scope(scope.clone())
            .set_path_prefix(prefix.map(str::to_string))
            .set_marker(marker.take())
            .send()
            .await
            .map_err(|e| cloud_error("iam", "ListPolicies", None, e))?;
        for p in page.policies() {
            if let (Some(n), Some(a)) = (p.policy_name(), p.arn()) {
                out.push((n.to_string(), a.to_string()));
            }
        }
        match page.marker() {
            Some(m) if page.is_truncated() => marker = Some(m.to_string()),
            _ => break,
        }
    }
    Ok(out)
}

/// `CreatePolicy`.
pub(crate) async fn create_policy(c: &SdkClient, input: &CreatePolicyInput) -> CloudResult<ManagedPolicy> {
    let hint = format!("arn:aws:iam::*:policy{}{}", input.path, input.name);
    let out = c
        .create_policy()
        .policy_name(&input.name)
        .path(&input.path)
        .policy_document(&input.document)
        .set_description(input.description.clone())
        .set_tags((!input.tags.is_empty()).then(|| tags(&input.tags)))
        .send()
        .await
        .map_err(|e| cloud_error("iam", "CreatePolicy", Some(&hint), e))?;
    let p = out.policy().ok_or_else(|| missing("CreatePolicy"))?;
    Ok(ManagedPolicy {
        name: p.policy_name().unwrap_or(&input.name).to_string(),
        arn: p.arn().unwrap_or_default().to_string(),
        policy_id: p.policy_id().unwrap_or_default().to_string(),
        path: p.path().unwrap_or(&input.path).to_string(),
        description: input.description.clone(),
        default_version_id: p.default_version_id().unwrap_or("v1").to_string(),
        attachment_count: 0,
        tags: input.tags.clone(),
        document: input.document.clone(),
    })
}

/// `ListPolicyVersions`, every page, oldest first.
pub(crate) async fn list_policy_versions(c: &SdkClient, arn: &str) -> CloudResult<Vec<PolicyVersion>> {
    let mut out = Vec::new();
    let mut marker: Option<String> = None;
    loop {
        let page = c
            .list_policy_versions()
            .policy_arn(arn)
            .set_marker(marker.take())
            .send()
            .await
            .map_err(|e| cloud_error("iam", "ListPolicyVersions", Some(arn), e))?;
        out.extend(page.versions().iter().map(|v| PolicyVersion {
            version_id: v.version_id().unwrap_or_default().to_string(),
            is_default: v.is_default_version(),
            create_date: v.create_date().and_then(|d| d.fmt(Format::DateTime).ok()).unwrap_or_default(),
        }));
        match page.marker() {
            Some(m) if page.is_truncated() => marker = Some(m.to_string()),
            _ => break,
        }
    }
    // Version ids grow (`v1`, `v2`, …); dates can tie within a second.
    out.sort_by_key(|v| (v.create_date.clone(), v.version_id.trim_start_matches('v').parse::<u64>().unwrap_or(0)));
    Ok(out)
}

fn password_policy(p: &aws_sdk_iam::types::PasswordPolicy) -> PasswordPolicy {
    PasswordPolicy {
        minimum_password_length: p.minimum_password_length().map(i64::from).unwrap_or(6),
        require_symbols: p.require_symbols(),
        require_numbers: p.require_numbers(),
        require_uppercase_characters: p.require_uppercase_characters(),
        require_lowercase_characters: p.require_lowercase_characters(),
        allow_users_to_change_password: p.allow_users_to_change_password(),
        expire_passwords: p.expire_passwords(),
        max_password_age: p.max_password_age().map(i64::from),
        password_reuse_prevention: p.password_reuse_prevention().map(i64::from),
        hard_expiry: p.hard_expiry().unwrap_or(false),
    }
}

/// IAM over the SDK (one global client).
pub struct Client {
    iam: aws_sdk_iam::Client,
}

impl Client {
    /// The IAM client of `conn`.
    pub fn new(conn: &Arc<Connection>) -> Client {
        Client { iam: crate::sdk_client!(conn, aws_sdk_iam, "iam", None) }
    }
}

#[async_trait]
impl Iam for Client {
    async fn create_service_linked_role(
        &self,
        service: &str,
        description: Option<&str>,
        suffix: Option<&str>,
    ) -> CloudResult<IamRole> {
        create_service_linked_role(&self.iam, service, description, suffix).await
    }
    async fn delete_service_linked_role(&self, role_name: &str) -> CloudResult<String> {
        delete_service_linked_role(&self.iam, role_name).await
    }
    async fn get_role(&self, role_name: &str) -> CloudResult<Option<IamRole>> {
        get_role(&self.iam, role_name).await
    }
    async fn create_role(&self, input: &CreateRoleInput) -> CloudResult<IamRole> {
        create_role(&self.iam, input).await
    }
    async fn role_details(&self) -> CloudResult<Vec<RoleDetails>> {
        role_details(&self.iam).await
    }
    async fn update_role(&self, role_name: &str, description: Option<&str>, max: Option<i64>) -> CloudResult<()> {
        update_role(&self.iam, role_name, description, max).await
    }
    async fn update_assume_role_policy(&self, role_name: &str, document: &str) -> CloudResult<()> {
        update_assume_role_policy(&self.iam, role_name, document).await
    }
    async fn set_permissions_boundary(&self, role_name: &str, arn: Option<&str>) -> CloudResult<()> {
        set_permissions_boundary(&self.iam, role_name, arn).await
    }
    async fn tag_role(&self, role_name: &str, tags: &Tags) -> CloudResult<()> {
        tag_role(&self.iam, role_name, tags).await
    }
    async fn untag_role(&self, role_name: &str, keys: &[String]) -> CloudResult<()> {
        untag_role(&self.iam, role_name, keys).await
    }
    async fn delete_role(&self, role_name: &str) -> CloudResult<()> {
        delete_role(&self.iam, role_name).await
    }
    async fn list_role_policies(&self, role_name: &str) -> CloudResult<Vec<String>> {
        list_role_policies(&self.iam, role_name).await
    }
    async fn get_role_policy(&self, role_name: &str, policy_name: &str) -> CloudResult<Option<String>> {
        get_role_policy(&self.iam, role_name, policy_name).await
    }
    async fn put_role_policy(&self, role_name: &str, policy_name: &str, document: &str) -> CloudResult<()> {
        put_role_policy(&self.iam, role_name, policy_name, document).await
    }
    async fn delete_role_policy(&self, role_name: &str, policy_name: &str) -> CloudResult<()> {
        delete_role_policy(&self.iam, role_name, policy_name).await
    }
    async fn list_attached_role_policies(&self, role_name: &str) -> CloudResult<Vec<String>> {
        let mut out = Vec::new();
        let mut marker: Option<String> = None;
        loop {
            let page = self
                .iam
                .list_attached_role_policies()
                .role_name(role_name)
                .set_marker(marker.take())
                .send()
                .await
                .map_err(|e| cloud_error("iam", "ListAttachedRolePolicies", Some(&role_arn_hint(role_name)), e))?;
            out.extend(page.attached_policies().iter().filter_map(|p| p.policy_arn().map(str::to_string)));
            match page.marker() {
                Some(m) if page.is_truncated() => marker = Some(m.to_string()),
                _ => break,
            }
        }
        Ok(out)
    }
    async fn attach_role_policy(&self, role_name: &str, policy_arn: &str) -> CloudResult<()> {
        self.iam
            .attach_role_policy()
            .role_name(role_name)
            .policy_arn(policy_arn)
            .send()
            .await
            .map_err(|e| cloud_error("iam", "AttachRolePolicy", Some(&role_arn_hint(role_name)), e))?;
        Ok(())
    }
    async fn detach_role_policy(&self, role_name: &str, policy_arn: &str) -> CloudResult<()> {
        self.iam
            .detach_role_policy()
            .role_name(role_name)
            .policy_arn(policy_arn)
            .send()
            .await
            .map_err(|e| cloud_error("iam", "DetachRolePolicy", Some(&role_arn_hint(role_name)), e))?;
        Ok(())
    }
    async fn get_policy(&self, arn: &str) -> CloudResult<Option<ManagedPolicy>> {
        get_policy(&self.iam, arn).await
    }
    async fn list_policies(&self, path_prefix: Option<&str>, local_only: bool) -> CloudResult<Vec<(String, String)>> {
        list_policies(&self.iam, path_prefix, local_only).await
    }
    async fn create_policy(&self, input: &CreatePolicyInput) -> CloudResult<ManagedPolicy> {
        create_policy(&self.iam, input).await
    }
    async fn list_policy_versions(&self, arn: &str) -> CloudResult<Vec<PolicyVersion>> {
        list_policy_versions(&self.iam, arn).await
    }
    async fn create_policy_version(&self, arn: &str, document: &str) -> CloudResult<String> {
        let out = self
            .iam
            .create_policy_version()
            .policy_arn(arn)
            .policy_document(document)
            .set_as_default(true)
            .send()
            .await
            .map_err(|e| cloud_error("iam", "CreatePolicyVersion", Some(arn), e))?;
        Ok(out.policy_version().and_then(|v| v.version_id()).unwrap_or_default().to_string())
    }
    async fn delete_policy_version(&self, arn: &str, version_id: &str) -> CloudResult<()> {
        self.iam
            .delete_policy_version()
            .policy_arn(arn)
            .version_id(version_id)
            .send()
            .await
            .map_err(|e| cloud_error("iam", "DeletePolicyVersion", Some(arn), e))?;
        Ok(())
    }
    async fn delete_policy(&self, arn: &str) -> CloudResult<()> {
        self.iam
            .delete_policy()
            .policy_arn(arn)
            .send()
            .await
            .map_err(|e| cloud_error("iam", "DeletePolicy", Some(arn), e))?;
        Ok(())
    }
    async fn tag_policy(&self, arn: &str, t: &Tags) -> CloudResult<()> {
        self.iam
            .tag_policy()
            .policy_arn(arn)
            .set_tags(Some(tags(t)))
            .send()
            .await
            .map_err(|e| cloud_error("iam", "TagPolicy", Some(arn), e))?;
        Ok(())
    }
    async fn untag_policy(&self, arn: &str, keys: &[String]) -> CloudResult<()> {
        self.iam
            .untag_policy()
            .policy_arn(arn)
            .set_tag_keys(Some(keys.to_vec()))
            .send()
            .await
            .map_err(|e| cloud_error("iam", "UntagPolicy", Some(arn), e))?;
        Ok(())
    }
    async fn get_account_password_policy(&self) -> CloudResult<Option<PasswordPolicy>> {
        match self.iam.get_account_password_policy().send().await {
            Ok(out) => Ok(out.password_policy().map(password_policy)),
            Err(e) => {
                let err = cloud_error("iam", "GetAccountPasswordPolicy", None, e);
                if err.kind == ErrorKind::NotFound {
                    Ok(None)
                } else {
                    Err(err)
                }
            }
        }
    }
    async fn update_account_password_policy(&self, p: &PasswordPolicy) -> CloudResult<()> {
        let int = |v: i64| i32::try_from(v).unwrap_or(i32::MAX);
        self.iam
            .update_account_password_policy()
            .minimum_password_length(int(p.minimum_password_length))
            .require_symbols(p.require_symbols)
            .require_numbers(p.require_numbers)
            .require_uppercase_characters(p.require_uppercase_characters)
            .require_lowercase_characters(p.require_lowercase_characters)
            .allow_users_to_change_password(p.allow_users_to_change_password)
            .set_max_password_age(p.max_password_age.map(int))
            .set_password_reuse_prevention(p.password_reuse_prevention.map(int))
            .hard_expiry(p.hard_expiry)
            .send()
            .await
            .map_err(|e| cloud_error("iam", "UpdateAccountPasswordPolicy", None, e))?;
        Ok(())
    }
    async fn delete_account_password_policy(&self) -> CloudResult<()> {
        self.iam
            .delete_account_password_policy()
            .send()
            .await
            .map_err(|e| cloud_error("iam", "DeleteAccountPasswordPolicy", None, e))?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {

    use aws_sdk_iam::operation::create_role::CreateRoleError;
    use aws_sdk_iam::operation::create_service_linked_role::CreateServiceLinkedRoleError;
    use aws_sdk_iam::operation::get_role::{GetRoleError, GetRoleOutput};
    use aws_sdk_iam::types::error::NoSuchEntityException;
    use aws_smithy_mocks::{mock, Rule, RuleMode};
    use aws_smithy_types::error::ErrorMetadata;

    use super::*;

    /// A client answered only by `rules`; unmatched requests panic instead of going out.
    fn client(rules: &[&Rule]) -> SdkClient {
        crate::mocked_client!(aws_sdk_iam, RuleMode::MatchAny, rules)
    }

    fn meta(code: &str, message: &str) -> ErrorMetadata {
        crate::cloud::aws::mock_error_meta(code, message)
    }

    #[test]
    fn url_encoded_documents_are_decoded() {
        let enc = "%7B%22Version%22%3A%222012-10-17%22%7D";
        assert_eq!(decode_document(enc), r#"{"Version":"2012-10-17"}"#);
        assert_eq!(decode_document(r#"{"a":"%41"}"#), r#"{"a":"%41"}"#);
    }

    #[tokio::test]
    async fn get_role_decodes_the_trust_policy_and_reads_tags() {
        let rule = mock!(SdkClient::get_role).match_requests(|r| r.role_name() == Some("events")).then_output(|| {
            let role = aws_sdk_iam::types::Role::builder()
                .role_name("events")
                .role_id("AROAEXAMPLE")
                .arn("arn:aws:iam::123456789012:role/events")
                .path("/")
                .create_date(aws_smithy_types::DateTime::from_secs(0))
                .assume_role_policy_document("%7B%22Statement%22%3A%5B%5D%7D")
                .tags(Tag::builder().key("team").value("sec").build().unwrap())
                .build()
                .unwrap();
            GetRoleOutput::builder().role(role).build()
        });
        let r = get_role(&client(&[&rule]), "events").await.unwrap().unwrap();
        assert_eq!(r.assume_role_policy_document, r#"{"Statement":[]}"#);
        assert_eq!(r.tags.get("team").map(String::as_str), Some("sec"));
        assert_eq!(r.max_session_duration, 3600);
        assert_eq!(r.create_date, "1970-01-01T00:00:00Z");
    }

    #[tokio::test]
    async fn a_missing_role_reads_as_none() {
        let rule = mock!(SdkClient::get_role).then_error(|| {
            GetRoleError::NoSuchEntityException(
                NoSuchEntityException::builder()
                    .message("The role with name x cannot be found.")
                    .meta(meta("NoSuchEntity", "The role with name x cannot be found."))
                    .build(),
            )
        });
        assert_eq!(get_role(&client(&[&rule]), "x").await.unwrap(), None);
    }

    #[tokio::test]
    async fn access_denied_names_the_action_and_the_role() {
        let rule = mock!(SdkClient::create_role).then_error(|| {
            CreateRoleError::generic(meta("AccessDenied", "User: arn:aws:iam::1:user/ci is not authorized"))
        });
        let input = CreateRoleInput { name: "events".into(), path: "/".into(), ..Default::default() };
        let err = create_role(&client(&[&rule]), &input).await.unwrap_err();
        assert_eq!(err.kind, ErrorKind::AccessDenied);
        assert!(err.message.contains("iam:CreateRole on arn:aws:iam::*:role/events"), "{}", err.message);
    }

    #[tokio::test]
    async fn throttling_is_retried_by_the_sdk_then_explained() {
        let rule = mock!(SdkClient::get_role).then_error(|| GetRoleError::generic(meta("Throttling", "Rate exceeded")));
        let err = get_role(&client(&[&rule]), "events").await.unwrap_err();
        assert!(rule.num_calls() > 1, "the SDK retried");
        assert!(err.message.contains("kept throttling"), "{}", err.message);
    }

    #[tokio::test]
    async fn a_taken_service_linked_role_is_already_exists() {
        let msg = "Service role name AWSServiceRoleForAmazonInspector has been taken in this account, please try a different suffix.";
        let rule = mock!(SdkClient::create_service_linked_role)
            .then_error(move || CreateServiceLinkedRoleError::generic(meta("InvalidInput", msg)));
        let err =
            create_service_linked_role(&client(&[&rule]), "inspector.amazonaws.com", None, None).await.unwrap_err();
        assert_eq!(err.kind, ErrorKind::AlreadyExists);
        assert!(err.message.contains("AWSServiceRoleForAmazonInspector"));
    }
}
