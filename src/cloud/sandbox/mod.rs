//! The sandbox's mechanics: a simulated AWS account kept in one JSON file, generic over the
//! account's contents (`crate::services::sandbox` assembles those from the services, and each
//! service simulates its API over them in its `sandbox.rs`).
//!
//! [`Store`] keeps the account in memory behind a lock and makes every call all-or-nothing:
//! a call's changes are kept (in memory and in the file's log) only if the call and the log
//! write both succeed (`table.rs`, `log.rs`). Each mutating call appends what it changed to
//! `FILE.log` beside the file before returning; the whole file is rewritten atomically when
//! the log outgrows it and when the store is closed, and a log left by a killed run is taken
//! in when the account is next opened. `rules.rs` holds what every simulated service shares:
//! deterministic ids, AWS's wording of validation errors, ARNs and partitions.
//!
//! # Fault injection
//!
//! `BASELINE_SANDBOX_FAIL` (read by the command layer) or [`Store::with_faults`] lists AWS
//! operations as `service:Operation`, comma separated, e.g. `events:PutTargets,iam:CreateRole`.
//! Every call of a listed operation fails with kind [`ErrorKind::Other`], code `InjectedFault`,
//! before changing anything; a name ending in `@after` (`iam:CreateRole@after`) makes the call
//! take effect and then fail with code `InternalFailure`, as when its response is lost; and
//! `lose:0.1` makes a tenth of all mutating calls (picked by a hash of the call count and the
//! process id) do the same.
//!
//! A name followed by `~FIELD` (`iam:CreateRole~description`,
//! `sns:SetTopicAttributes~attributes.DisplayName`) makes the call take effect but store
//! another value than it was sent at that field (of each entry it made, and of each whose
//! field it changed), as a misbehaving or eventually consistent service would; the call
//! succeeds. `FIELD` names the value as the account file holds it, dots going into nested
//! objects (a topic's settings are `attributes.DisplayName`, `attributes.Policy`, …). A string
//! gets ` (mangled)` appended, a number grows by one, a boolean flips, a list loses its last
//! element (an empty one gains `"mangled"`), a map gains `"mangled": "mangled"`, and an unset
//! field becomes `"mangled"`; a field the entry cannot hold (or does not have) fails the call
//! with code `InjectedFault`, changing nothing. The store does this for every service, in
//! `Store::apply`, over the table entries the call changed. Reads show the stored value; a
//! call's own answer is computed before, so it shows the value sent unless the service builds
//! it from what it stored (`iam:CreateRole` does, as IAM answers with the role).
//!
//! Trait methods that stand for several AWS calls fail at the listed one: `Events::put_rule`
//! on a new rule with tags is `PutRule` then `TagResource`, so faulting
//! `events:TagResource` leaves the rule created untagged, like a real partial failure;
//! `Events::set_tags` is `UntagResource` and/or `TagResource` depending on the change;
//! `Iam::set_permissions_boundary` is `PutRolePermissionsBoundary` or
//! `DeleteRolePermissionsBoundary`; `Events::describe_rule` also answers to
//! `events:ListTagsForResource` when it reads tags.
//! `Inspector2::set_tags` is, like `Events::set_tags`, `inspector2:UntagResource` and/or
//! `inspector2:TagResource`; the other `Inspector2` methods are one call each.

use std::io;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;

use super::{CloudResult, ErrorKind};

pub(crate) mod log;
pub(crate) mod rules;
pub mod table;

pub(crate) use rules::*;

/// Environment variable listing operations that fail (see the module documentation).
pub const FAULT_ENV: &str = "BASELINE_SANDBOX_FAIL";

/// Failure to load the sandbox account file.
#[derive(Debug, thiserror::Error)]
pub enum SandboxError {
    /// The file exists but cannot be read.
    #[error("cannot read sandbox account {}: {source}", path.display())]
    Io {
        /// The account file.
        path: PathBuf,
        /// The underlying error.
        source: io::Error,
    },
    /// The file is not a valid sandbox account.
    #[error("sandbox account {} is not valid: {source}", path.display())]
    Parse {
        /// The account file.
        path: PathBuf,
        /// The underlying error.
        source: serde_json::Error,
    },
}

