//! The AWS provider: the [`Cloud`] interface over the official SDKs.
//!
//! Credentials and region come from `aws-config`'s standard chain (environment, shared
//! config and credentials files with `profile`, SSO, web identity, container and instance
//! metadata), optionally through `assume_role`. `AWS_ENDPOINT_URL` and
//! `AWS_ENDPOINT_URL_<SERVICE>` are honoured by the SDK; the provider block's `endpoints`
//! override them per service. Every API call is counted, and listed on stderr with `--debug`.

/// Test support: a client of SDK `$sdk` answered only by smithy-mocks `rules` (unmatched
/// requests panic instead of reaching the network). `mock_client!` needs each SDK's test-util
/// feature; this builds the same client from the mocks' parts.
#[cfg(test)]
macro_rules! mocked_client {
    ($sdk:ident, $mode:expr, $rules:expr) => {{
        let interceptor = $rules
            .iter()
            .fold(aws_smithy_mocks::MockResponseInterceptor::new().rule_mode($mode), |i, r| i.with_rule(r));
        let conf = $sdk::Config::builder()
            .behavior_version($sdk::config::BehaviorVersion::latest())
            .region($sdk::config::Region::new("us-east-1"))
            .credentials_provider(aws_credential_types::Credentials::for_tests())
            .http_client(aws_smithy_mocks::create_mock_http_client())
            .interceptor(interceptor)
            .build();
        $sdk::Client::from_conf(conf)
    }};
}

/// Error metadata as an SDK's deserializer fills it from an AWS error body (tests).
#[cfg(test)]
fn mock_error_meta(code: &str, message: &str) -> aws_smithy_types::error::ErrorMetadata {
    aws_smithy_types::error::ErrorMetadata::builder().code(code).message(message).build()
}

mod errors;
mod events;
mod iam;
mod inspector;
mod inspector2;

use std::collections::{BTreeMap, HashMap};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use async_trait::async_trait;
use aws_config::{BehaviorVersion, SdkConfig};
use aws_credential_types::provider::ProvideCredentials;

use super::{
    AssessmentTarget, AssessmentTemplate, Cloud, CloudResult, CreateRoleInput, EventRule, EventSubscription,
    EventTarget, IamRole, PutRuleInput, ResourceGroup, RulesPackage, Tags,
};
use super::{CisScanConfig, Inspector2AccountStatus, Inspector2Filter, Inspector2Member};
pub use errors::cloud_error;

/// `assume_role { ... }` of the provider block.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AssumeRole {
    pub role_arn: String,
    pub session_name: Option<String>,
    pub external_id: Option<String>,
}

/// Everything the provider block and the command line say about connecting.
#[derive(Debug, Clone, Default)]
pub struct AwsSettings {
    /// Region from the provider block; `None` leaves it to the environment/config files.
    pub region: Option<String>,
    pub profile: Option<String>,
    pub assume_role: Option<AssumeRole>,
    /// Per-service endpoint overrides: `iam`, `events`, `inspector`, `inspector2`, `sts`.
    pub endpoints: BTreeMap<String, String>,
    /// List every API call on stderr.
    pub debug: bool,
}

/// Why connecting to AWS failed.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
pub enum ConnectError {
    #[error("no AWS credentials found: {detail}")]
    #[diagnostic(
        code(baseline::aws::no_credentials),
        help(
            "baseline looked in: environment variables (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY), the shared \
             config and credentials files (AWS_PROFILE or `profile` in the provider block), SSO, web identity \
             (AWS_WEB_IDENTITY_TOKEN_FILE, as GitHub Actions OIDC sets it), container credentials and instance \
             metadata. To try baseline without AWS, add --sandbox."
        )
    )]
    NoCredentials { detail: String },
    #[error("cannot assume role {role_arn}: {detail}")]
    #[diagnostic(
        code(baseline::aws::assume_role),
        help("check that the base credentials may call sts:AssumeRole on it, and its trust policy and external_id")
    )]
    AssumeRole { role_arn: String, detail: String },
    #[error("no AWS region is set")]
    #[diagnostic(
        code(baseline::aws::no_region),
        help("set `region` in the provider block, or AWS_REGION in the environment")
    )]
    NoRegion,
}

