//! Amazon Inspector (v2) calls over the SDK. The conversions between the interface's JSON
//! values (filter criteria, CIS schedules and targets) and the SDK's types are in `shapes.rs`.

use std::collections::{BTreeMap, HashMap};

use aws_sdk_inspector2::types::{
    AccountState, AutoEnable, CisScanConfiguration, CisSecurityLevel, CisStringComparison, CisStringFilter, ErrorCode,
    FailedAccount, Filter, FilterAction, ListCisScanConfigurationsFilterCriteria, ResourceScanType, State,
};
use aws_sdk_inspector2::Client as SdkClient;
use aws_smithy_types::date_time::Format;
use serde_json::{Map, Value};

use crate::cloud::aws::cloud_error;
use crate::cloud::{tag_delta, CloudError, CloudResult, ErrorKind, Tags};
use std::sync::Arc;

use async_trait::async_trait;

use super::{api_json, CisScanConfig, Inspector2, Inspector2AccountStatus, Inspector2Filter, Inspector2Member};
use crate::cloud::aws::{Connection, Regional};

const SERVICE: &str = "inspector2";

/// Most account ids `Enable`, `Disable` and `BatchGetAccountStatus` accept in one request.
const ACCOUNT_BATCH: usize = 100;

/// Most ARN filters `ListCisScanConfigurations` accepts in one request.
const CIS_ARN_FILTER_BATCH: usize = 10;

use super::shapes::*;

// Small mappings
// ---------------------------------------------------------------------------------------------