// ---- File format ----

/// JSON text (policy document, pattern, input), kept verbatim because AWS hands back the text
/// it was given; loading also accepts a plain JSON value for hand-edited files.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Doc(pub(crate) String);

impl Serialize for Doc {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Doc {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(Doc(match Value::deserialize(d)? {
            Value::String(s) => s,
            other => other.to_string(),
        }))
    }
}

/// What an account file holds, as the store needs to know it: serialisable, with default
/// values for what a hand-edited file leaves out, and its collections as [`table::Tables`].
pub trait AccountFile: Serialize + DeserializeOwned + Default + table::Tables + Send {
    /// Fills fields a hand-edited file may lack; persisted with the next write.
    fn normalised(self) -> Self;
    /// Drops the parts with nothing in them (the file leaves them out).
    fn compact(&mut self);
    /// Makes the part that the table at `table_path` lives in (a region), so a log record
    /// naming the table can be replayed into an account that lacks the part.
    fn make_room(&mut self, table_path: &str);
    /// Makes this the account `account_id` (a new member account's file).
    fn set_account_id(&mut self, account_id: &str);
}

/// Writes the whole account to `path` (atomically), dropping parts with nothing in them.
pub(crate) fn persist<D: AccountFile>(path: &Path, data: &mut D) -> io::Result<()> {
    data.compact();
    let mut bytes = serde_json::to_vec_pretty(data).map_err(io::Error::other)?;
    bytes.push(b'\n');
    crate::fsutil::write_atomic(path, &bytes)
}

/// The log outgrows the whole file (so it is compacted) at this many bytes, or at the size
/// the whole file had when last written if that is larger: rewriting stays amortised O(1)
/// per call.
const LOG_COMPACT_BYTES: u64 = 4 << 20;

// ---- The sandbox ----

/// A simulated AWS account stored in a JSON file; see the module documentation.
#[derive(Debug)]
pub struct Store<D: AccountFile> {
    pub(crate) path: PathBuf,
    /// The organization's management account file, for a member account opened with
    /// `open_account`: its delegated-admin designation holds organization-wide.
    pub(crate) organization: Option<PathBuf>,
    pub(crate) data: Mutex<D>,
    pub(crate) faults: Vec<String>,
    /// Operations whose calls take effect and then fail, as if the response were lost.
    pub(crate) lost: Vec<String>,
    /// Operations whose calls take effect but store another value than they were sent at a
    /// field (`iam:CreateRole~description`), as `(operation, field path)`.
    pub(crate) mangle: Vec<(String, Vec<String>)>,
    /// The share of all mutating calls that take effect and then fail (`lose:RATE`), picked
    /// by a hash of the call count and the process id.
    pub(crate) lose_rate: f64,
    /// Simulated API calls made, as AWS would count them (one per operation).
    pub(crate) calls: std::sync::atomic::AtomicU64,
    /// The account file's change log (locked after `data`, never before).
    log: Mutex<log::Log>,
    /// The whole file's size when last written.
    whole_bytes: std::sync::atomic::AtomicU64,
    /// The log is compacted once it holds more than this and `whole_bytes`.
    pub(crate) compact_at: u64,
}

impl<D: AccountFile> Store<D> {
    /// Loads the account at `path`, or starts an empty one if the file does not exist (it is
    /// created by the first mutating call). No faults are injected (see [`Store::with_faults`]).
    pub fn open(path: &Path) -> Result<Self, SandboxError> {
        crate::fsutil::remove_stale_temps(path);
        let (mut data, replayed) = log::load::<D>(path)?;
        if replayed {
            // A killed run's calls: into the whole file, so it alone is the account again.
            let io = |source| SandboxError::Io { path: path.to_path_buf(), source };
            persist(path, &mut data).map_err(io)?;
            log::Log::default().clear(path).map_err(io)?;
        }
        let whole = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
        Ok(Store {
            organization: None,
            path: path.to_path_buf(),
            data: Mutex::new(data.normalised()),
            faults: vec![],
            lost: vec![],
            mangle: vec![],
            lose_rate: 0.0,
            calls: std::sync::atomic::AtomicU64::new(0),
            log: Mutex::new(log::Log::default()),
            whole_bytes: std::sync::atomic::AtomicU64::new(whole),
            compact_at: LOG_COMPACT_BYTES,
        })
    }

