//! The AWS connection the services' SDK clients share: credentials, region, endpoints, the
//! call counter. Each service's calls live in `crate::services::<service>::aws`.
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
#[macro_export]
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
pub(crate) fn mock_error_meta(code: &str, message: &str) -> aws_smithy_types::error::ErrorMetadata {
    aws_smithy_types::error::ErrorMetadata::builder().code(code).message(message).build()
}

mod errors;

use std::collections::{BTreeMap, HashMap};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use aws_config::{BehaviorVersion, SdkConfig};
use aws_credential_types::provider::ProvideCredentials;
use aws_smithy_runtime_api::client::interceptors::Intercept;

pub use errors::{classify, cloud_error};

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
    /// Per-service endpoint overrides: `iam`, `events`, `inspector`, `inspector2`, `sts`, `sns`,
    /// `organizations`.
    pub endpoints: BTreeMap<String, String>,
    /// List every API call on stderr.
    pub debug: bool,
    /// The most one API operation may take, retries included (`None`: two minutes).
    pub call_timeout: Option<std::time::Duration>,
}

/// The SDK timeouts of an operation allowed `total` (retries included): a stalled endpoint
/// fails in bounded time instead of hanging the run.
pub fn timeouts(total: Option<std::time::Duration>) -> aws_config::timeout::TimeoutConfig {
    use std::time::Duration;
    let total = total.unwrap_or(Duration::from_secs(120)).max(Duration::from_secs(1));
    aws_config::timeout::TimeoutConfig::builder()
        .connect_timeout(total.min(Duration::from_secs(10)))
        .operation_attempt_timeout((total / 3).max(Duration::from_secs(1)))
        .operation_timeout(total)
        .build()
}

