//! The bottom layer: what every AWS service shares, importing nothing above it.
//!
//! Each service (`crate::services`) is an interface shaped like the AWS API, served two ways:
//! over the AWS connection (`aws`: credentials, endpoints, retries, the call counter, error
//! mapping) and by the embedded sandbox (`sandbox`: the account file's mechanics: tables that
//! undo a failed call, the change log, fault injection, ids, AWS's validation wording). Here
//! too are the error every call returns ([`CloudError`], classified by [`ErrorKind`]) and tags
//! with their deltas. Because both ways sit below the same verbs, the sandbox exercises exactly
//! the logic a real account does.

pub mod aws;
pub mod sandbox;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

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

/// A call's result where "the object does not exist" is an answer, not a failure.
pub trait Absent<T> {
    /// `Ok(None)` when the object does not exist (a read).
    fn found(self) -> CloudResult<Option<T>>;
    /// `Ok(())` when the call succeeded or the object was gone already (a delete, whose
    /// contract is that the object is gone afterwards).
    fn gone(self) -> CloudResult<()>;
}

impl<T> Absent<T> for CloudResult<T> {
    fn found(self) -> CloudResult<Option<T>> {
        match self {
            Ok(v) => Ok(Some(v)),
            Err(e) => e.absent(),
        }
    }
    fn gone(self) -> CloudResult<()> {
        self.found().map(drop)
    }
}

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