/// A connected AWS account.
pub struct AwsCloud {
    base: SdkConfig,
    endpoints: BTreeMap<String, String>,
    debug: bool,
    calls: Arc<AtomicU64>,
    log: Arc<dyn Fn(&str) + Send + Sync>,
    iam: aws_sdk_iam::Client,
    sts: aws_sdk_sts::Client,
    events: Mutex<HashMap<String, aws_sdk_eventbridge::Client>>,
    inspector: Mutex<HashMap<String, aws_sdk_inspector::Client>>,
    inspector2: Mutex<HashMap<String, aws_sdk_inspector2::Client>>,
}

/// Counts every request a client sends (retries included), and with --debug lists it as
/// `aws: SERVICE:Operation (REGION)` on stderr.
#[derive(Clone)]
struct CallCounter {
    prefix: &'static str,
    region: String,
    calls: Arc<AtomicU64>,
    debug: bool,
    log: Arc<dyn Fn(&str) + Send + Sync>,
}

impl std::fmt::Debug for CallCounter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "CallCounter({})", self.prefix)
    }
}

impl aws_smithy_runtime_api::client::interceptors::Intercept for CallCounter {
    fn name(&self) -> &'static str {
        "baseline-call-counter"
    }

    fn read_before_transmit(
        &self,
        _ctx: &aws_smithy_runtime_api::client::interceptors::context::BeforeTransmitInterceptorContextRef<'_>,
        _rc: &aws_smithy_runtime_api::client::runtime_components::RuntimeComponents,
        cfg: &mut aws_smithy_types::config_bag::ConfigBag,
    ) -> Result<(), aws_smithy_runtime_api::box_error::BoxError> {
        self.calls.fetch_add(1, Ordering::Relaxed);
        if self.debug {
            let op = cfg.load::<aws_smithy_runtime_api::client::orchestrator::Metadata>().map(|m| m.name().to_string());
            (self.log)(&format!("aws: {}:{} ({})", self.prefix, op.unwrap_or_else(|| "?".into()), self.region));
        }
        Ok(())
    }
}

/// Assumes `ar` once with the base credentials (through the `sts` endpoint override, if any)
/// and returns a config using the session's credentials for the rest of the run.
async fn assume_role(
    base: &SdkConfig,
    ar: &AssumeRole,
    sts_endpoint: Option<&String>,
    counter: CallCounter,
) -> Result<SdkConfig, ConnectError> {
    let mut conf = aws_sdk_sts::config::Builder::from(base).interceptor(counter);
    if let Some(url) = sts_endpoint {
        conf = conf.endpoint_url(url.clone());
    }
    let sts = aws_sdk_sts::Client::from_conf(conf.build());
    let out = sts
        .assume_role()
        .role_arn(&ar.role_arn)
        .role_session_name(ar.session_name.clone().unwrap_or_else(|| "baseline".to_string()))
        .set_external_id(ar.external_id.clone())
        .send()
        .await
        .map_err(|e| ConnectError::AssumeRole {
            role_arn: ar.role_arn.clone(),
            detail: cloud_error("sts", "AssumeRole", Some(&ar.role_arn), e).to_string(),
        })?;
    let Some(c) = out.credentials() else {
        return Err(ConnectError::AssumeRole {
            role_arn: ar.role_arn.clone(),
            detail: "STS returned no credentials".into(),
        });
    };
    let expiry = std::time::SystemTime::try_from(*c.expiration()).ok();
    let creds = aws_credential_types::Credentials::new(
        c.access_key_id(),
        c.secret_access_key(),
        Some(c.session_token().to_string()),
        expiry,
        "baseline-assume-role",
    );
    Ok(base
        .to_builder()
        .credentials_provider(aws_credential_types::provider::SharedCredentialsProvider::new(creds))
        .build())
}

/// How long the credential chain may take before baseline gives up (instance metadata
/// lookups on a laptop would otherwise hang for a long time).
const CREDENTIALS_TIMEOUT: Duration = Duration::from_secs(10);