    /// Opens the account `account_id` kept at `path`; a new file starts as that account (an
    /// `assume_role` into another account of the simulated organization).
    pub fn open_account(path: &Path, account_id: &str) -> Result<Self, SandboxError> {
        let fresh = !path.exists();
        let sandbox = Self::open(path)?;
        if fresh {
            // Through a call, so the log records it.
            sandbox
                .apply(Op("sandbox", "OpenAccount"), |d| {
                    d.set_account_id(account_id);
                    Ok(())
                })
                .map_err(|e| SandboxError::Io { path: path.to_path_buf(), source: io::Error::other(e.to_string()) })?;
        }
        Ok(sandbox)
    }

    /// Makes this account a member of the organization whose management account is kept at
    /// `management`.
    pub fn in_organization(mut self, management: &Path) -> Self {
        self.organization = Some(management.to_path_buf());
        self
    }

    /// Replaces the injected faults (`service:Operation` names), ignoring the environment. A
    /// name ending in `@after` makes its calls take effect and then fail, as when a response
    /// is lost (`iam:CreateRole@after`); one with `~FIELD` makes them store another value at
    /// that field than they were sent (`iam:CreateRole~description`).
    pub fn with_faults(mut self, faults: Vec<String>) -> Self {
        let names: Vec<String> = faults.iter().map(|f| f.trim().to_string()).filter(|f| !f.is_empty()).collect();
        self.mangle = names
            .iter()
            .filter_map(|f| f.split_once('~'))
            .map(|(op, field)| (op.trim().to_string(), field.split('.').map(|p| p.trim().to_string()).collect()))
            .collect();
        self.lost = names.iter().filter_map(|f| f.strip_suffix("@after").map(str::to_string)).collect();
        self.lose_rate = names
            .iter()
            .rev()
            .find_map(|f| f.strip_prefix("lose:")?.parse::<f64>().ok())
            .unwrap_or(0.0)
            .clamp(0.0, 1.0);
        self.faults = names
            .into_iter()
            .filter(|f| !f.ends_with("@after") && !f.starts_with("lose:") && !f.contains('~'))
            .collect();
        self
    }