/// An error and its causes as one line of their messages (no debug structures), each said once.
fn messages(e: &(dyn std::error::Error + 'static)) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut next = Some(e);
    while let Some(err) = next {
        let m = err.to_string();
        if !m.is_empty() && !parts.iter().any(|p| p.contains(&m)) {
            parts.push(m);
        }
        next = err.source();
    }
    parts.join(": ")
}

/// What the default credential chain looked at, in its order, one line each, with why each gave
/// nothing (from the environment; `last` is what the chain's final source, instance metadata,
/// answered). Names variables and files, never values.
fn sources_tried(profile: Option<&str>, last: Option<&str>) -> String {
    let set = |k: &str| std::env::var_os(k).is_some_and(|v| !v.is_empty());
    let profile = profile.map(str::to_string).or_else(|| std::env::var("AWS_PROFILE").ok()).unwrap_or("default".into());
    let home = std::env::var_os("HOME").map(std::path::PathBuf::from).unwrap_or_default();
    let config = std::env::var_os("AWS_CONFIG_FILE").map_or_else(|| home.join(".aws/config"), Into::into);
    let credentials =
        std::env::var_os("AWS_SHARED_CREDENTIALS_FILE").map_or_else(|| home.join(".aws/credentials"), Into::into);
    let env = match (set("AWS_ACCESS_KEY_ID"), set("AWS_SECRET_ACCESS_KEY")) {
        (false, false) => "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set".to_string(),
        (true, false) => "AWS_SECRET_ACCESS_KEY is not set".to_string(),
        (false, true) => "AWS_ACCESS_KEY_ID is not set".to_string(),
        (true, true) => "set, but refused".to_string(),
    };
    let files = match (config.is_file(), credentials.is_file()) {
        (false, false) => format!("neither {} nor {} exists", config.display(), credentials.display()),
        _ => format!(
            "profile `{profile}` gave no credentials from {} or {} (nor SSO or a process it names)",
            config.display(),
            credentials.display()
        ),
    };
    let web = if set("AWS_WEB_IDENTITY_TOKEN_FILE") && set("AWS_ROLE_ARN") {
        "AWS_WEB_IDENTITY_TOKEN_FILE and AWS_ROLE_ARN are set, but gave no credentials".to_string()
    } else {
        "AWS_WEB_IDENTITY_TOKEN_FILE and AWS_ROLE_ARN are not both set (GitHub Actions OIDC sets them)".to_string()
    };
    let container = if set("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI") || set("AWS_CONTAINER_CREDENTIALS_FULL_URI") {
        "set, but gave no credentials"
    } else {
        "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI / _FULL_URI are not set"
    };
    let imds = last.unwrap_or("not reached");
    format!(
        "baseline tried, in order:\n- environment: {env}\n- shared files: {files}\n- web identity: {web}\n\
         - container: {container}\n- instance metadata: {imds}\nTo try baseline without AWS, add --sandbox."
    )
}

/// Why connecting to AWS failed.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
pub enum ConnectError {
    #[error("no AWS credentials found")]
    #[diagnostic(code(baseline::aws::no_credentials))]
    NoCredentials {
        /// One line per source the credential chain tried, and why it gave nothing.
        #[help]
        detail: String,
    },
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

/// A connected AWS account: the loaded configuration and credentials every service client of
/// the run is built from, and the count of requests they send.
pub struct Connection {
    base: SdkConfig,
    endpoints: BTreeMap<String, String>,
    debug: bool,
    calls: Arc<AtomicU64>,
    log: Arc<dyn Fn(&str) + Send + Sync>,
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

impl Intercept for CallCounter {
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

impl Connection {
    /// Loads configuration and credentials; fails fast when there are none.
    pub async fn connect(
        settings: &AwsSettings,
        log: Arc<dyn Fn(&str) + Send + Sync>,
    ) -> Result<Connection, ConnectError> {
        let mut loader =
            aws_config::defaults(BehaviorVersion::latest()).timeout_config(timeouts(settings.call_timeout));
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
            return Err(ConnectError::NoCredentials { detail: sources_tried(settings.profile.as_deref(), None) });
        };
        match tokio::time::timeout(CREDENTIALS_TIMEOUT, creds.provide_credentials()).await {
            Ok(Ok(_)) => {}
            // The chain's error names the sources it tried; it never contains secrets.
            Ok(Err(e)) => {
                return Err(ConnectError::NoCredentials {
                    detail: sources_tried(settings.profile.as_deref(), Some(&messages(&e))),
                })
            }
            Err(_) => {
                let why = format!("did not answer within {}s", CREDENTIALS_TIMEOUT.as_secs());
                return Err(ConnectError::NoCredentials {
                    detail: sources_tried(settings.profile.as_deref(), Some(&why)),
                });
            }
        }
        Ok(Connection { base, endpoints: settings.endpoints.clone(), debug: settings.debug, calls, log })
    }

    /// The loaded configuration (region, credentials) that service clients start from.
    pub fn sdk_config(&self) -> &SdkConfig {
        &self.base
    }

    /// The provider block's endpoint override for `service` (`iam`, `events`, …), if any.
    pub fn endpoint(&self, service: &str) -> Option<&String> {
        self.endpoints.get(service)
    }

    /// The interceptor counting (and with --debug, listing) a client's requests; `region`
    /// `None` is the connection's own region (global services).
    pub fn counter(&self, prefix: &'static str, region: Option<&str>) -> impl Intercept + 'static {
        CallCounter {
            prefix,
            region: region.map(str::to_string).or_else(|| self.default_region()).unwrap_or_default(),
            calls: self.calls.clone(),
            debug: self.debug,
            log: self.log.clone(),
        }
    }

    /// Says `msg` to the user (stderr), e.g. that a call is being retried.
    pub fn note(&self, msg: &str) {
        (self.log)(msg);
    }

    /// How many requests the clients of this connection have sent, retries included.
    pub fn api_calls(&self) -> u64 {
        self.calls.load(Ordering::Relaxed)
    }

    /// The region the connection's configuration names.
    pub fn default_region(&self) -> Option<String> {
        self.base.region().map(|r| r.to_string())
    }
}

/// An SDK client of `$sdk` for service `$prefix` on connection `$conn`: the connection's
/// credentials, `$region` (`None`: the connection's own), the provider block's endpoint
/// override, and the call counter.
#[macro_export]
macro_rules! sdk_client {
    ($conn:expr, $sdk:ident, $prefix:literal, $region:expr) => {{
        let conn: &$crate::cloud::aws::Connection = $conn;
        let region: Option<&str> = $region;
        let mut builder = $sdk::config::Builder::from(conn.sdk_config());
        if let Some(r) = region {
            builder = builder.region($sdk::config::Region::new(r.to_string()));
        }
        if let Some(url) = conn.endpoint($prefix) {
            builder = builder.endpoint_url(url.clone());
        }
        $sdk::Client::from_conf(builder.interceptor(conn.counter($prefix, region)).build())
    }};
}

/// One SDK client per region, made on first use and kept for the run.
pub struct Regional<C> {
    conn: Arc<Connection>,
    clients: Mutex<HashMap<String, C>>,
    make: fn(&Connection, &str) -> C,
}

impl<C: Clone> Regional<C> {
    /// Clients made by `make(connection, region)`.
    pub fn new(conn: &Arc<Connection>, make: fn(&Connection, &str) -> C) -> Self {
        Regional { conn: conn.clone(), clients: Mutex::new(HashMap::new()), make }
    }

    /// The client of `region`.
    pub fn get(&self, region: &str) -> C {
        // A panic while holding the lock leaves the map usable: entries are inserted whole.
        let mut clients = self.clients.lock().unwrap_or_else(|p| p.into_inner());
        clients.entry(region.to_string()).or_insert_with(|| (self.make)(&self.conn, region)).clone()
    }

    /// The connection the clients belong to.
    pub fn connection(&self) -> &Connection {
        &self.conn
    }
}