impl AwsCloud {
    /// Loads configuration and credentials; fails fast when there are none.
    pub async fn connect(
        settings: &AwsSettings,
        log: Arc<dyn Fn(&str) + Send + Sync>,
    ) -> Result<AwsCloud, ConnectError> {
        let mut loader = aws_config::defaults(BehaviorVersion::latest());
        if let Some(r) = &settings.region {
            loader = loader.region(aws_config::Region::new(r.clone()));
        }
        if let Some(p) = &settings.profile {
            loader = loader.profile_name(p);
        }
        let mut base = loader.load().await;
        let calls = Arc::new(AtomicU64::new(0));
        if base.region().is_none() {
            return Err(ConnectError::NoRegion);
        }
        if let Some(ar) = &settings.assume_role {
            let counter = CallCounter {
                prefix: "sts",
                region: base.region().map(|r| r.to_string()).unwrap_or_default(),
                calls: calls.clone(),
                debug: settings.debug,
                log: log.clone(),
            };
            base = assume_role(&base, ar, settings.endpoints.get("sts"), counter).await?;
        }
        let Some(creds) = base.credentials_provider() else {
            return Err(ConnectError::NoCredentials { detail: "no credential provider is configured".into() });
        };
        match tokio::time::timeout(CREDENTIALS_TIMEOUT, creds.provide_credentials()).await {
            Ok(Ok(_)) => {}
            // The chain's error names the sources it tried; it never contains secrets.
            Ok(Err(e)) => {
                return Err(ConnectError::NoCredentials {
                    detail: aws_smithy_types::error::display::DisplayErrorContext(&e).to_string(),
                })
            }
            Err(_) => {
                return Err(ConnectError::NoCredentials {
                    detail: format!("the credential chain did not answer within {}s", CREDENTIALS_TIMEOUT.as_secs()),
                })
            }
        }
        let mut iam_conf = aws_sdk_iam::config::Builder::from(&base);
        if let Some(url) = settings.endpoints.get("iam") {
            iam_conf = iam_conf.endpoint_url(url.clone());
        }
        let mut sts_conf = aws_sdk_sts::config::Builder::from(&base);
        if let Some(url) = settings.endpoints.get("sts") {
            sts_conf = sts_conf.endpoint_url(url.clone());
        }
        let region = base.region().map(|r| r.to_string()).unwrap_or_default();
        let counter = |prefix| CallCounter {
            prefix,
            region: region.clone(),
            calls: calls.clone(),
            debug: settings.debug,
            log: log.clone(),
        };
        Ok(AwsCloud {
            iam: aws_sdk_iam::Client::from_conf(iam_conf.interceptor(counter("iam")).build()),
            sts: aws_sdk_sts::Client::from_conf(sts_conf.interceptor(counter("sts")).build()),
            base,
            endpoints: settings.endpoints.clone(),
            debug: settings.debug,
            calls,
            log,
            events: Mutex::new(HashMap::new()),
            inspector: Mutex::new(HashMap::new()),
            inspector2: Mutex::new(HashMap::new()),
        })
    }

    /// The interceptor counting (and with --debug, listing) this client's requests.
    fn counter(&self, prefix: &'static str, region: &str) -> CallCounter {
        CallCounter {
            prefix,
            region: region.to_string(),
            calls: self.calls.clone(),
            debug: self.debug,
            log: self.log.clone(),
        }
    }

    fn note(&self, msg: &str) {
        (self.log)(msg);
    }

    fn events(&self, region: &str) -> aws_sdk_eventbridge::Client {
        let mut m = self.events.lock().unwrap_or_else(|p| p.into_inner());
        m.entry(region.to_string())
            .or_insert_with(|| {
                let mut c = aws_sdk_eventbridge::config::Builder::from(&self.base)
                    .region(aws_config::Region::new(region.to_string()));
                if let Some(url) = self.endpoints.get("events") {
                    c = c.endpoint_url(url.clone());
                }
                aws_sdk_eventbridge::Client::from_conf(c.interceptor(self.counter("events", region)).build())
            })
            .clone()
    }

    fn inspector(&self, region: &str) -> aws_sdk_inspector::Client {
        let mut m = self.inspector.lock().unwrap_or_else(|p| p.into_inner());
        m.entry(region.to_string())
            .or_insert_with(|| {
                let mut c = aws_sdk_inspector::config::Builder::from(&self.base)
                    .region(aws_config::Region::new(region.to_string()));
                if let Some(url) = self.endpoints.get("inspector") {
                    c = c.endpoint_url(url.clone());
                }
                aws_sdk_inspector::Client::from_conf(c.interceptor(self.counter("inspector", region)).build())
            })
            .clone()
    }