/// Tags for a create request: `None` when there are none.
fn tags_to_sdk(tags: &Tags) -> Option<HashMap<String, String>> {
    (!tags.is_empty()).then(|| tags.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
}

fn tags_from_sdk(tags: Option<&HashMap<String, String>>) -> Tags {
    tags.map(|t| t.iter().map(|(k, v)| (k.clone(), v.clone())).collect()).unwrap_or_default()
}

/// The resource types the API calls `EC2`, `ECR`, `LAMBDA`, `LAMBDA_CODE` and `CODE_REPOSITORY`.
fn scan_types(resource_types: &[String]) -> Vec<ResourceScanType> {
    resource_types.iter().map(|t| ResourceScanType::from(t.as_str())).collect()
}

/// How a per-account failure of `Enable`/`Disable` is classified.
fn failed_account_kind(code: &ErrorCode) -> ErrorKind {
    match code {
        ErrorCode::AccessDenied => ErrorKind::AccessDenied,
        ErrorCode::ResourceNotFound => ErrorKind::NotFound,
        ErrorCode::EnableInProgress | ErrorCode::DisableInProgress | ErrorCode::SuspendInProgress => {
            ErrorKind::Conflict
        }
        _ => ErrorKind::Other,
    }
}

/// Turns an answer's `failedAccounts` into one error naming every failed account with its
/// error code and message; the code and kind are those of the first account (sorted by id).
fn check_failed_accounts(operation: &'static str, failed: &[FailedAccount]) -> CloudResult<()> {
    let mut failed: Vec<&FailedAccount> = failed.iter().collect();
    failed.sort_by(|a, b| a.account_id().cmp(b.account_id()));
    let Some(first) = failed.first() else { return Ok(()) };
    let each: Vec<String> = failed
        .iter()
        .map(|f| {
            let msg = f.error_message();
            let msg = if msg.is_empty() { String::new() } else { format!(" ({msg})") };
            format!("account {}: {}{msg}", f.account_id(), f.error_code().as_str())
        })
        .collect();
    Err(CloudError::new(
        SERVICE,
        operation,
        failed_account_kind(first.error_code()),
        first.error_code().as_str(),
        format!("{operation} failed for {}", each.join("; ")),
    ))
}

fn status_of(state: Option<&State>) -> Option<String> {
    state.map(|s| s.status().as_str().to_string())
}

/// One account of a `BatchGetAccountStatus` answer: the account's status and the status of
/// each scan type it reports, keyed `EC2`, `ECR`, `LAMBDA`, `LAMBDA_CODE`, `CODE_REPOSITORY`.
fn account_status_from_sdk(a: &AccountState) -> Inspector2AccountStatus {
    let mut resource_status = BTreeMap::new();
    if let Some(r) = a.resource_state() {
        let each = [
            ("EC2", r.ec2()),
            ("ECR", r.ecr()),
            ("LAMBDA", r.lambda()),
            ("LAMBDA_CODE", r.lambda_code()),
            ("CODE_REPOSITORY", r.code_repository()),
        ];
        for (key, state) in each {
            if let Some(status) = status_of(state) {
                resource_status.insert(key.to_string(), status);
            }
        }
    }
    Inspector2AccountStatus {
        account_id: a.account_id().to_string(),
        status: status_of(a.state()).unwrap_or_default(),
        resource_status,
    }
}

/// A typed shape from the JSON an SDK answer converted to; an answer that does not fit is an
/// error naming the operation.
fn typed_answer<T: serde::de::DeserializeOwned>(operation: &'static str, what: &str, v: Value) -> CloudResult<T> {
    T::deserialize(v)
        .map_err(|e| CloudError::new(SERVICE, operation, ErrorKind::Other, "UnexpectedAnswer", format!("{what}: {e}")))
}

/// A `Filter` of `ListFilters` in the provider's terms (no criteria reads as none).
fn filter_from_sdk(f: &Filter) -> CloudResult<Inspector2Filter> {
    let criteria = f.criteria().map_or_else(|| Value::Object(Map::new()), criteria_to_json);
    Ok(Inspector2Filter {
        arn: f.arn().to_string(),
        name: f.name().to_string(),
        action: f.action().as_str().to_string(),
        description: f.description().map(str::to_string),
        reason: f.reason().map(str::to_string),
        criteria: typed_answer("ListFilters", "filter criteria", criteria)?,
        tags: tags_from_sdk(f.tags.as_ref()),
    })
}

/// A `CisScanConfiguration` in the provider's terms; one without a schedule or targets is an
/// unexpected answer.
fn cis_scan_from_sdk(c: &CisScanConfiguration) -> CloudResult<CisScanConfig> {
    const OP: &str = "ListCisScanConfigurations";
    Ok(CisScanConfig {
        arn: c.scan_configuration_arn().to_string(),
        scan_name: c.scan_name().unwrap_or_default().to_string(),
        security_level: c.security_level().map(|l| l.as_str().to_string()).unwrap_or_default(),
        schedule: typed_answer(OP, "schedule", c.schedule().map_or(Value::Null, schedule_to_json))?,
        targets: typed_answer(OP, "targets", c.targets().map_or(Value::Null, targets_to_json))?,
        tags: tags_from_sdk(c.tags.as_ref()),
    })
}

/// `AutoEnable` as the map `ec2`, `ecr`, and `lambda`/`lambdaCode` when AWS reports them.
fn auto_enable_to_map(a: &AutoEnable) -> BTreeMap<String, bool> {
    let mut m = BTreeMap::from([("ec2".to_string(), a.ec2()), ("ecr".to_string(), a.ecr())]);
    if let Some(b) = a.lambda() {
        m.insert("lambda".into(), b);
    }
    if let Some(b) = a.lambda_code() {
        m.insert("lambdaCode".into(), b);
    }
    if let Some(b) = a.code_repository() {
        m.insert("codeRepository".into(), b);
    }
    m
}

/// `AutoEnable` from that map: `ec2` and `ecr` are required, unknown keys are invalid.
fn auto_enable_from_map(m: &BTreeMap<String, bool>) -> CloudResult<AutoEnable> {
    const OP: &str = "UpdateOrganizationConfiguration";
    let invalid = |path: String, problem: String| ShapeError::new(&path, problem).into_cloud(OP);
    if let Some(k) = m.keys().find(|k| !super::AUTO_ENABLE_KEYS.contains(&k.as_str())) {
        return Err(invalid(format!("autoEnable.{k}"), unknown_key_problem(k, &super::AUTO_ENABLE_KEYS)));
    }
    for k in ["ec2", "ecr"] {
        if !m.contains_key(k) {
            return Err(invalid(format!("autoEnable.{k}"), "required key is missing".into()));
        }
    }
    AutoEnable::builder()
        .set_ec2(m.get("ec2").copied())
        .set_ecr(m.get("ecr").copied())
        .set_lambda(m.get("lambda").copied())
        .set_lambda_code(m.get("lambdaCode").copied())
        .set_code_repository(m.get("codeRepository").copied())
        .build()
        .map_err(|e| invalid("autoEnable".into(), e.to_string()))
}

use crate::cloud::unique;

/// Keeps the items whose key is in `order` (once each) and sorts them by it.
fn in_request_order<T>(items: Vec<T>, order: &[String], key: impl Fn(&T) -> &str) -> Vec<T> {
    let position: HashMap<&str, usize> = order.iter().enumerate().map(|(i, a)| (a.as_str(), i)).collect();
    let mut kept: Vec<(usize, T)> = items.into_iter().filter_map(|x| Some((*position.get(key(&x))?, x))).collect();
    kept.sort_by_key(|(i, _)| *i);
    kept.dedup_by_key(|(i, _)| *i);
    kept.into_iter().map(|(_, x)| x).collect()
}

// ---------------------------------------------------------------------------------------------
// Account enablement
// ---------------------------------------------------------------------------------------------

/// Splits the account ids into request batches; no ids is one request without `accountIds`,
/// which the API applies to the calling account.
fn account_batches(account_ids: &[String]) -> Vec<Option<Vec<String>>> {
    let ids = unique(account_ids);
    if ids.is_empty() {
        return vec![None];
    }
    ids.chunks(ACCOUNT_BATCH).map(|c| Some(c.to_vec())).collect()
}

/// `Enable` scanning of `resource_types` for the accounts (in batches of 100; none means the
/// caller's account); any account in `failedAccounts` makes it an error naming it and its code.
pub(crate) async fn enable(c: &SdkClient, account_ids: &[String], resource_types: &[String]) -> CloudResult<()> {
    for batch in account_batches(account_ids) {
        let on = batch.as_ref().map(|b| b.join(", "));
        let out = c
            .enable()
            .set_account_ids(batch)
            .set_resource_types(Some(scan_types(resource_types)))
            .send()
            .await
            .map_err(|e| cloud_error(SERVICE, "Enable", on.as_deref(), e))?;
        check_failed_accounts("Enable", out.failed_accounts())?;
    }
    Ok(())
}

/// `Disable` scanning of `resource_types` for the accounts (in batches of 100; none means the
/// caller's account); any account in `failedAccounts` makes it an error naming it and its code.
pub(crate) async fn disable(c: &SdkClient, account_ids: &[String], resource_types: &[String]) -> CloudResult<()> {
    for batch in account_batches(account_ids) {
        let on = batch.as_ref().map(|b| b.join(", "));
        let out = c
            .disable()
            .set_account_ids(batch)
            .set_resource_types(Some(scan_types(resource_types)))
            .send()
            .await
            .map_err(|e| cloud_error(SERVICE, "Disable", on.as_deref(), e))?;
        check_failed_accounts("Disable", out.failed_accounts())?;
    }
    Ok(())
}

/// `BatchGetAccountStatus` in batches of 100 (none means the caller's account): each account's
/// status, sorted by account id; accounts in `failedAccounts` are left out.
pub(crate) async fn account_status(c: &SdkClient, account_ids: &[String]) -> CloudResult<Vec<Inspector2AccountStatus>> {
    let mut statuses = Vec::new();
    for batch in account_batches(account_ids) {
        let on = batch.as_ref().map(|b| b.join(", "));
        let out = c
            .batch_get_account_status()
            .set_account_ids(batch)
            .send()
            .await
            .map_err(|e| cloud_error(SERVICE, "BatchGetAccountStatus", on.as_deref(), e))?;
        statuses.extend(out.accounts().iter().map(account_status_from_sdk));
    }
    statuses.sort_by(|a, b| a.account_id.cmp(&b.account_id));
    statuses.dedup_by(|a, b| a.account_id == b.account_id);
    Ok(statuses)
}

// ---------------------------------------------------------------------------------------------
// Findings filters and tags
// ---------------------------------------------------------------------------------------------

/// `CreateFilter` with the filter's name, action, description, reason, criteria (converted
/// through the API's JSON, invalid values rejected before the call) and tags; returns the new
/// filter's ARN.
pub(crate) async fn create_filter(c: &SdkClient, filter: &Inspector2Filter) -> CloudResult<String> {
    let criteria =
        criteria_from_json(&filter.criteria.to_json(), "criteria").map_err(|e| e.into_cloud("CreateFilter"))?;
    let out = c
        .create_filter()
        .name(&filter.name)
        .action(FilterAction::from(filter.action.as_str()))
        .set_description(filter.description.clone())
        .set_reason(filter.reason.clone())
        .filter_criteria(criteria)
        .set_tags(tags_to_sdk(&filter.tags))
        .send()
        .await
        .map_err(|e| cloud_error(SERVICE, "CreateFilter", Some(&filter.name), e))?;
    Ok(out.arn().to_string())
}

/// `UpdateFilter` of `filter.arn`: sets name, action, criteria, and description and reason
/// when given (the API leaves omitted members unchanged, so `None` does not clear them).
pub(crate) async fn update_filter(c: &SdkClient, filter: &Inspector2Filter) -> CloudResult<()> {
    let criteria =
        criteria_from_json(&filter.criteria.to_json(), "criteria").map_err(|e| e.into_cloud("UpdateFilter"))?;
    c.update_filter()
        .filter_arn(&filter.arn)
        .name(&filter.name)
        .action(FilterAction::from(filter.action.as_str()))
        .set_description(filter.description.clone())
        .set_reason(filter.reason.clone())
        .filter_criteria(criteria)
        .send()
        .await
        .map_err(|e| cloud_error(SERVICE, "UpdateFilter", Some(&filter.arn), e))?;
    Ok(())
}

/// `ListFilters` restricted to `arns` (all pages): the filters in the order asked, missing ones
/// left out; no call for an empty list.
pub(crate) async fn list_filters(c: &SdkClient, arns: &[String]) -> CloudResult<Vec<Inspector2Filter>> {
    let arns = unique(arns);
    if arns.is_empty() {
        return Ok(Vec::new());
    }
    let mut filters = Vec::new();
    let mut pages = c.list_filters().set_arns(Some(arns.clone())).into_paginator().send();
    while let Some(page) = pages.try_next().await.map_err(|e| cloud_error(SERVICE, "ListFilters", None, e))? {
        for f in page.filters() {
            filters.push(filter_from_sdk(f)?);
        }
    }
    // The `arns` filter is AWS's to apply; checking keeps anything else from leaking in.
    Ok(in_request_order(filters, &arns, |f| f.arn.as_str()))
}

/// `ListFilters` of every filter, keeping those named `name` (the API cannot filter by name).
pub(crate) async fn filters_named(c: &SdkClient, name: &str) -> CloudResult<Vec<Inspector2Filter>> {
    let mut filters = Vec::new();
    let mut pages = c.list_filters().into_paginator().send();
    while let Some(page) = pages.try_next().await.map_err(|e| cloud_error(SERVICE, "ListFilters", None, e))? {
        for f in page.filters().iter().filter(|f| f.name() == name) {
            filters.push(filter_from_sdk(f)?);
        }
    }
    Ok(filters)
}

/// `DeleteFilter`.
pub(crate) async fn delete_filter(c: &SdkClient, arn: &str) -> CloudResult<()> {
    c.delete_filter().arn(arn).send().await.map_err(|e| cloud_error(SERVICE, "DeleteFilter", Some(arn), e))?;
    Ok(())
}

/// `UntagResource`/`TagResource` only for what differs between `have` and `want`.
pub(crate) async fn set_tags(c: &SdkClient, arn: &str, have: &Tags, want: &Tags) -> CloudResult<()> {
    let (remove, add) = tag_delta(have, want);
    if !remove.is_empty() {
        c.untag_resource()
            .resource_arn(arn)
            .set_tag_keys(Some(remove))
            .send()
            .await
            .map_err(|e| cloud_error(SERVICE, "UntagResource", Some(arn), e))?;
    }
    if !add.is_empty() {
        c.tag_resource()
            .resource_arn(arn)
            .set_tags(tags_to_sdk(&add))
            .send()
            .await
            .map_err(|e| cloud_error(SERVICE, "TagResource", Some(arn), e))?;
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Organization: configuration, delegated administrator, members
// ---------------------------------------------------------------------------------------------

/// `DescribeOrganizationConfiguration`: the auto-enable flags keyed `ec2`, `ecr`, `lambda`,
/// `lambdaCode` (the last two only when AWS reports them; nothing when it reports none).
pub(crate) async fn describe_org_config(c: &SdkClient) -> CloudResult<BTreeMap<String, bool>> {
    let out = c
        .describe_organization_configuration()
        .send()
        .await
        .map_err(|e| cloud_error(SERVICE, "DescribeOrganizationConfiguration", None, e))?;
    let mut flags = out.auto_enable().map(auto_enable_to_map).unwrap_or_default();
    flags.insert(super::MAX_ACCOUNT_LIMIT_REACHED.to_string(), out.max_account_limit_reached().unwrap_or(false));
    Ok(flags)
}

/// `UpdateOrganizationConfiguration` with the same keys (`ec2` and `ecr` required; unknown
/// keys are rejected before the call).
pub(crate) async fn update_org_config(c: &SdkClient, auto_enable: &BTreeMap<String, bool>) -> CloudResult<()> {
    let auto_enable = auto_enable_from_map(auto_enable)?;
    c.update_organization_configuration()
        .auto_enable(auto_enable)
        .send()
        .await
        .map_err(|e| cloud_error(SERVICE, "UpdateOrganizationConfiguration", None, e))?;
    Ok(())
}

/// `EnableDelegatedAdminAccount` for `account_id`.
pub(crate) async fn enable_delegated_admin(c: &SdkClient, account_id: &str) -> CloudResult<()> {
    c.enable_delegated_admin_account()
        .delegated_admin_account_id(account_id)
        .send()
        .await
        .map_err(|e| cloud_error(SERVICE, "EnableDelegatedAdminAccount", Some(account_id), e))?;
    Ok(())
}

/// `ListDelegatedAdminAccounts` (all pages): `(account id, status)` pairs in AWS's order.
pub(crate) async fn list_delegated_admins(c: &SdkClient) -> CloudResult<Vec<(String, String)>> {
    let mut admins = Vec::new();
    let mut pages = c.list_delegated_admin_accounts().into_paginator().send();
    while let Some(page) =
        pages.try_next().await.map_err(|e| cloud_error(SERVICE, "ListDelegatedAdminAccounts", None, e))?
    {
        admins.extend(page.delegated_admin_accounts().iter().map(|a| {
            (
                a.account_id().unwrap_or_default().to_string(),
                a.status().map(|s| s.as_str().to_string()).unwrap_or_default(),
            )
        }));
    }
    Ok(admins)
}

/// `DisableDelegatedAdminAccount` for `account_id`.
pub(crate) async fn disable_delegated_admin(c: &SdkClient, account_id: &str) -> CloudResult<()> {
    c.disable_delegated_admin_account()
        .delegated_admin_account_id(account_id)
        .send()
        .await
        .map_err(|e| cloud_error(SERVICE, "DisableDelegatedAdminAccount", Some(account_id), e))?;
    Ok(())
}

/// `AssociateMember`: makes `account_id` a member of the caller's organization in Inspector.
pub(crate) async fn associate_member(c: &SdkClient, account_id: &str) -> CloudResult<()> {
    c.associate_member()
        .account_id(account_id)
        .send()
        .await
        .map_err(|e| cloud_error(SERVICE, "AssociateMember", Some(account_id), e))?;
    Ok(())
}

/// `GetMember`; `Ok(None)` when AWS answers that the account is not found (any other error,
/// access denied included, is returned).
pub(crate) async fn get_member(c: &SdkClient, account_id: &str) -> CloudResult<Option<Inspector2Member>> {
    let out = match c.get_member().account_id(account_id).send().await {
        Ok(out) => out,
        Err(e) => {
            let err = cloud_error(SERVICE, "GetMember", Some(account_id), e);
            return err.absent();
        }
    };
    Ok(out.member().map(|m| Inspector2Member {
        account_id: m.account_id().unwrap_or(account_id).to_string(),
        relationship_status: m.relationship_status().map(|s| s.as_str().to_string()).unwrap_or_default(),
        delegated_admin_account_id: m.delegated_admin_account_id().map(str::to_string),
        updated_at: m.updated_at().and_then(|t| t.fmt(Format::DateTime).ok()),
    }))
}

/// `DisassociateMember`.
pub(crate) async fn disassociate_member(c: &SdkClient, account_id: &str) -> CloudResult<()> {
    c.disassociate_member()
        .account_id(account_id)
        .send()
        .await
        .map_err(|e| cloud_error(SERVICE, "DisassociateMember", Some(account_id), e))?;
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// CIS scan configurations
// ---------------------------------------------------------------------------------------------

/// `CreateCisScanConfiguration` with name, level, schedule and targets (converted through the
/// API's JSON, invalid values rejected before the call) and tags; returns the new ARN.
pub(crate) async fn create_cis_scan(c: &SdkClient, config: &CisScanConfig) -> CloudResult<String> {
    const OP: &str = "CreateCisScanConfiguration";
    let schedule = schedule_from_json(&api_json(&config.schedule), "schedule").map_err(|e| e.into_cloud(OP))?;
    let targets = create_targets_from_json(&api_json(&config.targets), "targets").map_err(|e| e.into_cloud(OP))?;
    let out = c
        .create_cis_scan_configuration()
        .scan_name(&config.scan_name)
        .security_level(CisSecurityLevel::from(config.security_level.as_str()))
        .schedule(schedule)
        .targets(targets)
        .set_tags(tags_to_sdk(&config.tags))
        .send()
        .await
        .map_err(|e| cloud_error(SERVICE, OP, Some(&config.scan_name), e))?;
    out.scan_configuration_arn().map(str::to_string).ok_or_else(|| {
        CloudError::new(SERVICE, OP, ErrorKind::Other, "MissingArn", "AWS answered without the new configuration's ARN")
    })
}

/// `UpdateCisScanConfiguration` of `config.arn`: name, level, schedule and targets. Tags are
/// not changed by it.
pub(crate) async fn update_cis_scan(c: &SdkClient, config: &CisScanConfig) -> CloudResult<()> {
    const OP: &str = "UpdateCisScanConfiguration";
    let schedule = Some(schedule_from_json(&api_json(&config.schedule), "schedule").map_err(|e| e.into_cloud(OP))?);
    let targets = Some(update_targets_from_json(&api_json(&config.targets), "targets").map_err(|e| e.into_cloud(OP))?);
    c.update_cis_scan_configuration()
        .scan_configuration_arn(&config.arn)
        .scan_name(&config.scan_name)
        .security_level(CisSecurityLevel::from(config.security_level.as_str()))
        .set_schedule(schedule)
        .set_targets(targets)
        .send()
        .await
        .map_err(|e| cloud_error(SERVICE, OP, Some(&config.arn), e))?;
    Ok(())
}

/// The `ListCisScanConfigurations` filter selecting exactly these ARNs.
fn cis_arn_filter(arns: &[String]) -> CloudResult<ListCisScanConfigurationsFilterCriteria> {
    let filters = arns
        .iter()
        .map(|a| {
            CisStringFilter::builder().comparison(CisStringComparison::Equals).value(a).build().map_err(|e| {
                CloudError::new(SERVICE, "ListCisScanConfigurations", ErrorKind::Invalid, "BuildError", e.to_string())
            })
        })
        .collect::<CloudResult<Vec<_>>>()?;
    Ok(ListCisScanConfigurationsFilterCriteria::builder().set_scan_configuration_arn_filters(Some(filters)).build())
}

/// `ListCisScanConfigurations` filtered by ARN (ten ARNs per request, all pages): the
/// configurations in the order asked, missing ones left out; no call for an empty list.
pub(crate) async fn list_cis_scans(c: &SdkClient, arns: &[String]) -> CloudResult<Vec<CisScanConfig>> {
    let arns = unique(arns);
    let mut scans = Vec::new();
    for batch in arns.chunks(CIS_ARN_FILTER_BATCH) {
        let mut pages =
            c.list_cis_scan_configurations().filter_criteria(cis_arn_filter(batch)?).into_paginator().send();
        while let Some(page) = pages
            .try_next()
            .await
            .map_err(|e| cloud_error(SERVICE, "ListCisScanConfigurations", Some(&batch.join(", ")), e))?
        {
            for c in page.scan_configurations() {
                scans.push(cis_scan_from_sdk(c)?);
            }
        }
    }
    Ok(in_request_order(scans, &arns, |s| s.arn.as_str()))
}

/// `DeleteCisScanConfiguration`.
pub(crate) async fn delete_cis_scan(c: &SdkClient, arn: &str) -> CloudResult<()> {
    c.delete_cis_scan_configuration()
        .scan_configuration_arn(arn)
        .send()
        .await
        .map_err(|e| cloud_error(SERVICE, "DeleteCisScanConfiguration", Some(arn), e))?;
    Ok(())
}

/// Amazon Inspector v2 over the SDK (one client per region).
pub struct Client {
    clients: Regional<aws_sdk_inspector2::Client>,
}

impl Client {
    /// Inspector v2 clients of `conn`.
    pub fn new(conn: &Arc<Connection>) -> Client {
        Client { clients: Regional::new(conn, |c, r| crate::sdk_client!(c, aws_sdk_inspector2, "inspector2", Some(r))) }
    }
}

#[async_trait]
impl Inspector2 for Client {
    async fn enable(&self, region: &str, account_ids: &[String], types: &[String]) -> CloudResult<()> {
        enable(&self.clients.get(region), account_ids, types).await
    }
    async fn disable(&self, region: &str, account_ids: &[String], types: &[String]) -> CloudResult<()> {
        disable(&self.clients.get(region), account_ids, types).await
    }
    async fn account_status(&self, region: &str, account_ids: &[String]) -> CloudResult<Vec<Inspector2AccountStatus>> {
        account_status(&self.clients.get(region), account_ids).await
    }
    async fn create_filter(&self, region: &str, filter: &Inspector2Filter) -> CloudResult<String> {
        create_filter(&self.clients.get(region), filter).await
    }
    async fn update_filter(&self, region: &str, filter: &Inspector2Filter) -> CloudResult<()> {
        update_filter(&self.clients.get(region), filter).await
    }
    async fn list_filters(&self, region: &str, arns: &[String]) -> CloudResult<Vec<Inspector2Filter>> {
        list_filters(&self.clients.get(region), arns).await
    }
    async fn filters_named(&self, region: &str, name: &str) -> CloudResult<Vec<Inspector2Filter>> {
        filters_named(&self.clients.get(region), name).await
    }
    async fn delete_filter(&self, region: &str, arn: &str) -> CloudResult<()> {
        delete_filter(&self.clients.get(region), arn).await
    }
    async fn set_tags(&self, region: &str, arn: &str, have: &Tags, want: &Tags) -> CloudResult<()> {
        set_tags(&self.clients.get(region), arn, have, want).await
    }
    async fn describe_org_config(&self, region: &str) -> CloudResult<BTreeMap<String, bool>> {
        describe_org_config(&self.clients.get(region)).await
    }
    async fn update_org_config(&self, region: &str, auto_enable: &BTreeMap<String, bool>) -> CloudResult<()> {
        update_org_config(&self.clients.get(region), auto_enable).await
    }
    async fn enable_delegated_admin(&self, region: &str, account_id: &str) -> CloudResult<()> {
        enable_delegated_admin(&self.clients.get(region), account_id).await
    }
    async fn list_delegated_admins(&self, region: &str) -> CloudResult<Vec<(String, String)>> {
        list_delegated_admins(&self.clients.get(region)).await
    }
    async fn disable_delegated_admin(&self, region: &str, account_id: &str) -> CloudResult<()> {
        disable_delegated_admin(&self.clients.get(region), account_id).await
    }
    async fn associate_member(&self, region: &str, account_id: &str) -> CloudResult<()> {
        associate_member(&self.clients.get(region), account_id).await
    }
    async fn get_member(&self, region: &str, account_id: &str) -> CloudResult<Option<Inspector2Member>> {
        get_member(&self.clients.get(region), account_id).await
    }
    async fn disassociate_member(&self, region: &str, account_id: &str) -> CloudResult<()> {
        disassociate_member(&self.clients.get(region), account_id).await
    }
    async fn create_cis_scan(&self, region: &str, config: &CisScanConfig) -> CloudResult<String> {
        create_cis_scan(&self.clients.get(region), config).await
    }
    async fn update_cis_scan(&self, region: &str, config: &CisScanConfig) -> CloudResult<()> {
        update_cis_scan(&self.clients.get(region), config).await
    }
    async fn list_cis_scans(&self, region: &str, arns: &[String]) -> CloudResult<Vec<CisScanConfig>> {
        list_cis_scans(&self.clients.get(region), arns).await
    }
    async fn delete_cis_scan(&self, region: &str, arn: &str) -> CloudResult<()> {
        delete_cis_scan(&self.clients.get(region), arn).await
    }
}

#[cfg(test)]
#[path = "aws_tests.rs"]
mod tests;
