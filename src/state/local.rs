//! The local state store: one JSON file written atomically (temp file, fsync, rename), a
//! backup of the version before a run's first change, and an OS file lock beside it.

use std::path::{Path, PathBuf};

use async_trait::async_trait;
use serde_json::Value as Json;

use super::lock::Lock;
use super::store::{StateLock, StateStore};
use super::{with_suffix, State, StateError};
use crate::fsutil::write_atomic;

/// A state kept in a local file.
#[derive(Debug, Clone)]
pub struct LocalStore {
    path: PathBuf,
}

impl LocalStore {
    /// A store at `path` (the file need not exist yet).
    pub fn new(path: impl Into<PathBuf>) -> LocalStore {
        LocalStore { path: path.into() }
    }

    /// The state file's path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The backup file's path (`PATH.backup`).
    pub fn backup_path(&self) -> PathBuf {
        with_suffix(&self.path, ".backup")
    }

    /// Reads the state; `Ok(None)` when there is no state file yet.
    pub fn load(&self) -> Result<Option<State>, StateError> {
        let bytes = match std::fs::read(&self.path) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(source) => return Err(StateError::Read { path: self.path.clone(), source }),
        };
        super::from_bytes(&bytes, &self.path).map(Some)
    }

    /// Takes the state lock for `operation`; released when the returned guard drops.
    pub fn lock(&self, operation: &str) -> Result<Lock, StateError> {
        self.lock_as(operation, &super::lock::current_user())
    }

    /// Takes the state lock for `operation` on behalf of `who` (`user@host`); then removes what
    /// a killed writer left (under the lock, nobody else writes here).
    pub fn lock_as(&self, operation: &str, who: &str) -> Result<Lock, StateError> {
        let lock = Lock::acquire(&with_suffix(&self.path, ".lock"), &self.path, operation, who)?;
        crate::fsutil::remove_stale_temps(&self.path);
        crate::fsutil::remove_stale_temps(&self.backup_path());
        crate::fsutil::remove_stale_temps(&with_suffix(&self.path, ".journal"));
        Ok(lock)
    }

    /// Copies the current state file (if any) to the backup path, atomically. A backup of
    /// another lineage (another state's history) is never overwritten: it is kept as
    /// `PATH.backup.N`, the first free number.
    pub fn backup(&self) -> Result<(), StateError> {
        match std::fs::read(&self.path) {
            Ok(bytes) => {
                let lineage = |b: &[u8]| {
                    serde_json::from_slice::<Json>(b).ok().and_then(|v| v.get("lineage")?.as_str().map(str::to_string))
                };
                let backup = self.backup_path();
                if let Ok(old) = std::fs::read(&backup) {
                    if lineage(&old) != lineage(&bytes) {
                        let kept = (1..)
                            .map(|n| with_suffix(&backup, &format!(".{n}")))
                            .find(|p| !p.exists())
                            .unwrap_or_else(|| with_suffix(&backup, ".old")); // the range is unbounded
                        std::fs::rename(&backup, &kept).map_err(|source| StateError::Write { path: kept, source })?;
                    }
                }
                write_atomic(&backup, &bytes).map_err(|source| StateError::Write { path: backup, source })
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
            Err(source) => Err(StateError::Read { path: self.path.clone(), source }),
        }
    }

    /// Writes `state` atomically (temp file, fsync, rename).
    pub fn write(&self, state: &State) -> Result<(), StateError> {
        let bytes = super::to_bytes(state)
            .map_err(|e| StateError::Write { path: self.path.clone(), source: std::io::Error::other(e) })?;
        write_atomic(&self.path, &bytes).map_err(|source| StateError::Write { path: self.path.clone(), source })
    }
}

#[async_trait]
impl StateStore for LocalStore {
    fn name(&self) -> String {
        self.path.display().to_string()
    }

    async fn read(&self) -> Result<Option<State>, StateError> {
        self.load()
    }

    async fn lock(&self, operation: &str, who: &str) -> Result<Box<dyn StateLock>, StateError> {
        Ok(Box::new(self.lock_as(operation, who)?))
    }

    async fn write(&self, state: &State) -> Result<(), StateError> {
        LocalStore::write(self, state)
    }

    async fn backup(&self) -> Result<(), StateError> {
        LocalStore::backup(self)
    }

    fn journal(&self) -> Option<super::journal::Journal> {
        Some(super::journal::Journal::at(with_suffix(&self.path, ".journal")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn the_local_store_passes_the_conformance_test() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("nested/terraform.tfstate");
        super::super::conformance::check(&|| Box::new(LocalStore::new(&path))).await;
    }

    #[test]
    fn a_backup_of_another_lineage_is_kept_numbered() {
        let dir = tempfile::tempdir().unwrap();
        let store = LocalStore::new(dir.path().join("s.json"));
        let first = State::new();
        store.write(&first).unwrap();
        store.backup().unwrap();
        let second = State::new();
        store.write(&second).unwrap();
        store.backup().unwrap();
        let kept = store.load_path(&with_suffix(&store.backup_path(), ".1"));
        assert_eq!(kept.lineage, first.lineage);
        assert_eq!(store.load_path(&store.backup_path()).lineage, second.lineage);
        // The same lineage again: the backup is simply replaced.
        store.backup().unwrap();
        assert!(!with_suffix(&store.backup_path(), ".2").exists());
    }

    impl LocalStore {
        fn load_path(&self, p: &Path) -> State {
            super::super::from_bytes(&std::fs::read(p).unwrap(), p).unwrap()
        }
    }

    #[test]
    fn corrupt_and_future_states_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let store = LocalStore::new(dir.path().join("s.json"));
        std::fs::write(store.path(), "{").unwrap();
        assert!(matches!(store.load(), Err(StateError::Corrupt { .. })));
        std::fs::write(store.path(), r#"{"version": 99}"#).unwrap();
        assert!(matches!(store.load(), Err(StateError::Version { found: 99, .. })));
    }
}