    fn inspector2(&self, region: &str) -> aws_sdk_inspector2::Client {
        let mut m = self.inspector2.lock().unwrap_or_else(|p| p.into_inner());
        m.entry(region.to_string())
            .or_insert_with(|| {
                let mut c = aws_sdk_inspector2::config::Builder::from(&self.base)
                    .region(aws_config::Region::new(region.to_string()));
                if let Some(url) = self.endpoints.get("inspector2") {
                    c = c.endpoint_url(url.clone());
                }
                aws_sdk_inspector2::Client::from_conf(c.interceptor(self.counter("inspector2", region)).build())
            })
            .clone()
    }
}

#[async_trait]
impl Cloud for AwsCloud {
    fn api_calls(&self) -> Option<u64> {
        Some(self.calls.load(Ordering::Relaxed))
    }

    fn default_region(&self) -> Option<String> {
        self.base.region().map(|r| r.to_string())
    }

    async fn account_id(&self) -> CloudResult<String> {
        let out = self
            .sts
            .get_caller_identity()
            .send()
            .await
            .map_err(|e| cloud_error("sts", "GetCallerIdentity", None, e))?;
        Ok(out.account().unwrap_or_default().to_string())
    }

    async fn iam_create_service_linked_role(
        &self,
        service: &str,
        description: Option<&str>,
        suffix: Option<&str>,
    ) -> CloudResult<IamRole> {
        iam::create_service_linked_role(&self.iam, service, description, suffix).await
    }
    async fn iam_delete_service_linked_role(&self, role_name: &str) -> CloudResult<String> {
        iam::delete_service_linked_role(&self.iam, role_name).await
    }
    async fn iam_get_role(&self, role_name: &str) -> CloudResult<Option<IamRole>> {
        iam::get_role(&self.iam, role_name).await
    }
    async fn iam_create_role(&self, input: &CreateRoleInput) -> CloudResult<IamRole> {
        iam::create_role(&self.iam, input).await
    }
    async fn iam_update_role(&self, role_name: &str, description: Option<&str>, max: Option<i64>) -> CloudResult<()> {
        iam::update_role(&self.iam, role_name, description, max).await
    }
    async fn iam_update_assume_role_policy(&self, role_name: &str, document: &str) -> CloudResult<()> {
        iam::update_assume_role_policy(&self.iam, role_name, document).await
    }
    async fn iam_set_permissions_boundary(&self, role_name: &str, arn: Option<&str>) -> CloudResult<()> {
        iam::set_permissions_boundary(&self.iam, role_name, arn).await
    }
    async fn iam_tag_role(&self, role_name: &str, tags: &Tags) -> CloudResult<()> {
        iam::tag_role(&self.iam, role_name, tags).await
    }
    async fn iam_untag_role(&self, role_name: &str, keys: &[String]) -> CloudResult<()> {
        iam::untag_role(&self.iam, role_name, keys).await
    }
    async fn iam_delete_role(&self, role_name: &str) -> CloudResult<()> {
        iam::delete_role(&self.iam, role_name).await
    }
    async fn iam_list_role_policies(&self, role_name: &str) -> CloudResult<Vec<String>> {
        iam::list_role_policies(&self.iam, role_name).await
    }
    async fn iam_get_role_policy(&self, role_name: &str, policy_name: &str) -> CloudResult<Option<String>> {
        iam::get_role_policy(&self.iam, role_name, policy_name).await
    }
    async fn iam_put_role_policy(&self, role_name: &str, policy_name: &str, document: &str) -> CloudResult<()> {
        iam::put_role_policy(&self.iam, role_name, policy_name, document).await
    }
    async fn iam_delete_role_policy(&self, role_name: &str, policy_name: &str) -> CloudResult<()> {
        iam::delete_role_policy(&self.iam, role_name, policy_name).await
    }