    /// Simulated API calls made so far, as AWS would count them (one per operation).
    pub fn api_calls(&self) -> u64 {
        self.calls.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// The account file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    pub(crate) fn lock(&self) -> MutexGuard<'_, D> {
        // Poisoned only by a panic inside a call (a bug, which ends the run): the data is
        // what that call left, and nothing of it was logged.
        self.data.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    pub(crate) fn check_fault(&self, op: Op) -> CloudResult<()> {
        self.calls.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        if self.faults.iter().any(|f| op.matches(f)) {
            let msg = format!("{}:{} failed by fault injection ({FAULT_ENV})", op.0, op.1);
            return Err(op.err(ErrorKind::Other, "InjectedFault", msg));
        }
        Ok(())
    }

    pub(crate) fn read<T>(&self, op: Op, f: impl FnOnce(&D) -> CloudResult<T>) -> CloudResult<T> {
        self.check_fault(op)?;
        f(&self.lock())
    }

    pub(crate) fn write<T>(&self, op: Op, f: impl FnOnce(&mut D) -> CloudResult<T>) -> CloudResult<T> {
        self.check_fault(op)?;
        let out = self.apply(op, f)?;
        let n = self.calls.load(std::sync::atomic::Ordering::Relaxed);
        // The process id in the mix: each run loses other calls, as real losses are.
        let draw = (splitmix64(&mut (n ^ (u64::from(std::process::id()) << 32))) >> 11) as f64 / ((1u64 << 53) as f64);
        let unlucky = self.lose_rate > 0.0 && draw < self.lose_rate;
        if unlucky || self.lost.iter().any(|l| op.matches(l)) {
            let msg = format!("{}:{} took effect, but its response was lost ({FAULT_ENV} @after)", op.0, op.1);
            return Err(op.err(ErrorKind::Other, "InternalFailure", msg));
        }
        Ok(out)
    }

    /// Runs `f` on the account and keeps its changes (in memory and in the file's log) only
    /// if both `f` and the log write succeed, so a failed call never leaves half its changes
    /// behind. Costs what `f` changed, not the size of the account (see `table.rs`).
    pub(crate) fn apply<T>(&self, op: Op, f: impl FnOnce(&mut D) -> CloudResult<T>) -> CloudResult<T> {
        let mut guard = self.lock();
        let rest_before = table::rest(&*guard);
        let result = f(&mut guard).and_then(|out| {
            self.mangle_changes(op, &mut *guard)?;
            let record = log::pending(&mut *guard, &rest_before);
            if !record.is_empty() {
                self.write_log(&mut guard, &record).map_err(|e| {
                    let msg = format!("cannot write sandbox account {}: {e}", self.path.display());
                    op.err(ErrorKind::Other, "SandboxIoError", msg)
                })?;
            }
            log::each_table(&mut *guard, &mut |_, t| t.forget());
            // Cheap (maps compare their lengths first); the file leaves them out too.
            guard.compact();
            Ok(out)
        });
        if result.is_err() {
            log::each_table(&mut *guard, &mut |_, t| t.undo());
            if table::rest(&*guard) != rest_before {
                // The rest was serialised from this very type, so it reads back.
                let _ = log::reload_rest(&mut *guard, rest_before);
            }
        }
        result
    }

    /// Stores another value at each `~FIELD` fault's field of the entries the call `op` changed
    /// (see the module documentation); an entry that cannot hold it fails the call.
    fn mangle_changes(&self, op: Op, data: &mut D) -> CloudResult<()> {
        for (_, path) in self.mangle.iter().filter(|(o, _)| op.matches(o)) {
            let path: Vec<&str> = path.iter().map(String::as_str).collect();
            let mut problem = None;
            log::each_table(data, &mut |_, t| {
                if let Err(e) = t.mangle(&path) {
                    problem.get_or_insert(e);
                }
            });
            if let Some(e) = problem {
                let msg = format!("{}:{} cannot store another `{}` ({FAULT_ENV} ~): {e}", op.0, op.1, path.join("."));
                return Err(op.err(ErrorKind::Other, "InjectedFault", msg));
            }
        }
        Ok(())
    }

    /// Appends `record` to the log, and rewrites the whole file when the log outgrew it.
    fn write_log(&self, data: &mut D, record: &log::Record) -> io::Result<()> {
        let mut log = self.log.lock().unwrap_or_else(|p| p.into_inner());
        log.append(&self.path, record)?;
        let whole = self.whole_bytes.load(std::sync::atomic::Ordering::Relaxed);
        if log.bytes > self.compact_at.max(whole) {
            // The call is already on record in the log; a failure here only delays the rewrite.
            let _ = self.write_whole(data, &mut log);
        }
        Ok(())
    }

    /// Writes the whole account file and drops the log it now holds.
    fn write_whole(&self, data: &mut D, log: &mut log::Log) -> io::Result<()> {
        persist(&self.path, data)?;
        let len = std::fs::metadata(&self.path).map(|m| m.len()).unwrap_or(0);
        self.whole_bytes.store(len, std::sync::atomic::Ordering::Relaxed);
        log.clear(&self.path)
    }

    /// Writes everything the log holds into the whole file (also done when the sandbox is
    /// dropped; a failure then leaves the log, which the next open replays).
    pub fn flush(&self) -> io::Result<()> {
        let mut data = self.lock();
        let mut log = self.log.lock().unwrap_or_else(|p| p.into_inner());
        if log.bytes == 0 {
            return Ok(());
        }
        self.write_whole(&mut data, &mut log)
    }
}

impl<D: AccountFile> Drop for Store<D> {
    fn drop(&mut self) {
        let _ = self.flush();
    }
}
