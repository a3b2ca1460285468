//! Providers: what the AWS services share.
//!
//! A resource type (see `crate::resources`) is a schema plus read/create/update/delete verbs,
//! and those verbs speak to the services of an [`Account`] (see `crate::services`), each an
//! interface shaped like the AWS API itself. Here live the two ways of serving them: the AWS
//! connection (`aws`: credentials, endpoints, the call counter) and the embedded sandbox
//! account store (`sandbox`: one JSON file, fault injection, ids); plus the error type every
//! call returns and the per-run set of account connections ([`Clouds`]). Because both sit
//! below the same verbs, the sandbox exercises exactly the logic a real account does.

pub mod aws;
pub mod connect;
pub mod sandbox;
pub mod settings;
pub mod tags;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

pub use crate::services::Account;

/// What kind of failure a cloud call hit, so verbs can react without parsing messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ErrorKind {
    /// The named object does not exist (`NoSuchEntity`, `ResourceNotFoundException`, …).
    NotFound,
    /// The object exists already (`EntityAlreadyExists`, "has been taken").
    AlreadyExists,
    /// The request was rejected as invalid (`ValidationError`, `InvalidInputException`).
    Invalid,
    /// The object cannot be deleted while something still uses it (`DeleteConflict`).
    Conflict,
    /// The caller lacks permission.
    AccessDenied,
    /// Anything else, including faults injected in the sandbox.
    Other,
}

/// A failed cloud API call: which service and operation, AWS's error code and message.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{service}:{operation} failed: {code}: {message}")]
pub struct CloudError {
    /// Service name as in IAM policy actions (`iam`, `events`, `inspector`).
    pub service: &'static str,
    /// API operation name (`CreateRole`).
    pub operation: &'static str,
    /// AWS error code (`EntityAlreadyExists`).
    pub code: String,
    /// Human-readable message as AWS words it.
    pub message: String,
    /// Classification used by resource verbs.
    pub kind: ErrorKind,
}

impl CloudError {
    /// Builds an error for `service:operation`.
    pub fn new(
        service: &'static str,
        operation: &'static str,
        kind: ErrorKind,
        code: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        CloudError { service, operation, code: code.into(), message: message.into(), kind }
    }
}

impl CloudError {
    /// `Ok(None)` when the error says the object does not exist, else the error: for reads
    /// where a missing object is an answer.
    pub fn absent<T>(self) -> CloudResult<Option<T>> {
        if self.kind == ErrorKind::NotFound {
            Ok(None)
        } else {
            Err(self)
        }
    }
}

/// Result of a cloud call.
pub type CloudResult<T> = Result<T, CloudError>;

/// Tags as AWS returns them, sorted by key.
pub type Tags = BTreeMap<String, String>;

/// `items` without repeats, in their first order (ARNs and account ids, which AWS rejects or
/// reports once each when repeated in one request).
pub fn unique(items: &[String]) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    items.iter().filter(|a| seen.insert(a.as_str())).cloned().collect()
}

/// Keys to remove and pairs to add so that tags `have` become `want`.
pub fn tag_delta(have: &Tags, want: &Tags) -> (Vec<String>, Tags) {
    let remove = have.keys().filter(|k| !want.contains_key(*k)).cloned().collect();
    let add = want.iter().filter(|(k, v)| have.get(*k) != Some(v)).map(|(k, v)| (k.clone(), v.clone())).collect();
    (remove, add)
}

/// The account connections of one run: the default provider's, and one for each aliased
/// provider that reaches another account (`assume_role`, `profile`, `endpoints`). Aliases
/// that only change the region share the default connection.
pub struct Clouds {
    default: Account,
    aliases: BTreeMap<String, Account>,
    environment_region: Option<String>,
}

impl Clouds {
    /// Connections with `default` for every provider.
    pub fn new(default: impl Into<Account>) -> Clouds {
        Clouds { default: default.into(), aliases: BTreeMap::new(), environment_region: None }
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