    async fn events_put_rule(&self, region: &str, input: &PutRuleInput) -> CloudResult<String> {
        events::put_rule(&self.events(region), input, &|m| self.note(m)).await
    }
    async fn events_describe_rule(&self, region: &str, bus: &str, name: &str) -> CloudResult<Option<EventRule>> {
        let client = self.events(region);
        let Some(mut rule) = events::describe_rule(&client, bus, name).await? else { return Ok(None) };
        rule.tags = events::list_tags(&client, &rule.arn).await?;
        Ok(Some(rule))
    }
    async fn events_set_tags(&self, region: &str, arn: &str, tags: &Tags) -> CloudResult<()> {
        events::set_tags(&self.events(region), arn, tags).await
    }
    async fn events_delete_rule(&self, region: &str, bus: &str, name: &str) -> CloudResult<()> {
        events::delete_rule(&self.events(region), bus, name).await
    }
    async fn events_list_targets(&self, region: &str, bus: &str, rule: &str) -> CloudResult<Vec<EventTarget>> {
        events::list_targets(&self.events(region), bus, rule).await
    }
    async fn events_put_targets(
        &self,
        region: &str,
        bus: &str,
        rule: &str,
        targets: &[EventTarget],
    ) -> CloudResult<()> {
        events::put_targets(&self.events(region), bus, rule, targets, &|m| self.note(m)).await
    }
    async fn events_remove_targets(&self, region: &str, bus: &str, rule: &str, ids: &[String]) -> CloudResult<()> {
        events::remove_targets(&self.events(region), bus, rule, ids).await
    }

    async fn inspector_rules_packages(&self, region: &str) -> CloudResult<Vec<RulesPackage>> {
        inspector::rules_packages(&self.inspector(region), region).await
    }
    async fn inspector_create_resource_group(&self, region: &str, tags: &Tags) -> CloudResult<String> {
        inspector::create_resource_group(&self.inspector(region), region, tags).await
    }
    async fn inspector_describe_resource_groups(
        &self,
        region: &str,
        arns: &[String],
    ) -> CloudResult<Vec<ResourceGroup>> {
        inspector::describe_resource_groups(&self.inspector(region), region, arns).await
    }
    async fn inspector_create_assessment_target(
        &self,
        region: &str,
        name: &str,
        group: Option<&str>,
    ) -> CloudResult<String> {
        inspector::create_assessment_target(&self.inspector(region), region, name, group).await
    }
    async fn inspector_update_assessment_target(
        &self,
        region: &str,
        arn: &str,
        name: &str,
        group: Option<&str>,
    ) -> CloudResult<()> {
        inspector::update_assessment_target(&self.inspector(region), region, arn, name, group).await
    }
    async fn inspector_describe_assessment_targets(
        &self,
        region: &str,
        arns: &[String],
    ) -> CloudResult<Vec<AssessmentTarget>> {
        inspector::describe_assessment_targets(&self.inspector(region), region, arns).await
    }
    async fn inspector_delete_assessment_target(&self, region: &str, arn: &str) -> CloudResult<()> {
        inspector::delete_assessment_target(&self.inspector(region), region, arn).await
    }
    async fn inspector_create_assessment_template(
        &self,
        region: &str,
        target_arn: &str,
        name: &str,
        duration: i64,
        rules: &[String],
    ) -> CloudResult<String> {
        inspector::create_assessment_template(&self.inspector(region), region, target_arn, name, duration, rules).await
    }
    async fn inspector_describe_assessment_templates(
        &self,
        region: &str,
        arns: &[String],
    ) -> CloudResult<Vec<AssessmentTemplate>> {
        inspector::describe_assessment_templates(&self.inspector(region), region, arns).await
    }
    async fn inspector_delete_assessment_template(&self, region: &str, arn: &str) -> CloudResult<()> {
        inspector::delete_assessment_template(&self.inspector(region), region, arn).await
    }
    async fn inspector_list_event_subscriptions(&self, region: &str, arn: &str) -> CloudResult<Vec<EventSubscription>> {
        inspector::list_event_subscriptions(&self.inspector(region), region, arn).await
    }
    async fn inspector_subscribe(&self, region: &str, arn: &str, sub: &EventSubscription) -> CloudResult<()> {
        inspector::subscribe(&self.inspector(region), region, arn, sub).await
    }
    async fn inspector_unsubscribe(&self, region: &str, arn: &str, sub: &EventSubscription) -> CloudResult<()> {
        inspector::unsubscribe(&self.inspector(region), region, arn, sub).await
    }
    async fn inspector_list_tags(&self, region: &str, arn: &str) -> CloudResult<Tags> {
        inspector::list_tags(&self.inspector(region), region, arn).await
    }
    async fn inspector_set_tags(&self, region: &str, arn: &str, tags: &Tags) -> CloudResult<()> {
        inspector::set_tags(&self.inspector(region), region, arn, tags).await
    }

