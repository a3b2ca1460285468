//! The state lock: an OS file lock on `STATE.lock`, whose content names the holder. The OS
//! releases the lock if the holder dies, so a crash never leaves the state locked.

use std::fs::{File, OpenOptions};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use fs4::fs_std::FileExt;
use serde::{Deserialize, Serialize};

use super::StateError;

/// Who holds a lock, written into the lock file (or the S3 `.tflock` object) in Terraform's
/// format, so a lock taken by either tool is understood by the other.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct LockInfo {
    #[serde(rename = "ID")]
    pub id: String,
    #[serde(rename = "Operation")]
    pub operation: String,
    #[serde(rename = "Info", default)]
    pub info: String,
    #[serde(rename = "Who")]
    pub who: String,
    #[serde(rename = "Version", default)]
    pub version: String,
    #[serde(rename = "Created")]
    pub created: String,
    #[serde(rename = "Path", default)]
    pub path: String,
    /// The holder's process id (baseline's addition; Terraform ignores it).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub pid: u32,
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}

impl LockInfo {
    /// A new lock id for `operation` by `who` on the state at `path`, now.
    pub fn new(operation: &str, who: &str, path: &str) -> LockInfo {
        // Terraform's operation names, so its messages about our locks read as its own.
        let operation = match operation {
            "plan" => "OperationTypePlan",
            "apply" | "destroy" => "OperationTypeApply",
            other => other,
        };
        LockInfo {
            id: uuid::Uuid::new_v4().to_string(),
            operation: operation.to_string(),
            info: String::new(),
            who: who.to_string(),
            version: format!("baseline {}", env!("CARGO_PKG_VERSION")),
            created: humantime::format_rfc3339_nanos(std::time::SystemTime::now()).to_string(),
            path: path.to_string(),
            pid: std::process::id(),
        }
    }
}

impl std::fmt::Display for LockInfo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let pid = if self.pid == 0 { String::new() } else { format!(" (pid {})", self.pid) };
        write!(f, "{} by {}{pid} since {}, lock id {}", self.operation, self.who, self.created, self.id)
    }
}

/// A held state lock; dropping it releases the lock and removes the file.
#[derive(Debug)]
pub struct Lock {
    file: File,
    path: PathBuf,
    pub info: LockInfo,
}

impl Lock {
    /// Acquires the lock at `path` for `operation`, failing at once if another run holds it.
    pub(crate) fn acquire(path: &Path, state: &Path, operation: &str, who: &str) -> Result<Lock, StateError> {
        let err = |source| StateError::Lock { path: state.to_path_buf(), source };
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(err)?;
        }
        // A holder removes the file as it releases; if we locked a file that was just
        // unlinked, the lock protects nothing, so try again on the new file.
        for _ in 0..5 {
            let mut open = OpenOptions::new();
            open.read(true).write(true).create(true).truncate(false);
            #[cfg(unix)]
            std::os::unix::fs::OpenOptionsExt::mode(&mut open, crate::fsutil::PRIVATE_MODE);
            let mut file = open.open(path).map_err(err)?;
            if !file.try_lock_exclusive().map_err(err)? {
                let mut text = String::new();
                let _ = file.read_to_string(&mut text);
                let holder = serde_json::from_str::<LockInfo>(&text)
                    .map(|i| i.to_string())
                    .unwrap_or_else(|_| "another baseline process".to_string());
                return Err(StateError::Locked { path: state.to_path_buf(), holder });
            }
            if !same_file(&file, path) {
                continue;
            }
            let info = LockInfo::new(operation, who, &state.display().to_string());
            file.set_len(0).map_err(err)?;
            file.seek(SeekFrom::Start(0)).map_err(err)?;
            let body = serde_json::to_vec_pretty(&info).map_err(|e| err(std::io::Error::other(e)))?;
            file.write_all(&body).map_err(err)?;
            file.sync_all().map_err(err)?;
            return Ok(Lock { file, path: path.to_path_buf(), info });
        }
        Err(err(std::io::Error::other("the lock file kept changing under us")))
    }
}

/// `user@host` of this process, as Terraform's lock info names the holder (used where the
/// caller does not say who it is).
pub fn current_user() -> String {
    format!(
        "{}@{}",
        std::env::var("USER").unwrap_or_else(|_| "unknown".into()),
        std::fs::read_to_string("/etc/hostname").map(|h| h.trim().to_string()).unwrap_or_else(|_| "localhost".into())
    )
}

#[cfg(unix)]
fn same_file(f: &File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (f.metadata(), std::fs::metadata(path)) {
        (Ok(a), Ok(b)) => a.ino() == b.ino() && a.dev() == b.dev(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn same_file(_: &File, _: &Path) -> bool {
    true
}

impl super::StateLock for Lock {
    fn info(&self) -> &LockInfo {
        &self.info
    }
}

impl Drop for Lock {
    fn drop(&mut self) {
        // Remove first, then unlock, so a waiter never locks a file about to vanish unseen.
        let _ = std::fs::remove_file(&self.path);
        let _ = FileExt::unlock(&self.file);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn second_lock_fails_with_holder_info_and_drop_releases() {
        let dir = tempfile::tempdir().unwrap();
        let state = dir.path().join("s.json");
        let store = super::super::LocalStore::new(&state);
        let held = store.lock("apply").unwrap();
        match store.lock("plan") {
            Err(StateError::Locked { holder, .. }) => {
                assert!(holder.contains("OperationTypeApply"), "{holder}");
                assert!(holder.contains(&std::process::id().to_string()), "{holder}");
            }
            other => panic!("expected Locked, got {other:?}"),
        }
        drop(held);
        assert!(store.lock("plan").is_ok());
    }
}
