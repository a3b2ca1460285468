//! Opening the accounts of a run: the embedded sandbox, or AWS through each provider block's
//! settings, one connection per account (made once for the run), kept as [`Clouds`].

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::sandbox::Sandbox;
use super::Account;
use crate::cloud::aws::{AwsSettings, ConnectError, Connection};
use crate::cloud::sandbox::SandboxError;

/// The connection settings of every `provider "aws"` block of a configuration (evaluated by
/// the planner, `crate::plan::providers`).
#[derive(Debug, Clone, Default)]
pub struct ProviderSettings {
    /// The default provider's.
    pub default: AwsSettings,
    /// Each alias that reaches another account (its own `profile`, `assume_role` or
    /// `endpoints`); aliases that only change the region share the default connection.
    pub aliases: Vec<(String, AwsSettings)>,
}

/// The account id an `assume_role` role ARN points into (`arn:aws:iam::ACCOUNT:role/…`).
pub fn assumed_account(settings: &AwsSettings) -> Option<String> {
    let arn = &settings.assume_role.as_ref()?.role_arn;
    let account = arn.split(':').nth(4)?;
    (!account.is_empty()).then(|| account.to_string())
}

/// Why the accounts of a run could not be opened.
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    /// A sandbox account file could not be loaded.
    #[error(transparent)]
    Sandbox(#[from] SandboxError),
    /// The default provider could not connect.
    #[error(transparent)]
    Connect(#[from] ConnectError),
    /// An aliased provider could not connect.
    #[error("provider aws.{alias}: {source}")]
    Alias { alias: String, source: ConnectError },
}

/// The sandbox accounts of a run. The default account lives in `file`; an `assume_role` into
/// another account opens that account, kept in a file of its own beside it
/// ([`member_file`]) as a member of the default account's organization.
/// `environment_region` is the region the environment names (`AWS_REGION`), for providers
/// without one; every call of an operation in `faults` (`service:Operation`) fails.
pub fn open_sandbox(
    file: &Path,
    settings: &ProviderSettings,
    environment_region: Option<String>,
    faults: &[String],
) -> Result<Clouds, OpenError> {
    let default = match assumed_account(&settings.default) {
        Some(account) => Sandbox::open_account(file, &account)?,
        None => Sandbox::open(file)?,
    }
    .with_faults(faults.to_vec());
    let mut clouds = Clouds::new(default).with_environment_region(environment_region);
    for (alias, s) in &settings.aliases {
        if let Some(account) = assumed_account(s) {
            let member = Sandbox::open_account(&member_file(file, &account), &account)?
                .in_organization(file)
                .with_faults(faults.to_vec());
            clouds = clouds.with_alias(alias, member);
        }
    }
    Ok(clouds)
}

/// The sandbox file of another account: `sandbox.json` → `sandbox-ACCOUNT.json`.
pub fn member_file(default: &Path, account: &str) -> PathBuf {
    let stem = default.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_else(|| "sandbox".into());
    default.with_file_name(format!("{stem}-{account}.json"))
}

/// Connects to AWS: the default provider, then every alias that reaches another account.
/// `log` receives progress and `--debug` call listings (stderr).
pub async fn connect_aws(
    settings: &ProviderSettings,
    environment_region: Option<String>,
    log: Arc<dyn Fn(&str) + Send + Sync>,
) -> Result<Clouds, OpenError> {
    let default = Connection::connect(&settings.default, log.clone()).await?;
    let mut clouds = Clouds::new(Arc::new(default)).with_environment_region(environment_region);
    for (alias, s) in &settings.aliases {
        let conn = Connection::connect(s, log.clone())
            .await
            .map_err(|source| OpenError::Alias { alias: alias.clone(), source })?;
        clouds = clouds.with_alias(alias, Arc::new(conn));
    }
    Ok(clouds)
}

/// The account connections of one run: the default provider's, and one for each aliased
/// provider that reaches another account (`assume_role`, `profile`, `endpoints`). Aliases
/// that only change the region share the default connection.
pub struct Clouds {
    default: Account,
    aliases: BTreeMap<String, Account>,
    environment_region: Option<String>,
    /// The sandbox's lock, held for the whole run: two runs on one sandbox file would each
    /// work on their own copy of it and lose each other's objects.
    _sandbox_lock: Option<crate::state::Lock>,
}

impl Clouds {
    /// Connections with `default` for every provider.
    pub fn new(default: impl Into<Account>) -> Clouds {
        Clouds { default: default.into(), aliases: BTreeMap::new(), environment_region: None, _sandbox_lock: None }
    }

    /// These connections, holding `lock` until they are dropped.
    pub fn holding(mut self, lock: crate::state::Lock) -> Clouds {
        self._sandbox_lock = Some(lock);
        self
    }

    /// Adds the connection of `provider "aws" { alias = ALIAS }`.
    pub fn with_alias(mut self, alias: &str, account: impl Into<Account>) -> Clouds {
        self.aliases.insert(alias.to_string(), account.into());
        self
    }

    /// Sets the region the environment names (`AWS_REGION`), which providers without a
    /// `region` use; the command layer reads it, so nothing below it reads the environment.
    pub fn with_environment_region(mut self, region: Option<String>) -> Clouds {
        self.environment_region = region;
        self
    }

    /// The region a provider block without `region` uses: the environment's, else the one the
    /// default connection's configuration files name.
    pub fn fallback_region(&self) -> Option<String> {
        self.environment_region.clone().or_else(|| self.default.default_region())
    }

    /// The connection for a provider name as state records it (`aws` or `aws.ALIAS`).
    pub fn get(&self, provider: &str) -> &Account {
        provider.strip_prefix("aws.").and_then(|a| self.aliases.get(a)).unwrap_or(&self.default)
    }

    /// The default provider's connection.
    pub fn default_cloud(&self) -> &Account {
        &self.default
    }

    /// API calls made through all connections.
    pub fn api_calls(&self) -> u64 {
        self.default.api_calls() + self.aliases.values().map(Account::api_calls).sum::<u64>()
    }
}