    async fn inspector2_enable(&self, region: &str, account_ids: &[String], types: &[String]) -> CloudResult<()> {
        inspector2::enable(&self.inspector2(region), account_ids, types).await
    }
    async fn inspector2_disable(&self, region: &str, account_ids: &[String], types: &[String]) -> CloudResult<()> {
        inspector2::disable(&self.inspector2(region), account_ids, types).await
    }
    async fn inspector2_account_status(
        &self,
        region: &str,
        account_ids: &[String],
    ) -> CloudResult<Vec<Inspector2AccountStatus>> {
        inspector2::account_status(&self.inspector2(region), account_ids).await
    }
    async fn inspector2_create_filter(&self, region: &str, filter: &Inspector2Filter) -> CloudResult<String> {
        inspector2::create_filter(&self.inspector2(region), filter).await
    }
    async fn inspector2_update_filter(&self, region: &str, filter: &Inspector2Filter) -> CloudResult<()> {
        inspector2::update_filter(&self.inspector2(region), filter).await
    }
    async fn inspector2_list_filters(&self, region: &str, arns: &[String]) -> CloudResult<Vec<Inspector2Filter>> {
        inspector2::list_filters(&self.inspector2(region), arns).await
    }
    async fn inspector2_delete_filter(&self, region: &str, arn: &str) -> CloudResult<()> {
        inspector2::delete_filter(&self.inspector2(region), arn).await
    }
    async fn inspector2_set_tags(&self, region: &str, arn: &str, tags: &Tags) -> CloudResult<()> {
        inspector2::set_tags(&self.inspector2(region), arn, tags).await
    }
    async fn inspector2_describe_org_config(&self, region: &str) -> CloudResult<BTreeMap<String, bool>> {
        inspector2::describe_org_config(&self.inspector2(region)).await
    }
    async fn inspector2_update_org_config(
        &self,
        region: &str,
        auto_enable: &BTreeMap<String, bool>,
    ) -> CloudResult<()> {
        inspector2::update_org_config(&self.inspector2(region), auto_enable).await
    }
    async fn inspector2_enable_delegated_admin(&self, region: &str, account_id: &str) -> CloudResult<()> {
        inspector2::enable_delegated_admin(&self.inspector2(region), account_id).await
    }
    async fn inspector2_list_delegated_admins(&self, region: &str) -> CloudResult<Vec<(String, String)>> {
        inspector2::list_delegated_admins(&self.inspector2(region)).await
    }
    async fn inspector2_disable_delegated_admin(&self, region: &str, account_id: &str) -> CloudResult<()> {
        inspector2::disable_delegated_admin(&self.inspector2(region), account_id).await
    }
    async fn inspector2_associate_member(&self, region: &str, account_id: &str) -> CloudResult<()> {
        inspector2::associate_member(&self.inspector2(region), account_id).await
    }
    async fn inspector2_get_member(&self, region: &str, account_id: &str) -> CloudResult<Option<Inspector2Member>> {
        inspector2::get_member(&self.inspector2(region), account_id).await
    }
    async fn inspector2_disassociate_member(&self, region: &str, account_id: &str) -> CloudResult<()> {
        inspector2::disassociate_member(&self.inspector2(region), account_id).await
    }
    async fn inspector2_create_cis_scan(&self, region: &str, config: &CisScanConfig) -> CloudResult<String> {
        inspector2::create_cis_scan(&self.inspector2(region), config).await
    }
    async fn inspector2_update_cis_scan(&self, region: &str, config: &CisScanConfig) -> CloudResult<()> {
        inspector2::update_cis_scan(&self.inspector2(region), config).await
    }
    async fn inspector2_list_cis_scans(&self, region: &str, arns: &[String]) -> CloudResult<Vec<CisScanConfig>> {
        inspector2::list_cis_scans(&self.inspector2(region), arns).await
    }
    async fn inspector2_delete_cis_scan(&self, region: &str, arn: &str) -> CloudResult<()> {
        inspector2::delete_cis_scan(&self.inspector2(region), arn).await
    }
}
