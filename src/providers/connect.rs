//! Opening the accounts of a run: the embedded sandbox, or AWS through each provider block's
//! settings, one connection per account (made once for the run).

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::aws::{ConnectError, Connection};
use super::sandbox::{Sandbox, SandboxError};
use super::settings::{assumed_account, ProviderSettings};
use super::Clouds;

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
