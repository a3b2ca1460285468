//! AWS Identity and Access Management (global): roles, service-linked roles and inline
//! policies. Policy documents cross this interface URL-decoded, as plain JSON text.

pub mod aws;
pub(crate) mod sandbox;

use async_trait::async_trait;
use serde::{Deserialize, Serialize};

use crate::providers::{CloudResult, Tags};

/// An IAM role as `GetRole` describes it (policy documents already URL-decoded).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IamRole {
    pub name: String,
    pub arn: String,
    pub role_id: String,
    pub path: String,
    pub create_date: String,
    pub assume_role_policy_document: String,
    pub description: Option<String>,
    pub max_session_duration: i64,
    pub permissions_boundary: Option<String>,
    pub tags: Tags,
}

/// Input of `CreateRole`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CreateRoleInput {
    pub name: String,
    pub path: String,
    pub assume_role_policy_document: String,
    pub description: Option<String>,
    pub max_session_duration: Option<i64>,
    pub permissions_boundary: Option<String>,
    pub tags: Tags,
}

/// The IAM operations baseline uses; each method is one AWS call unless it says otherwise.
#[async_trait]
pub trait Iam: Send + Sync {
    /// `CreateServiceLinkedRole`. Fails with `AlreadyExists` ("has been taken") when it exists.
    async fn create_service_linked_role(
        &self,
        aws_service_name: &str,
        description: Option<&str>,
        custom_suffix: Option<&str>,
    ) -> CloudResult<IamRole>;
    /// `DeleteServiceLinkedRole`; returns the deletion task id.
    async fn delete_service_linked_role(&self, role_name: &str) -> CloudResult<String>;
    /// `GetRole` (+ `ListRoleTags`); `Ok(None)` when the role does not exist.
    async fn get_role(&self, role_name: &str) -> CloudResult<Option<IamRole>>;
    /// `CreateRole`. Fails with `AlreadyExists` when the name is used.
    async fn create_role(&self, input: &CreateRoleInput) -> CloudResult<IamRole>;
    /// `UpdateRole`: description and maximum session duration.
    async fn update_role(
        &self,
        role_name: &str,
        description: Option<&str>,
        max_session_duration: Option<i64>,
    ) -> CloudResult<()>;
    /// `UpdateAssumeRolePolicy`.
    async fn update_assume_role_policy(&self, role_name: &str, document: &str) -> CloudResult<()>;
    /// `PutRolePermissionsBoundary` (`Some`) or `DeleteRolePermissionsBoundary` (`None`).
    async fn set_permissions_boundary(&self, role_name: &str, arn: Option<&str>) -> CloudResult<()>;
    /// `TagRole`.
    async fn tag_role(&self, role_name: &str, tags: &Tags) -> CloudResult<()>;
    /// `UntagRole`.
    async fn untag_role(&self, role_name: &str, keys: &[String]) -> CloudResult<()>;
    /// `DeleteRole`. Fails with `Conflict` while inline policies remain or managed policies
    /// are attached.
    async fn delete_role(&self, role_name: &str) -> CloudResult<()>;
    /// `ListRolePolicies`: inline policy names, sorted.
    async fn list_role_policies(&self, role_name: &str) -> CloudResult<Vec<String>>;
    /// `GetRolePolicy`: the URL-decoded document; `Ok(None)` when role or policy is missing.
    async fn get_role_policy(&self, role_name: &str, policy_name: &str) -> CloudResult<Option<String>>;
    /// `PutRolePolicy` (creates or replaces).
    async fn put_role_policy(&self, role_name: &str, policy_name: &str, document: &str) -> CloudResult<()>;
    /// `DeleteRolePolicy`.
    async fn delete_role_policy(&self, role_name: &str, policy_name: &str) -> CloudResult<()>;
    /// `ListAttachedRolePolicies`: the ARNs of the managed policies attached to the role;
    /// `NotFound` when the role is missing.
    async fn list_attached_role_policies(&self, role_name: &str) -> CloudResult<Vec<String>>;
    /// `AttachRolePolicy`.
    async fn attach_role_policy(&self, role_name: &str, policy_arn: &str) -> CloudResult<()>;
    /// `DetachRolePolicy`; `NotFound` when it is not attached.
    async fn detach_role_policy(&self, role_name: &str, policy_arn: &str) -> CloudResult<()>;
}
