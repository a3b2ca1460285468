//! IAM calls. IAM returns policy documents URL-encoded; they are decoded here so everything
//! above compares plain JSON.

use aws_sdk_iam::types::Tag;
use aws_sdk_iam::Client;
use aws_smithy_types::date_time::Format;

use super::cloud_error;
use crate::providers::{CloudResult, CreateRoleInput, ErrorKind, IamRole, Tags};

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
pub(super) async fn create_service_linked_role(
    c: &Client,
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

fn missing(op: &'static str) -> crate::providers::CloudError {
    crate::providers::CloudError::new("iam", op, ErrorKind::Other, "EmptyResponse", "AWS answered without the role")
}

/// `DeleteServiceLinkedRole`: returns the deletion task id.
pub(super) async fn delete_service_linked_role(c: &Client, name: &str) -> CloudResult<String> {
    let out = c
        .delete_service_linked_role()
        .role_name(name)
        .send()
        .await
        .map_err(|e| cloud_error("iam", "DeleteServiceLinkedRole", Some(&role_arn_hint(name)), e))?;
    Ok(out.deletion_task_id().to_string())
}

/// `GetRole`; `None` when the role does not exist.
pub(super) async fn get_role(c: &Client, name: &str) -> CloudResult<Option<IamRole>> {
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

/// `CreateRole`.
pub(super) async fn create_role(c: &Client, input: &CreateRoleInput) -> CloudResult<IamRole> {
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
pub(super) async fn update_role(
    c: &Client,
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
pub(super) async fn update_assume_role_policy(c: &Client, name: &str, doc: &str) -> CloudResult<()> {
    c.update_assume_role_policy()
        .role_name(name)
        .policy_document(doc)
        .send()
        .await
        .map_err(|e| cloud_error("iam", "UpdateAssumeRolePolicy", Some(&role_arn_hint(name)), e))?;
    Ok(())
}

/// `PutRolePermissionsBoundary` or `DeleteRolePermissionsBoundary`.
pub(super) async fn set_permissions_boundary(c: &Client, name: &str, arn: Option<&str>) -> CloudResult<()> {
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
pub(super) async fn tag_role(c: &Client, name: &str, t: &Tags) -> CloudResult<()> {
    c.tag_role()
        .role_name(name)
        .set_tags(Some(tags(t)))
        .send()
        .await
        .map_err(|e| cloud_error("iam", "TagRole", Some(&role_arn_hint(name)), e))?;
    Ok(())
}

/// `UntagRole`.
pub(super) async fn untag_role(c: &Client, name: &str, keys: &[String]) -> CloudResult<()> {
    c.untag_role()
        .role_name(name)
        .set_tag_keys(Some(keys.to_vec()))
        .send()
        .await
        .map_err(|e| cloud_error("iam", "UntagRole", Some(&role_arn_hint(name)), e))?;
    Ok(())
}

/// `DeleteRole`.
pub(super) async fn delete_role(c: &Client, name: &str) -> CloudResult<()> {
    c.delete_role()
        .role_name(name)
        .send()
        .await
        .map_err(|e| cloud_error("iam", "DeleteRole", Some(&role_arn_hint(name)), e))?;
    Ok(())
}

/// `ListRolePolicies`, all pages, sorted.
pub(super) async fn list_role_policies(c: &Client, name: &str) -> CloudResult<Vec<String>> {
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
pub(super) async fn get_role_policy(c: &Client, name: &str, policy: &str) -> CloudResult<Option<String>> {
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
pub(super) async fn put_role_policy(c: &Client, name: &str, policy: &str, doc: &str) -> CloudResult<()> {
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
pub(super) async fn delete_role_policy(c: &Client, name: &str, policy: &str) -> CloudResult<()> {
    c.delete_role_policy()
        .role_name(name)
        .policy_name(policy)
        .send()
        .await
        .map_err(|e| cloud_error("iam", "DeleteRolePolicy", Some(&role_arn_hint(name)), e))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn url_encoded_documents_are_decoded() {
        let enc = "%7B%22Version%22%3A%222012-10-17%22%7D";
        assert_eq!(super::decode_document(enc), r#"{"Version":"2012-10-17"}"#);
        assert_eq!(super::decode_document(r#"{"a":"%41"}"#), r#"{"a":"%41"}"#);
    }
}
